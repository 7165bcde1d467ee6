package org.exportcert.certification.notification;

import java.util.Locale;

/** The languages ExportCert writes to people in: Chinese and English. */
public final class Languages {

  public static final String CHINESE = "zh";
  public static final String ENGLISH = "en";

  private Languages() {}

  /** zh or en for a locale of either language, null for any other (then mail goes in both). */
  public static String of(Locale locale) {
    return locale == null ? null : supported(locale.getLanguage());
  }

  /** The language tag if ExportCert writes in it, else null. */
  public static String supported(String language) {
    if (language == null) {
      return null;
    }
    String l = language.trim().toLowerCase(Locale.ROOT);
    if (l.startsWith(CHINESE)) {
      return CHINESE;
    }
    return l.startsWith(ENGLISH) ? ENGLISH : null;
  }
}
