package org.exportcert.api.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exportcert.api.error.ProblemTexts;
import org.exportcert.api.error.ProblemTypes;
import org.junit.jupiter.api.Test;

/** The server's two message files: the same keys, every problem type titled in both languages. */
class MessagesTest {

  static final Pattern HAN = Pattern.compile("\\p{IsHan}");

  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream("/i18n/" + name)) {
      assertThat(in).as(name).isNotNull();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  static List<URI> problemTypes() throws IllegalAccessException {
    List<URI> types = new ArrayList<>();
    for (Field f : ProblemTypes.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == URI.class) {
        types.add((URI) f.get(null));
      }
    }
    return types;
  }

  @Test
  void bothLanguagesHaveTheSameKeys() throws IOException {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh.properties");
    assertThat(new TreeSet<>(zh.stringPropertyNames()))
        .as("keys of messages_zh.properties")
        .isEqualTo(new TreeSet<>(en.stringPropertyNames()));
  }

  @Test
  void everyProblemTypeHasATitleInEnglishAndChinese() throws Exception {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh.properties");
    List<URI> types = problemTypes();
    assertThat(types).hasSizeGreaterThan(10);
    for (URI type : types) {
      assertWordedInBoth(en, zh, ProblemTexts.titleKey(ProblemTexts.slug(type)));
    }
  }

  @Test
  void chineseMessagesAreChineseAndKeepTheirPlaceholders() throws IOException {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh.properties");
    for (String key : zh.stringPropertyNames()) {
      String value = zh.getProperty(key);
      assertThat(value).as(key).containsPattern(HAN);
      // an English placeholder the Chinese drops would lose a value the reader needs, except the
      // coded refusals whose {0} is the English reason the Chinese sentence replaces, and the staff
      // tasks' audit lines whose {0} is the task's English name, {1} its Chinese one
      if (!key.startsWith("problem.business-rule.") && !key.startsWith("problem.evidence-rejected.")
          && !key.startsWith("audit.reason.task-")) {
        for (String placeholder : List.of("{0}", "{1}")) {
          if (en.getProperty(key, "").contains(placeholder)) {
            assertThat(value).as(key).contains(placeholder);
          }
        }
      }
    }
  }

  @Test
  void everyEvidenceRefusalIsWorded() throws IOException {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh.properties");
    // a reason without a key would reach a Chinese page as the domain's English sentence
    for (var reason : org.exportcert.certification.evidence.EvidenceRejectedException.Reason.values()) {
      assertWordedInBoth(en, zh, "problem.evidence-rejected." + reason.name());
    }
  }

  @Test
  void everyDetailKeyTheServerNamesHasEnglishAndChineseText() throws IOException {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh.properties");
    // a key missing here reads as the English fallback on a Chinese page (an appeal refused for short
    // grounds did); the literal keys of ApiProblem.detailKey in the application's sources
    Pattern literal = Pattern.compile("detailKey\\(\\s*\"([a-z0-9.-]+)\"");
    TreeSet<String> keys = new TreeSet<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = literal.matcher(Files.readString(source));
        while (m.find()) {
          keys.add(m.group(1));
        }
      }
    }
    assertThat(keys).contains("problem.appeal.grounds-too-short", "problem.case.closed");
    for (String key : keys) {
      assertWordedInBoth(en, zh, key);
    }
  }

  /** {@code key} has English text and Chinese text (with Han characters, not a copied English line). */
  private static void assertWordedInBoth(Properties en, Properties zh, String key) {
    assertThat(en.getProperty(key)).as("English " + key).isNotBlank();
    assertThat(zh.getProperty(key)).as("Chinese " + key).isNotBlank().containsPattern(HAN);
  }
}
