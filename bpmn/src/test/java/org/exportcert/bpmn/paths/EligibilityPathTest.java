package org.exportcert.bpmn.paths;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;
import static org.exportcert.bpmn.paths.JobStubs.complete;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 1 with the real eligibility decision table: in scope, out of scope, refused by the
 * reviewer, information requested and resubmitted, and the two deadlines that make a case lapse.
 */
class EligibilityPathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  private static final List<String> ALL_FRAMEWORKS =
      List.of("ISO_IEC_23053", "ISO_IEC_27001", "ITU_T_Y3174");

  @BeforeEach
  void deployModel() {
    deploy("models/eligibility.bpmn", "models/eligibility-rules.dmn", "forms/review-application.form");
    jobs.on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")))
        .on("exportcert.case.record-status", complete(Map.of()));
    // ExportCert completes the tasks; these paths are about the routes, not the stamp
    jobs.on("exportcert.case.check-completion", complete(Map.of()));
  }

  private static Map<String, Object> recorded(String category, List<String> frameworks, boolean declarations) {
    return Map.of(
        "category", category,
        "targetMarkets", List.of("EU"),
        "frameworksDocumented", frameworks,
        "declarationsComplete", declarations);
  }

  private Map<String, Object> vars(String caseId) {
    return caseVariables(caseId);
  }

  @Test
  void anInScopeApplicationAcceptedByTheReviewerEndsWithTheSignedAgreement() {
    jobs.on("exportcert.eligibility.record-application",
        complete(recorded("AI_SAAS", ALL_FRAMEWORKS, true)));
    var instance = start("eligibility", vars("EC-2026-000100"));

    assertThatUserTask(UserTaskSelectors.byElementId("Task_ReviewApplication"))
        .isCreated()
        .hasCandidateGroup("cb-reviewers");
    context.completeUserTask(
        "Task_ReviewApplication", Map.of("eligibilityOutcome", "ACCEPTED", "riskLevel", "MEDIUM"));
    assertThat(instance).isWaitingForMessage("AgreementSigned", "EC-2026-000100");
    publish("AgreementSigned", "EC-2026-000100");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder("Task_CheckEligibilityRules", "Task_ReviewApplication", "Task_CheckReviewApplication",
            "Task_RecordAccepted", "Task_SendAgreement", "Task_AwaitAgreement", "Task_RecordAgreement",
            "EndEvent_ApplicationAccepted")
        .hasVariable("schemeType", 6)
        .hasVariable("eligibilityOutcome", "ACCEPTED");
  }

  @Test
  void aCategoryOutOfScopeIsRefusedByTheRulesWithAReason() {
    jobs.on("exportcert.eligibility.record-application",
        complete(recorded("MODEL_TRAINING_SERVICE", ALL_FRAMEWORKS, true)));
    var instance = start("eligibility", vars("EC-2026-000101"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Task_NotifyRefusal", "Task_RecordRefusal", "EndEvent_ApplicationRefused")
        .hasNotActivatedElements("Task_ReviewApplication")
        .hasVariable("refusalReason", "CATEGORY_OUT_OF_SCOPE")
        .hasVariable("eligibilityOutcome", "REFUSED");
  }

  @Test
  void theReviewerCanRefuseAnApplicationTheRulesAdmitted() {
    jobs.on("exportcert.eligibility.record-application",
        complete(recorded("INDUSTRIAL_DIGITAL_TWIN", ALL_FRAMEWORKS, true)));
    var instance = start("eligibility", vars("EC-2026-000102"));

    context.completeUserTask(
        "Task_ReviewApplication",
        Map.of("eligibilityOutcome", "REFUSED", "refusalReason", "BODY_NOT_COMPETENT"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("EndEvent_ApplicationRefused")
        .hasVariable("schemeType", 5)
        .hasVariable("eligibilityOutcome", "REFUSED");
  }

  @Test
  void missingInformationIsRequestedAndTheResubmittedApplicationIsCheckedAgain() {
    jobs.on("exportcert.eligibility.record-application",
        complete(recorded("AI_SAAS", List.of("ISO_IEC_23053"), true)),
        complete(recorded("AI_SAAS", ALL_FRAMEWORKS, true)));
    var instance = start("eligibility", vars("EC-2026-000103"));

    assertThat(instance).isWaitingForMessage("ApplicationInformationProvided", "EC-2026-000103");
    publish("ApplicationInformationProvided", "EC-2026-000103");
    context.completeUserTask(
        "Task_ReviewApplication", Map.of("eligibilityOutcome", "ACCEPTED", "riskLevel", "LOW"));
    publish("AgreementSigned", "EC-2026-000103");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElement("Task_RecordApplication", 2)
        .hasCompletedElement("Task_CheckEligibilityRules", 2)
        .hasCompletedElements("Task_RequestInformation", "EndEvent_ApplicationAccepted");
  }

  @Test
  void noAnswerByTheResubmissionDeadlineLapsesTheCase() {
    jobs.on("exportcert.eligibility.record-application",
        complete(recorded("AI_SAAS", ALL_FRAMEWORKS, false)));
    var instance = start("eligibility", vars("EC-2026-000104"));

    assertThat(instance).isWaitingForMessage("ApplicationInformationProvided", "EC-2026-000104");
    context.increaseTime(Duration.ofDays(31));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_ResubmissionDeadline", "Task_RecordLapse",
            "EndEvent_ApplicationLapsed")
        .hasTerminatedElements("Task_AwaitInformation")
        .hasVariable("refusalReason", "DECLARATIONS_MISSING")
        .hasVariable("eligibilityOutcome", "LAPSED");
  }

  @Test
  void anAgreementNotSignedInTimeLapsesTheCase() {
    jobs.on("exportcert.eligibility.record-application",
        complete(recorded("AI_SAAS", ALL_FRAMEWORKS, true)));
    var instance = start("eligibility", vars("EC-2026-000105"));

    context.completeUserTask(
        "Task_ReviewApplication", Map.of("eligibilityOutcome", "ACCEPTED", "riskLevel", "HIGH"));
    assertThat(instance).isWaitingForMessage("AgreementSigned", "EC-2026-000105");
    context.increaseTime(Duration.ofDays(31));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_AgreementDeadline", "EndEvent_ApplicationLapsed")
        .hasVariable("eligibilityOutcome", "LAPSED");
  }
}
