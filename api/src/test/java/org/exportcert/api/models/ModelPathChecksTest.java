package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.exportcert.bpmn.lint.LintCode;
import org.exportcert.bpmn.lint.LintProblem;
import org.exportcert.bpmn.paths.PathRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/** A path run's failures reach the program manager in their language, old runs' included. */
class ModelPathChecksTest {

  final ObjectMapper json = new ObjectMapper();
  final ModelPathChecks checks = new ModelPathChecks(null, null, null, new PathRuns(null, json), null, messages(), json,
      Duration.ofSeconds(1), Duration.ofSeconds(1));

  static ResourceBundleMessageSource messages() {
    ResourceBundleMessageSource m = new ResourceBundleMessageSource();
    m.setBasenames("i18n/messages", "i18n/lint"); // as application.yaml: spring.messages.basename
    m.setDefaultEncoding("UTF-8");
    m.setFallbackToSystemLocale(false);
    return m;
  }

  @AfterEach
  void resetLocale() {
    LocaleContextHolder.resetLocaleContext();
  }

  @Test
  void aKeptFailureIsReadAsItsCodeInTheReadersLanguage() throws Exception {
    var result = new PathRunner.Result("eligibility", "Refused", "拒绝", false,
        List.of(LintProblem.of(null, LintCode.PATH_STATE, "COMPLETED", "ACTIVE"),
            LintProblem.of("Task_Review", LintCode.PATH_REACHED, "Task_Review")), 12, Set.of("start"));
    String kept = json.writeValueAsString(new PathRuns.Stored(List.of(result), Map.of(), null));

    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
    var chinese = checks.view(new PathRuns(null, json).read(kept).results()).get(0).failures();
    assertThat(chinese).extracting(ModelPathChecks.Failure::code)
        .containsExactly("lint.path.state", "lint.path.reached");
    assertThat(chinese).extracting(ModelPathChecks.Failure::message)
        .containsExactly("预期流程为 COMPLETED，实际为 ACTIVE。", "预期不会到达 Task_Review。");
    assertThat(chinese.get(1).element()).isEqualTo("Task_Review");

    LocaleContextHolder.setLocale(Locale.ENGLISH);
    assertThat(checks.view(new PathRuns(null, json).read(kept).results()).get(0).failures().get(0).message())
        .isEqualTo("Expected the process COMPLETED, it is ACTIVE.");
  }

  @Test
  void aRunKeptBeforeFailuresHadCodesStillReadsWithItsText() {
    String older = """
        {"results":[{"process":"eligibility","path":"Refused","passed":false,
          "failures":["expected the process COMPLETED, it is ACTIVE"],"millis":3,"taken":[]}],
         "coverage":{},"engineRefusal":null}""";
    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
    var failure = checks.view(new PathRuns(null, json).read(older).results()).get(0).failures().get(0);
    assertThat(failure.code()).isEqualTo("lint.path.as-recorded");
    assertThat(failure.message()).contains("expected the process COMPLETED, it is ACTIVE").startsWith("（");
  }
}
