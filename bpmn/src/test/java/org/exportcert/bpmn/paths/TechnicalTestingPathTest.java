package org.exportcert.bpmn.paths;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;
import static org.exportcert.bpmn.paths.JobStubs.complete;
import static org.exportcert.bpmn.paths.JobStubs.error;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 3 with the real test-plan table: tests pass, nonconformities lead to corrective action and a
 * delta retest, and a major nonconformity left open for six months forces a decision.
 */
class TechnicalTestingPathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  private static final Map<String, Object> PASSED =
      Map.of("testReportId", "TR-1", "nonconformityIds", List.of(), "majorNonconformityCount", 0);

  @BeforeEach
  void deployModel() {
    deploy("models/technical-testing.bpmn", "models/test-plan.dmn", "forms/submit-test-report.form",
        "forms/verify-corrective-action.form", "forms/testing-deadline-missed.form",
        "forms/resolve-staffing.form");
    jobs.on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")))
        .on("exportcert.testing.request-lab-test", complete(Map.of("testRequestId", "TQ-1")));
    // ExportCert completes the tasks; these paths are about the routes, not the stamp
    jobs.on("exportcert.case.check-completion", complete(Map.of()));
  }

  private Map<String, Object> vars(String caseId) {
    Map<String, Object> vars = caseVariables(caseId);
    vars.put("category", "AI_SAAS");
    vars.put("schemeType", 6);
    vars.put("riskLevel", "MEDIUM");
    vars.put("testingScope", "BASE");
    vars.put("testingKey", caseId + ":BASE");
    vars.put("marketCode", null);
    vars.put("requestedTestSuites", null);
    return vars;
  }

  private static Map<String, Object> failed(int majors) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("testReportId", "TR-F");
    vars.put("nonconformityIds", List.of("NC-1"));
    vars.put("majorNonconformityCount", majors);
    return vars;
  }

  private void labSubmitsReport() {
    assertThatUserTask(UserTaskSelectors.byElementId("Task_RunTests")).hasCandidateGroup("test-lab");
    context.completeUserTask("Task_RunTests", Map.of("testReportEvidenceId", "EV-REPORT"));
  }

  @Test
  void testsPassFirstTime() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.import-test-report", complete(PASSED));
    var instance = start("technical-testing", vars("EC-2026-000300"));

    labSubmitsReport();

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder("Task_ChooseTestPlan", "Task_AllocateLab", "Task_RequestLabTest",
            "Task_RunTests", "Task_ImportTestReport", "EndEvent_TestsPassed")
        .hasVariable("testingOutcome", "PASSED")
        .hasVariableSatisfies("testSuites", List.class, suites -> org.assertj.core.api.Assertions.assertThat(suites).isNotEmpty());
  }

  @Test
  void anInvalidReportGoesBackToTheLab() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.import-test-report", error("TEST_REPORT_INVALID"), complete(PASSED));
    var instance = start("technical-testing", vars("EC-2026-000301"));

    labSubmitsReport();
    assertThat(instance).hasCompletedElements("Boundary_TestReportInvalid");
    context.completeUserTask("Task_RunTests", Map.of("testReportEvidenceId", "EV-REPORT-2"));

    assertThat(instance).isCompleted().hasCompletedElement("Task_RunTests", 2);
  }

  @Test
  void nonconformitiesAreCorrectedAndADeltaRetestPasses() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.import-test-report", error("TEST_FAILED", failed(1)), complete(PASSED));
    var instance = start("technical-testing", vars("EC-2026-000302"));

    labSubmitsReport();
    assertThat(instance).isWaitingForMessage("CorrectiveActionSubmitted", "EC-2026-000302:BASE");
    publish("CorrectiveActionSubmitted", "EC-2026-000302:BASE");
    context.completeUserTask("Task_VerifyCorrectiveAction", Map.of("correctiveActionVerdict", "REJECTED"));
    assertThat(instance).hasCompletedElement("Task_NotifyNonconformities", 2);
    publish("CorrectiveActionSubmitted", "EC-2026-000302:BASE");
    context.completeUserTask("Task_VerifyCorrectiveAction", Map.of("correctiveActionVerdict", "ACCEPTED"));
    context.completeUserTask("Task_RunTests", Map.of("testReportEvidenceId", "EV-DELTA"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_TestFailed", "Task_AwaitCorrectiveAction")
        .hasCompletedElement("Task_VerifyCorrectiveAction", 2)
        .hasCompletedElement("Task_RequestLabTest", 2)
        .hasVariable("retestKind", "DELTA")
        .hasVariable("testingOutcome", "PASSED");
  }

  @Test
  void aMajorNonconformityOpenForSixMonthsForcesAFullRetest() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.import-test-report", error("TEST_FAILED", failed(1)), complete(PASSED));
    var instance = start("technical-testing", vars("EC-2026-000303"));

    labSubmitsReport();
    assertThat(instance).isWaitingForMessage("CorrectiveActionSubmitted", "EC-2026-000303:BASE");
    context.increaseTime(Duration.ofDays(120));
    assertThat(instance).hasActiveElements("Task_AwaitCorrectiveAction"); // 4 months: still open
    context.increaseTime(Duration.ofDays(65));

    assertThatUserTask(UserTaskSelectors.byElementId("Task_DecideAfterMissedDeadline"))
        .hasCandidateGroup("cb-reviewers");
    context.completeUserTask("Task_DecideAfterMissedDeadline", Map.of("testingContinuation", "REPEAT_TESTING"));
    context.completeUserTask("Task_RunTests", Map.of("testReportEvidenceId", "EV-FULL"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_ClosureDeadline", "EndEvent_TestsPassed")
        .hasVariable("retestKind", "FULL")
        .hasVariable("testingOutcome", "PASSED");
  }

  @Test
  void testingCanBeStoppedAfterTheMissedDeadlineAndTheOutcomeIsFailed() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.import-test-report", error("TEST_FAILED", failed(0)));
    var instance = start("technical-testing", vars("EC-2026-000304"));

    labSubmitsReport();
    assertThat(instance).isWaitingForMessage("CorrectiveActionSubmitted", "EC-2026-000304:BASE");
    context.increaseTime(Duration.ofDays(95)); // minor only: three months
    context.completeUserTask("Task_DecideAfterMissedDeadline", Map.of("testingContinuation", "STOP_TESTING"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("EndEvent_TestingStopped")
        .hasVariable("testingOutcome", "FAILED");
  }

  @Test
  void whenNoImpartialLabExistsAnOperatorResolvesStaffing() {
    jobs.on("exportcert.case.allocate-staff", error("NO_IMPARTIAL_STAFF"), complete(Map.of("allocationId", "L-2")))
        .on("exportcert.testing.import-test-report", complete(PASSED));
    var instance = start("technical-testing", vars("EC-2026-000305"));

    context.completeUserTask("Task_ResolveLabStaffing", Map.of("staffingResolved", true));
    labSubmitsReport();

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_NoImpartialLab", "Task_ResolveLabStaffing");
  }
}
