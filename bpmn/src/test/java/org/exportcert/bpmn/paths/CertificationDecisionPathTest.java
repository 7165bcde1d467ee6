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

/** Phase 4: independent review, then the committee's reasoned decision. */
class CertificationDecisionPathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  @BeforeEach
  void deployModel() {
    deploy(
        "models/certification-decision.bpmn",
        "forms/independent-review.form",
        "forms/certification-decision.form",
        "forms/resolve-staffing.form");
    jobs.on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")));
    // ExportCert completes the tasks; these paths are about the routes, not the stamp
    jobs.on("exportcert.case.check-completion", complete(Map.of()));
  }

  private void decide(String outcome) {
    assertThatUserTask(UserTaskSelectors.byElementId("Task_ReviewCertificationFile"))
        .isCreated()
        .hasCandidateGroup("reviewers");
    context.completeUserTask(
        "Task_ReviewCertificationFile", Map.of("reviewRecommendation", outcome));
    assertThatUserTask(UserTaskSelectors.byElementId("Task_DecideCertification"))
        .isCreated()
        .hasCandidateGroup("decision-committee");
    context.completeUserTask(
        "Task_DecideCertification",
        Map.of("decisionOutcome", outcome, "decisionRationale", "file complete",
            "impartialityConfirmed", true));
  }

  @Test
  void theCommitteeGrantsAfterAnIndependentReview() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-1")));
    var instance = start("certification-decision", caseVariables("EC-2026-000001"));

    decide("GRANT");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder(
            "Task_AllocateReviewer", "Task_ReviewCertificationFile", "Task_AllocateCommittee",
            "Task_DecideCertification", "Task_RecordDecision", "Task_NotifyDecision",
            "EndEvent_DecisionMade")
        .hasVariable("decisionOutcome", "GRANT")
        .hasVariable("decisionRecordId", "D-1");
  }

  @Test
  void aRefusalIsRecordedAndReturnedToTheCaller() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-2")));
    var instance = start("certification-decision", caseVariables("EC-2026-000002"));

    decide("REFUSE");

    assertThat(instance).isCompleted().hasVariable("decisionOutcome", "REFUSE");
  }

  @Test
  void aDecisionMakerFoundNotImpartialIsReplacedByANewCommittee() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on(
            "exportcert.decision.record-decision",
            error("IMPARTIALITY_VIOLATION"),
            complete(Map.of("decisionRecordId", "D-3")));
    var instance = start("certification-decision", caseVariables("EC-2026-000003"));

    decide("GRANT_WITH_CONDITIONS");
    assertThat(instance).hasCompletedElements("Boundary_ImpartialityViolation");
    context.completeUserTask(
        "Task_DecideCertification",
        Map.of("decisionOutcome", "GRANT_WITH_CONDITIONS", "decisionRationale", "re-decided",
            "decisionConditions", "yearly pen test", "impartialityConfirmed", true));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElement("Task_AllocateCommittee", 2)
        .hasCompletedElement("Task_DecideCertification", 2)
        .hasVariable("decisionOutcome", "GRANT_WITH_CONDITIONS")
        .hasVariable("decisionRecordId", "D-3");
  }

  @Test
  void whenNoImpartialReviewerExistsAnOperatorResolvesStaffingAndAllocationIsRetried() {
    jobs.on(
            "exportcert.case.allocate-staff",
            error("NO_IMPARTIAL_STAFF"),
            complete(Map.of("allocationId", "A-2")))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-4")));
    var instance = start("certification-decision", caseVariables("EC-2026-000004"));

    assertThatUserTask(UserTaskSelectors.byElementId("Task_ResolveReviewerStaffing"))
        .isCreated()
        .hasCandidateGroup("operators");
    context.completeUserTask("Task_ResolveReviewerStaffing", Map.of("staffingResolved", true));
    decide("GRANT");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_NoImpartialReviewer", "Task_ResolveReviewerStaffing")
        .hasCompletedElement("Task_AllocateReviewer", 1);
  }

  @Test
  void whenNoImpartialCommitteeExistsAnOperatorResolvesStaffing() {
    jobs.on(
            "exportcert.case.allocate-staff",
            complete(Map.of("allocationId", "A-1")),
            error("NO_IMPARTIAL_STAFF"),
            complete(Map.of("allocationId", "A-3")))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-5")));
    var instance = start("certification-decision", caseVariables("EC-2026-000005"));

    context.completeUserTask(
        "Task_ReviewCertificationFile", Map.of("reviewRecommendation", "GRANT"));
    assertThatUserTask(UserTaskSelectors.byElementId("Task_ResolveCommitteeStaffing")).isCreated();
    context.completeUserTask("Task_ResolveCommitteeStaffing", Map.of("staffingResolved", true));
    context.completeUserTask(
        "Task_DecideCertification",
        Map.of("decisionOutcome", "GRANT", "decisionRationale", "ok", "impartialityConfirmed", true));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_NoImpartialCommittee", "Task_ResolveCommitteeStaffing");
  }
}
