package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.exportcert.api.models.ModelLinter.Finding;
import org.exportcert.api.models.ModelLinter.Upload;
import org.exportcert.api.process.BundledModels;
import org.exportcert.api.process.CaseProcesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelLinterTest {

  BundledModels bundled = mock(BundledModels.class);
  CaseProcesses processes = mock(CaseProcesses.class);
  ModelLinter linter;

  @BeforeEach
  void setUp() {
    when(bundled.formIds()).thenReturn(Set.of());
    when(bundled.decisionIds()).thenReturn(Set.of());
    when(bundled.processIds()).thenReturn(Set.of());
    linter = new ModelLinter(bundled, processes, new ObjectMapper());
    linter.useJobTypes(Set.of("exportcert.case.record-status", Bundles.CHECK_COMPLETION));
  }

  static List<String> rules(ModelLinter.Report r) {
    return r.findings().stream().filter(f -> f.severity() == ModelLinter.Severity.ERROR)
        .map(Finding::rule).toList();
  }

  @Test
  void aConsistentBundleIsClean() {
    var report = linter.lint(List.of(
        new Upload("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", "exportcert.case.record-status")),
        new Upload("tiny-form.form", Bundles.form("tiny-form"))));
    assertThat(report.findings()).isEmpty();
    assertThat(report.clean()).isTrue();
  }

  @Test
  void elementsWithoutChineseNamesAreWarnedOfNotRefused() {
    byte[] english = io.camunda.zeebe.model.bpmn.Bpmn.convertToString(
        io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess("p").name("P")
            .startEvent("start").name("Started").zeebeProperty("name.zh", "开始")
            .endEvent("end").name("Done").done())
        .getBytes(StandardCharsets.UTF_8);
    var report = linter.lint(List.of(new Upload("p.bpmn", english)));
    assertThat(report.clean()).isTrue();
    assertThat(report.findings()).allSatisfy(f -> {
      assertThat(f.severity()).isEqualTo(ModelLinter.Severity.WARNING);
      assertThat(f.rule()).isEqualTo("chinese-name");
    }).extracting(Finding::element).containsExactlyInAnyOrder("p", "end");
  }

  @Test
  void aPathFileWithoutChineseNamesIsWarnedOfNotRefusedAndABrokenOneIsAnError() {
    byte[] paths = """
        {"process": "tiny-review", "description": "Review", "description.zh": "评审",
         "paths": [{"name": "Accepted", "name.zh": "已受理", "steps": []}, {"name": "Refused", "steps": []}]}
        """.getBytes(StandardCharsets.UTF_8);
    var report = linter.lint(List.of(
        new Upload("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", "exportcert.case.record-status")),
        new Upload("tiny-form.form", Bundles.form("tiny-form")),
        new Upload("tiny-review.paths.json", paths)));
    assertThat(report.clean()).isTrue();
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(ModelLinter.Severity.WARNING);
      assertThat(f.rule()).isEqualTo("chinese-name");
      assertThat(f.file()).isEqualTo("tiny-review.paths.json");
      assertThat(f.element()).isEqualTo("paths[1]");
      assertThat(f.message()).contains("'Refused'", "name.zh");
    });
    var broken = linter.lint(List.of(new Upload("a.paths.json", "{".getBytes(StandardCharsets.UTF_8)),
        new Upload("b.paths.json", "{\"paths\": []}".getBytes(StandardCharsets.UTF_8)),
        new Upload("c.paths.json", "{\"process\": \"p\", \"paths\": [{\"steps\": []}]}".getBytes(StandardCharsets.UTF_8))));
    assertThat(rules(broken)).containsExactlyInAnyOrder("paths", "paths", "name");
  }

  @Test
  void unknownJobTypesGroupsAndFormsAreErrors() {
    var report = linter.lint(List.of(
        new Upload("tiny-review.bpmn", Bundles.process("hackers", "missing-form", "exportcert.nobody.listens"))));
    assertThat(report.clean()).isFalse();
    // the form is bound by deployment, so a missing one is missing from the bundle
    assertThat(rules(report)).contains("candidate-groups", "binding", "job-type");
  }

  @Test
  void hostileOrBrokenFilesAreReportedNotParsedFurther() {
    var report = linter.lint(List.of(
        new Upload("xxe.bpmn", Bundles.XXE),
        new Upload("garbage.bpmn", "not xml at all".getBytes(StandardCharsets.UTF_8)),
        new Upload("../../escape.bpmn", Bundles.process("reviewers", "f", null)),
        new Upload("notes.txt", "hello".getBytes(StandardCharsets.UTF_8)),
        new Upload("broken.form", "{".getBytes(StandardCharsets.UTF_8)),
        new Upload("empty.dmn", "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"/>"
            .getBytes(StandardCharsets.UTF_8))));
    assertThat(report.clean()).isFalse();
    assertThat(rules(report)).containsExactlyInAnyOrder("xml", "xml", "file-name", "file-name", "form", "dmn");
  }

  @Test
  void elementsWithoutNamesAreErrors() {
    byte[] unnamed = io.camunda.zeebe.model.bpmn.Bpmn.convertToString(
        io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess("p").startEvent().endEvent().done())
        .getBytes(StandardCharsets.UTF_8);
    assertThat(rules(linter.lint(List.of(new Upload("p.bpmn", unnamed))))).contains("name");
  }

  @Test
  void whatIsBoundByDeploymentMustBeInTheBundle() {
    when(bundled.formIds()).thenReturn(Set.of("tiny-form")); // shipped, but not in this bundle
    String xml = new String(Bundles.process("reviewers", "tiny-form", null), StandardCharsets.UTF_8);
    assertThat(xml).contains("bindingType=\"deployment\"");
    var alone = linter.lint(List.of(new Upload("tiny-review.bpmn", xml.getBytes(StandardCharsets.UTF_8))));
    assertThat(rules(alone)).containsExactly("binding");
    var together = linter.lint(List.of(new Upload("tiny-review.bpmn", xml.getBytes(StandardCharsets.UTF_8)),
        new Upload("tiny-form.form", Bundles.form("tiny-form"))));
    assertThat(together.clean()).isTrue();
  }

  @Test
  void theConsoleLintsVersionBindingAsTheBuildDoes() {
    String latestForm = new String(Bundles.process("reviewers", "tiny-form", null), StandardCharsets.UTF_8)
        .replace("bindingType=\"deployment\"", "bindingType=\"latest\"");
    var report = linter.lint(List.of(new Upload("tiny-review.bpmn", latestForm.getBytes(StandardCharsets.UTF_8)),
        new Upload("tiny-form.form", Bundles.form("tiny-form"))));
    assertThat(report.findings()).extracting(Finding::rule, Finding::element)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("binding", "Task_Review"));
  }

  @Test
  void aPhaseOrFormWithoutTheProcessesThatBindItWouldHaveNoEffectAndIsRefused() {
    when(bundled.boundByDeploymentIn("tiny-review")).thenReturn(Set.of("certification-case"));
    var report = linter.lint(List.of(
        new Upload("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", null)),
        new Upload("tiny-form.form", Bundles.form("tiny-form"))));
    assertThat(rules(report)).containsExactly("takes-effect");
    assertThat(report.findings().get(0).message()).contains("certification-case");
  }

  @Test
  void aDecisionTableAloneIsLintedWithTheBuildsTableRules() throws Exception {
    byte[] shipped = new org.springframework.core.io.ClassPathResource("models/due-dates.dmn")
        .getInputStream().readAllBytes();
    when(bundled.decisionOutputs("due-dates"))
        .thenReturn(org.exportcert.bpmn.lint.DecisionTableLint.outputNames(shipped).get("due-dates"));
    String xml = new String(shipped, StandardCharsets.UTF_8);
    assertThat(linter.lint(List.of(new Upload("due-dates.dmn", shipped))).clean()).isTrue();

    String worded = xml.replaceFirst("<text>\"P\\w+\"</text>", "<text>\"10 days\"</text>");
    assertThat(rules(linter.lint(List.of(new Upload("due-dates.dmn", worded.getBytes(StandardCharsets.UTF_8))))))
        .containsExactly("duration");
    String unparsable = xml.replaceFirst("<text>\"P\\w+\"</text>", "<text>\"P1D</text>");
    assertThat(rules(linter.lint(List.of(new Upload("due-dates.dmn", unparsable.getBytes(StandardCharsets.UTF_8))))))
        .containsExactly("feel");
    String renamed = xml.replaceFirst("name=\"resubmission\"", "name=\"resubmissionDays\"");
    assertThat(rules(linter.lint(List.of(new Upload("due-dates.dmn", renamed.getBytes(StandardCharsets.UTF_8))))))
        .containsExactly("outputs");
  }

  @Test
  void aCaseRolesTaskWithoutTheCompletionCheckIsRefusedAsTheBuildRefusesIt() {
    String unchecked = new String(Bundles.process("reviewers", "tiny-form", null), StandardCharsets.UTF_8)
        .replace("value=\"Task_Review\"", "value=\"Task_Elsewhere\"");
    assertThat(unchecked).contains("Task_Elsewhere");
    var report = linter.lint(List.of(new Upload("tiny-review.bpmn", unchecked.getBytes(StandardCharsets.UTF_8)),
        new Upload("tiny-form.form", Bundles.form("tiny-form"))));
    assertThat(report.clean()).isFalse();
    // the review is unchecked, and the step checks a task that does not lead to it
    assertThat(report.findings()).extracting(Finding::rule, Finding::element).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("completion-check", "Task_Review"),
        org.assertj.core.groups.Tuple.tuple("completion-check", "Task_Record"));
  }

  @Test
  void anEmptyBundleIsNotClean() {
    assertThat(linter.lint(List.of()).clean()).isFalse();
  }
}
