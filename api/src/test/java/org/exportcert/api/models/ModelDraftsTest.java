package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.exportcert.api.error.ApiProblem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/** What the draft service refuses before anything is stored, in the caller's language. */
class ModelDraftsTest {

  final ModelDrafts drafts = new ModelDrafts(null, null, null, null, null, Optional.empty(), messages(), null);

  static ResourceBundleMessageSource messages() {
    return ModelPathChecksTest.messages(); // the application's texts, the lint's included
  }

  @AfterEach
  void resetLocale() {
    LocaleContextHolder.resetLocaleContext();
  }

  @Test
  void namesAreTrimmedAndBounded() {
    assertThat(drafts.validName("  Shorter twin testing ")).isEqualTo("Shorter twin testing");
    assertThatThrownBy(() -> drafts.validName(" ")).isInstanceOf(ApiProblem.class).hasMessageContaining("1 to 120");
    assertThatThrownBy(() -> drafts.validName("x".repeat(121))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validName("a\u0000b")).isInstanceOf(ApiProblem.class);
  }

  @Test
  void onlyPlainModelFileNamesWithinTheLimitsAreKept() {
    drafts.validFiles(Map.of("due-dates.dmn", "<definitions/>"));
    // a program manager's path file travels with the draft (linted, run by the path tests, not deployed)
    drafts.validFiles(Map.of("eligibility.paths.json", "{}"));
    assertThatThrownBy(() -> drafts.validFiles(Map.of("x.json", "{}"))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of())).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of("../x.dmn", "<d/>"))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of("x.exe", "MZ"))).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> drafts.validFiles(Map.of("big.bpmn", "x".repeat((int) ModelLinter.MAX_FILE_BYTES + 1))))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("big.bpmn");
  }

  @Test
  void refusalsSpeakChineseToChineseCallers() {
    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
    assertThatThrownBy(() -> drafts.validName("")).hasMessageContaining("草稿名称");
  }

  static PathRuns.Run run(boolean passed, String refusal, org.exportcert.bpmn.paths.PathRunner.Result... results) {
    return new PathRuns.Run(11, 7, 3, "manager2", Instant.EPOCH, Instant.EPOCH, passed, List.of(results), Map.of(), refusal);
  }

  static org.exportcert.bpmn.paths.PathRunner.Result path(String name, boolean passed) {
    return path(name, null, passed);
  }

  static org.exportcert.bpmn.paths.PathRunner.Result path(String name, String nameZh, boolean passed) {
    return new org.exportcert.bpmn.paths.PathRunner.Result("eligibility", name, nameZh, passed,
        passed ? List.of() : List.of(org.exportcert.bpmn.lint.LintProblem.of(null, org.exportcert.bpmn.lint.LintCode.PATH_REACHED,
            "EndEvent_ApplicationRefused")), 10, java.util.Set.of());
  }

  @Test
  void approvalNeedsAPassingRunOfTheRevisionAndSaysWhatIsMissing() {
    drafts.requirePassingPaths(7, 3, Optional.of(run(true, null, path("Accepted", true))));

    assertThatThrownBy(() -> drafts.requirePassingPaths(7, 3, Optional.empty()))
        .isInstanceOfSatisfying(ModelDrafts.PathsNotPassed.class, p -> {
          assertThat(p.type()).isEqualTo(ModelDrafts.PATHS_NOT_PASSED);
          assertThat(p.status().value()).isEqualTo(409);
          assertThat(p.pathRunId()).isNull();
          assertThat(p.getMessage()).contains("No path test has run on revision 3")
              .contains("POST /api/models/drafts/7/path-runs");
        });
    assertThatThrownBy(() -> drafts.requirePassingPaths(7, 3, Optional.of(run(false, null, path("Accepted", true),
        path("Out of scope", false))))).isInstanceOfSatisfying(ModelDrafts.PathsNotPassed.class, p -> {
          assertThat(p.pathRunId()).isEqualTo(11);
          assertThat(p.failedPaths()).containsExactly("eligibility: Out of scope");
          assertThat(p.getMessage()).contains("failed 1 of 2 paths: eligibility: Out of scope");
        });
    assertThatThrownBy(() -> drafts.requirePassingPaths(7, 3, Optional.of(run(false, "Expected a FEEL expression"))))
        .hasMessageContaining("engine refused the bundle: Expected a FEEL expression");
  }

  @Test
  void theApprovalRefusalSpeaksChinese() {
    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
    assertThatThrownBy(() -> drafts.requirePassingPaths(7, 3, Optional.empty()))
        .hasMessageContaining("修订 3 尚未运行过路径测试").hasMessageContaining("运行路径测试")
        .isInstanceOfSatisfying(ModelDrafts.PathsNotPassed.class, p -> assertThat(p.title()).isEqualTo("路径测试未通过"));
    assertThatThrownBy(() -> drafts.requirePassingPaths(7, 3, Optional.of(run(false, null, path("Out of scope", false)))))
        .hasMessageContaining("1 条路径有 1 条未通过：eligibility: Out of scope");
    // a path named in Chinese (name.zh of its path file) is named so to a Chinese caller, in the detail and the list
    assertThatThrownBy(() -> drafts.requirePassingPaths(7, 3, Optional.of(run(false, null, path("Accepted", "受理", true),
        path("Out of scope", "超出范围", false))))).isInstanceOfSatisfying(ModelDrafts.PathsNotPassed.class, p -> {
          assertThat(p.failedPaths()).containsExactly("eligibility: 超出范围");
          assertThat(p.getMessage()).contains("eligibility: 超出范围").doesNotContain("Out of scope");
        });
    LocaleContextHolder.setLocale(Locale.ENGLISH);
    assertThatThrownBy(() -> drafts.requirePassingPaths(7, 3, Optional.of(run(false, null, path("Out of scope", "超出范围", false)))))
        .isInstanceOfSatisfying(ModelDrafts.PathsNotPassed.class,
            p -> assertThat(p.failedPaths()).containsExactly("eligibility: Out of scope"));
  }

  @Test
  void theVersionTagNamesTheDraftRevisionAndChange() {
    var d = new ModelDrafts.Summary(7, "Twin lab: 60 days!", "manager", ModelDrafts.Status.APPROVED, 3,
        Instant.EPOCH, Instant.EPOCH, "manager", 0, "manager2", 3, null);
    assertThat(ModelDrafts.versionTag(d)).isEqualTo("draft-7-r3-twin-lab-60-days");
  }
}
