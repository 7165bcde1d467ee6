package org.exportcert.bpmn.paths;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;
import static org.exportcert.bpmn.paths.JobStubs.complete;
import static org.exportcert.bpmn.paths.JobStubs.error;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An appeal against a refusal, decided by people independent of the decision. */
class AppealPathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  @BeforeEach
  void deployModel() {
    deploy("models/appeal.bpmn", "forms/appeal-decision.form", "forms/resolve-staffing.form");
    jobs.on("exportcert.appeal.record-appeal", complete(Map.of("appealId", "AP-1")))
        .on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")));
  }

  private Map<String, Object> refused(String caseId) {
    Map<String, Object> vars = caseVariables(caseId);
    vars.put("decisionRecordId", "D-REFUSE");
    return vars;
  }

  private void decide(String outcome) {
    assertThatUserTask(UserTaskSelectors.byElementId("Task_DecideAppeal"))
        .isCreated()
        .hasCandidateGroup("appeals");
    context.completeUserTask(
        "Task_DecideAppeal", Map.of("appealOutcome", outcome, "decisionRationale", "reasons"));
  }

  @Test
  void anUpheldAppealIsRecordedAndReturned() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-AP")));
    var instance = start("appeal", refused("EC-2026-000020"));

    decide("UPHELD");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder(
            "Task_RecordAppeal", "Task_AllocateAppealsHandler", "Task_DecideAppeal",
            "Task_RecordAppealDecision", "Task_NotifyAppealDecision", "EndEvent_AppealDecided")
        .hasVariable("appealOutcome", "UPHELD");
  }

  @Test
  void aDismissedAppealIsRecordedAndReturned() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-AP")));
    var instance = start("appeal", refused("EC-2026-000021"));

    decide("DISMISSED");

    assertThat(instance).isCompleted().hasVariable("appealOutcome", "DISMISSED");
  }

  @Test
  void aHandlerFoundNotImpartialIsReplaced() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on(
            "exportcert.decision.record-decision",
            error("IMPARTIALITY_VIOLATION"),
            complete(Map.of("decisionRecordId", "D-AP2")));
    var instance = start("appeal", refused("EC-2026-000022"));

    decide("UPHELD");
    assertThat(instance).hasCompletedElements("Boundary_AppealImpartialityViolation");
    // a new handler decides again: the first task is completed, the second one open
    context.completeUserTask(
        "Task_DecideAppeal", Map.of("appealOutcome", "UPHELD", "decisionRationale", "again"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElement("Task_AllocateAppealsHandler", 2)
        .hasVariable("decisionRecordId", "D-AP2");
  }

  @Test
  void whenNoImpartialHandlerExistsAnOperatorResolvesStaffing() {
    jobs.on(
            "exportcert.case.allocate-staff",
            error("NO_IMPARTIAL_STAFF"),
            complete(Map.of("allocationId", "A-2")))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-AP3")));
    var instance = start("appeal", refused("EC-2026-000023"));

    assertThatUserTask(UserTaskSelectors.byElementId("Task_ResolveAppealsStaffing"))
        .isCreated()
        .hasCandidateGroup("operators");
    context.completeUserTask("Task_ResolveAppealsStaffing", Map.of("staffingResolved", true));
    decide("DISMISSED");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_NoImpartialAppeals", "Task_ResolveAppealsStaffing");
  }
}
