package org.exportcert.bpmn.paths;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;
import static org.exportcert.bpmn.paths.JobStubs.complete;
import static org.exportcert.bpmn.paths.JobStubs.error;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 5 for one market (Singapore in the real partner-requirements table: reminder after 14
 * days, answer due in 30): the partner accepts, rejects, asks for extra tests, or stays silent.
 */
class PartnerRecognitionPathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  @BeforeEach
  void deployModel() {
    deploy("models/partner-recognition.bpmn", "models/partner-requirements.dmn",
        "models/technical-testing.bpmn", "models/test-plan.dmn",
        "forms/resolve-unanswered-recognition.form", "forms/submit-test-report.form",
        "forms/verify-corrective-action.form", "forms/testing-deadline-missed.form",
        "forms/resolve-staffing.form");
    jobs.on("exportcert.recognition.record-outcome", complete(Map.of("recognitionId", "RC-1")))
        .on("exportcert.recognition.send-reminder", complete(Map.of()));
    // ExportCert completes the tasks; these paths are about the routes, not the stamp
    jobs.on("exportcert.case.check-completion", complete(Map.of()));
  }

  private Map<String, Object> vars(String caseId) {
    Map<String, Object> vars = caseVariables(caseId);
    vars.put("category", "AI_SAAS");
    vars.put("schemeType", 6);
    vars.put("riskLevel", "LOW");
    vars.put("marketCode", "SG");
    vars.put("recognitionKey", caseId + ":SG");
    return vars;
  }

  private void partnerAnswers(String key, String outcome) {
    client.newPublishMessageCommand().messageName("PartnerResponse").correlationKey(key)
        .variables(Map.of("partnerOutcome", outcome, "partnerReference", "SG-REF-1",
            "requestedTestSuites", List.of("SG_DATA_RESIDENCY")))
        .timeToLive(Duration.ofHours(1)).send().join();
  }

  @Test
  void thePartnerAcceptsTheDossier() {
    jobs.on("exportcert.recognition.send-dossier", complete(Map.of("dossierId", "DS-1")));
    var instance = start("partner-recognition", vars("EC-2026-000400"));

    assertThat(instance).isWaitingForMessage("PartnerResponse", "EC-2026-000400:SG");
    partnerAnswers("EC-2026-000400:SG", "ACCEPTED");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder("Task_DeterminePartnerRequirements", "Task_SendDossier",
            "Task_AwaitPartnerResponse", "Task_RecordOutcome", "EndEvent_MarketDone")
        .hasVariable("recognitionOutcome", "ACCEPTED")
        .hasVariable("partnerReference", "SG-REF-1");
  }

  @Test
  void aRejectionIsRecordedForThisMarket() {
    jobs.on("exportcert.recognition.send-dossier", complete(Map.of("dossierId", "DS-1")));
    var instance = start("partner-recognition", vars("EC-2026-000401"));

    partnerAnswers("EC-2026-000401:SG", "REJECTED");

    assertThat(instance).isCompleted().hasVariable("recognitionOutcome", "REJECTED");
  }

  @Test
  void aMarketWithoutArrangementIsRecordedAsSuch() {
    jobs.on("exportcert.recognition.send-dossier", error("NO_RECOGNITION_ARRANGEMENT"));
    var instance = start("partner-recognition", vars("EC-2026-000402"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_NoArrangement", "Task_RecordOutcome")
        .hasVariable("recognitionOutcome", "NO_ARRANGEMENT");
  }

  @Test
  void aSilentPartnerIsRemindedAndStillAnswersInTime() {
    jobs.on("exportcert.recognition.send-dossier", complete(Map.of("dossierId", "DS-1")));
    var instance = start("partner-recognition", vars("EC-2026-000403"));

    assertThat(instance).isWaitingForMessage("PartnerResponse", "EC-2026-000403:SG");
    context.increaseTime(Duration.ofDays(15));
    assertThat(instance)
        .hasCompletedElements("Boundary_ReminderDue", "Task_SendReminder", "EndEvent_ReminderSent")
        .hasActiveElements("Task_AwaitPartnerResponse");
    partnerAnswers("EC-2026-000403:SG", "ACCEPTED");

    assertThat(instance).isCompleted().hasVariable("recognitionOutcome", "ACCEPTED");
  }

  @Test
  void noAnswerByTheDeadlineEscalatesToAnOperatorWhoRecordsIt() {
    jobs.on("exportcert.recognition.send-dossier", complete(Map.of("dossierId", "DS-1")));
    var instance = start("partner-recognition", vars("EC-2026-000404"));

    assertThat(instance).isWaitingForMessage("PartnerResponse", "EC-2026-000404:SG");
    context.increaseTime(Duration.ofDays(31));
    assertThatUserTask(UserTaskSelectors.byElementId("Task_ResolveUnansweredRequest"))
        .hasCandidateGroup("operators");
    context.completeUserTask("Task_ResolveUnansweredRequest", Map.of("escalationResolution", "RECORD_NO_ANSWER"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_ResponseDeadline")
        .hasVariable("recognitionOutcome", "NO_ANSWER");
  }

  @Test
  void theOperatorCanResendTheDossierAfterTheDeadline() {
    jobs.on("exportcert.recognition.send-dossier", complete(Map.of("dossierId", "DS-1")));
    var instance = start("partner-recognition", vars("EC-2026-000405"));

    assertThat(instance).isWaitingForMessage("PartnerResponse", "EC-2026-000405:SG");
    context.increaseTime(Duration.ofDays(31));
    context.completeUserTask("Task_ResolveUnansweredRequest", Map.of("escalationResolution", "RESEND"));
    assertThat(instance).hasCompletedElement("Task_SendDossier", 2);
    partnerAnswers("EC-2026-000405:SG", "ACCEPTED");

    assertThat(instance).isCompleted().hasVariable("recognitionOutcome", "ACCEPTED");
  }

  @Test
  void extraTestsForThisMarketRunAndTheDossierIsSentAgain() {
    jobs.on("exportcert.recognition.send-dossier", complete(Map.of("dossierId", "DS-1")))
        .on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.request-lab-test", complete(Map.of("testRequestId", "TQ-SG")))
        .on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")))
        .on("exportcert.testing.import-test-report",
            complete(Map.of("testReportId", "TR-SG", "nonconformityIds", List.of(), "majorNonconformityCount", 0)));
    var instance = start("partner-recognition", vars("EC-2026-000406"));

    partnerAnswers("EC-2026-000406:SG", "EXTRA_TESTS");
    assertThat(instance).hasActiveElements("CallActivity_ExtraTests");
    context.completeUserTask("Task_RunTests", Map.of("testReportEvidenceId", "EV-SG"));
    assertThat(instance).hasCompletedElement("Task_SendDossier", 2);
    partnerAnswers("EC-2026-000406:SG", "ACCEPTED");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("CallActivity_ExtraTests")
        .hasVariable("testingOutcome", "PASSED")
        .hasVariable("recognitionOutcome", "ACCEPTED");
  }
}
