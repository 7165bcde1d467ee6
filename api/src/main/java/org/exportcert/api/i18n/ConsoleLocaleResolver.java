package org.exportcert.api.i18n;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The caller's language: the console's switch (cookie {@value #COOKIE}, "en" or "zh") wins, so the
 * sign-in page and downloads follow it too; otherwise Accept-Language, matched to English or
 * Simplified Chinese (any zh-* is Chinese), English when neither is asked for.
 */
public class ConsoleLocaleResolver extends AcceptHeaderLocaleResolver {

  public static final String COOKIE = "ec-lang";

  public ConsoleLocaleResolver() {
    setSupportedLocales(LanguageConfiguration.SUPPORTED);
    setDefaultLocale(Locale.ENGLISH);
  }

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (COOKIE.equals(c.getName())) {
          Locale chosen = of(c.getValue());
          if (chosen != null) {
            return chosen;
          }
        }
      }
    }
    if (request.getHeader("Accept-Language") != null) {
      // in the caller's order of preference (quality values), the first language we speak
      for (Locale asked : java.util.Collections.list(request.getLocales())) {
        Locale spoken = of(asked.toLanguageTag());
        if (spoken != null) {
          return spoken;
        }
      }
    }
    return getDefaultLocale();
  }

  /** "zh", "zh-CN", "zh-TW"... are Chinese, "en*" English, anything else unknown (null). */
  static Locale of(String tag) {
    if (tag == null) {
      return null;
    }
    String t = tag.trim().toLowerCase(Locale.ROOT);
    if (t.equals("zh") || t.startsWith("zh-") || t.startsWith("zh_")) {
      return Locale.SIMPLIFIED_CHINESE;
    }
    if (t.equals("en") || t.startsWith("en-") || t.startsWith("en_")) {
      return Locale.ENGLISH;
    }
    return null;
  }
}
