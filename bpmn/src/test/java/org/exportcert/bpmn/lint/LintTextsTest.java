package org.exportcert.bpmn.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every finding any rule can report has its text in English and in Chinese with the same
 * arguments: a new {@link LintCode} without both texts, or with a placeholder too many or too few,
 * fails the build. The rules can only report a LintCode (LintProblem takes nothing else).
 */
class LintTextsTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
  private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

  @Test
  void everyCodeHasAnEnglishAndAChineseTextWithItsArguments() {
    List<String> problems = new ArrayList<>();
    for (LintCode code : LintCode.values()) {
      for (Locale locale : List.of(Locale.ENGLISH, Locale.CHINESE)) {
        String text = LintTexts.raw(code.key(), locale);
        if (text == null || text.isBlank()) {
          problems.add(code + ": no " + locale + " text (" + code.key() + ")");
          continue;
        }
        Set<Integer> expected = new TreeSet<>(IntStream.range(0, code.arity()).boxed().toList());
        if (!placeholders(text).equals(expected)) {
          problems.add(code + " " + locale + ": placeholders " + placeholders(text) + ", the code takes " + expected);
        }
        // formatted as Spring formats it, every argument shows (a lone quote would swallow them)
        List<String> args = IntStream.range(0, code.arity()).mapToObj(i -> "ARG" + i).toList();
        String shown = LintTexts.text(code.key(), args, locale);
        args.stream().filter(a -> !shown.contains(a)).forEach(a -> problems.add(code + " " + locale + ": " + a + " lost in " + shown));
        if (code.arity() == 0 && text.contains("''")) {
          problems.add(code + " " + locale + ": a text without arguments stands as written, so write ' not ''");
        }
        if (locale == Locale.CHINESE && !HAN.matcher(text).find()) {
          problems.add(code + ": the Chinese text is not Chinese: " + text);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyRuleHasATitleInBothLanguages() {
    for (String rule : LintCode.rules()) {
      assertThat(LintTexts.raw(LintCode.ruleKey(rule), Locale.ENGLISH)).as(rule).isNotBlank();
      assertThat(LintTexts.raw(LintCode.ruleKey(rule), Locale.CHINESE)).as(rule).isNotBlank().containsPattern(HAN);
    }
  }

  @Test
  void aProblemWithTheWrongNumberOfArgumentsCannotBeMade() {
    assertThatThrownBy(() -> LintProblem.of("Task_1", LintCode.CHINESE_NAME_MISSING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LintProblem.of("Task_1", LintCode.BUNDLE_EMPTY, "extra"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFindingReadsInEitherLanguageWithItsArgumentsAndQuotes() {
    LintProblem p = LintProblem.of("Task_1", LintCode.CHINESE_NAME_MISSING, "Review documents");
    assertThat(p.message()).startsWith("'Review documents' has no Chinese name");
    assertThat(LintTexts.text(p.code().key(), p.args(), Locale.SIMPLIFIED_CHINESE))
        .startsWith("“Review documents”没有中文名称");
    assertThat(p.rule()).isEqualTo("chinese-name");
    assertThat(p.toString()).isEqualTo("Task_1 [chinese-name]: " + p.message());
  }

  private static Set<Integer> placeholders(String text) {
    Set<Integer> found = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(Integer.parseInt(m.group(1)));
    }
    return found;
  }
}
