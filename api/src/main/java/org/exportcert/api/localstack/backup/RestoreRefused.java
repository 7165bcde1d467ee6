package org.exportcert.api.localstack.backup;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * A restore that cannot go on, with its reason as a message key of {@code i18n/messages} so the
 * command prints it in English and Chinese.
 */
public final class RestoreRefused extends RuntimeException {

  private final String key;
  private final transient Object[] args;

  RestoreRefused(String key, Object... args) {
    super(text(key, Locale.ROOT, args));
    this.key = key;
    this.args = args;
  }

  public String key() {
    return key;
  }

  /** The reason in the given language (English when the catalog has no such language). */
  public String message(Locale locale) {
    return text(key, locale, args);
  }

  static String text(String key, Locale locale, Object... args) {
    try {
      ResourceBundle bundle = ResourceBundle.getBundle("i18n/messages", locale,
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
      return new MessageFormat(bundle.getString(key), locale).format(stringified(args));
    } catch (MissingResourceException e) {
      return key;
    }
  }

  private static Object[] stringified(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = String.valueOf(args[i]); // numbers as they are, no grouping
    }
    return out;
  }
}
