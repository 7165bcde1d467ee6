package org.exportcert.api.error;

import java.net.URI;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.ProblemDetail;

/**
 * Problem titles in the caller's language: {@code problem.<slug>.title} in
 * i18n/messages*.properties, one per {@link ProblemTypes} type. The type stays the stable part;
 * the English title given where the problem is made is the fallback.
 */
public final class ProblemTexts {

  private static final String PREFIX = "urn:exportcert:problem:";

  private ProblemTexts() {}

  /** The type's slug ("not-found"), or null for a type that is not ExportCert's. */
  public static String slug(URI type) {
    String s = type == null ? "" : type.toString();
    return s.startsWith(PREFIX) ? s.substring(PREFIX.length()) : null;
  }

  public static String titleKey(String slug) {
    return "problem." + slug + ".title";
  }

  public static ProblemDetail localize(ProblemDetail problem, MessageSource messages, Locale locale) {
    String slug = slug(problem.getType());
    if (slug != null && messages != null) {
      problem.setTitle(messages.getMessage(titleKey(slug), null, problem.getTitle(), locale));
    }
    return problem;
  }
}
