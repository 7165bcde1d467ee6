package org.exportcert.bpmn.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The lint's texts from their one catalog, {@code i18n/lint.properties} (English) and
 * {@code i18n/lint_zh.properties} (Chinese), both UTF-8, formatted as Spring's MessageSource does:
 * a text with arguments through {@link MessageFormat} (so a quote is written {@code ''}), a text
 * without as it stands. The API loads the same files as a MessageSource basename ({@link #BASENAME});
 * the build and code without Spring use this class.
 */
public final class LintTexts {

  public static final String BASENAME = "i18n/lint";

  private static final Properties ENGLISH = load(BASENAME + ".properties");
  private static final Properties CHINESE = load(BASENAME + "_zh.properties");

  private LintTexts() {}

  public static String english(LintCode code, List<String> args) {
    return text(code.key(), args, Locale.ENGLISH);
  }

  /** The text in the given language (Chinese for any zh locale), English where none is written. */
  public static String text(String key, List<String> args, Locale locale) {
    String pattern = "zh".equals(locale.getLanguage()) ? CHINESE.getProperty(key) : null;
    if (pattern == null) {
      pattern = ENGLISH.getProperty(key);
    }
    if (pattern == null) {
      return key + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }
    return args.isEmpty() ? pattern : new MessageFormat(pattern, locale).format(args.toArray());
  }

  /** The raw text of a key in exactly this language's file (Chinese for zh, else English), or null. */
  public static String raw(String key, Locale locale) {
    return ("zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH).getProperty(key);
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = LintTexts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
