package org.exportcert.bpmn.paths;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static org.exportcert.bpmn.paths.JobStubs.complete;

import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The main process with every phase replaced by a stand-in of the same id, each one a single job
 * whose completion returns what the real phase would. The phases have tests of their own; here it
 * is the routing between them that is under test, with the real due-dates table.
 */
class CertificationCasePathTest extends PathTest {

  private static final List<String> PHASES =
      List.of("eligibility", "document-review", "technical-testing", "certification-decision",
          "registry-listing", "partner-recognition", "surveillance", "appeal");

  /** The stand-ins share the phases' ids: keep them out of the phases' coverage. */
  @RegisterExtension
  static CamundaProcessTestExtension extension =
      PathTestEngine.extension().withCoverageExcludedProcesses(PHASES.toArray(String[]::new));

  /** A phase that waits for one job of type {@code phase.<id>} and then ends. */
  private static BpmnModelInstance standIn(String processId) {
    return Bpmn.createExecutableProcess(processId).name("Stand-in " + processId)
        .startEvent("StartEvent_StandIn")
        .serviceTask("Task_StandIn", t -> t.zeebeJobType("phase." + processId))
        .endEvent("EndEvent_StandIn")
        .done();
  }

  private void deployWithStandIns() {
    DeployResourceCommandStep2 command =
        client.newDeployResourceCommand()
            .addResourceFromClasspath("models/certification-case.bpmn")
            .addResourceFromClasspath("models/due-dates.dmn");
    for (String phase : PHASES) {
      command = command.addProcessModel(standIn(phase), phase + ".bpmn");
    }
    command.send().join();
  }

  private Map<String, Object> start(String caseId) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("caseId", caseId);
    vars.put("category", "AI_SAAS");
    return vars;
  }

  private static JobStubs.Outcome eligible(List<String> markets) {
    return complete(Map.of("eligibilityOutcome", "ACCEPTED", "category", "AI_SAAS",
        "targetMarkets", markets, "schemeType", 6, "riskLevel", "MEDIUM"));
  }

  private void stubAssessment(JobStubs.Outcome... decisions) {
    jobs.on("phase.document-review", complete(Map.of("documentReviewOutcome", "CONFORM")))
        .on("phase.technical-testing", complete(Map.of("testingOutcome", "PASSED", "testReportId", "TR-1")))
        .on("phase.certification-decision", decisions);
  }

  private void stubAfterGrant() {
    jobs.on("phase.registry-listing", complete(Map.of("certificateNumber", "C-1",
            "certificateExpiry", "2029-11-27", "registryEntryId", "R-1")))
        .on("phase.partner-recognition", complete(Map.of("recognitionOutcome", "ACCEPTED")))
        .on("phase.surveillance", complete(Map.of()))
        .on("exportcert.registry.update-markets", complete(Map.of()));
  }

  private static JobStubs.Outcome decision(String outcome) {
    return complete(Map.of("decisionOutcome", outcome, "decisionRecordId", "D-" + outcome));
  }

  @Test
  void aGrantedCaseIsListedRecognisedPerMarketAndEntersSurveillance() {
    deployWithStandIns();
    jobs.on("phase.eligibility", eligible(List.of("EU", "SG")));
    stubAssessment(decision("GRANT"));
    stubAfterGrant();
    var instance = start("certification-case", start("EC-2026-000500"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder("Task_DetermineDeadlines", "CallActivity_Eligibility",
            "CallActivity_DocumentReview", "CallActivity_TechnicalTesting",
            "CallActivity_CertificationDecision", "CallActivity_RegistryListing")
        .hasCompletedElement("CallActivity_PartnerRecognition", 3) // the body and one per market
        .hasCompletedElements("Task_UpdateRecognisedMarkets", "CallActivity_Surveillance",
            "EndEvent_RecognitionDone", "EndEvent_CertificateEnded")
        .hasVariable("recognitionOutcomes",
            List.of(Map.of("marketCode", "EU", "outcome", "ACCEPTED"),
                Map.of("marketCode", "SG", "outcome", "ACCEPTED")))
        .hasVariableSatisfies("dueDates", Map.class,
            d -> org.assertj.core.api.Assertions.assertThat(d).containsEntry("appealWindow", "P30D"));
  }

  @Test
  void aCaseWithoutTargetMarketsSkipsRecognition() {
    deployWithStandIns();
    jobs.on("phase.eligibility", eligible(List.of()));
    stubAssessment(decision("GRANT_WITH_CONDITIONS"));
    stubAfterGrant();
    var instance = start("certification-case", start("EC-2026-000501"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("CallActivity_RegistryListing", "EndEvent_RecognitionDone")
        .hasVariable("recognitionOutcomes", List.of());
  }

  @Test
  void anIneligibleApplicationClosesWithoutADecision() {
    deployWithStandIns();
    jobs.on("phase.eligibility", complete(Map.of("eligibilityOutcome", "REFUSED",
        "category", "AI_SAAS", "targetMarkets", List.of(), "schemeType", 6, "riskLevel", "LOW")));
    var instance = start("certification-case", start("EC-2026-000502"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("EndEvent_NotAccepted", "EndEvent_ClosedWithoutDecision")
        .hasNotActivatedElements("CallActivity_DocumentReview");
  }

  @Test
  void aCaseLapsedInDocumentReviewClosesWithoutADecision() {
    deployWithStandIns();
    jobs.on("phase.eligibility", eligible(List.of("EU")))
        .on("phase.document-review", complete(Map.of("documentReviewOutcome", "LAPSED")));
    var instance = start("certification-case", start("EC-2026-000503"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("EndEvent_DocumentsLapsed", "EndEvent_ClosedWithoutDecision");
  }

  @Test
  void theApplicantWithdrawsDuringTestingAndTheCaseStopsThere() {
    deployWithStandIns();
    jobs.on("phase.eligibility", eligible(List.of("EU")))
        .on("phase.document-review", complete(Map.of("documentReviewOutcome", "CONFORM")))
        .on("exportcert.case.record-status", complete(Map.of()))
        .on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")));
    // technical-testing is not answered: the case waits there
    var instance = start("certification-case", start("EC-2026-000504"));

    assertThat(instance).hasActiveElements("CallActivity_TechnicalTesting");
    publish("ApplicationWithdrawn", "EC-2026-000504");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Task_RecordWithdrawal", "Task_ConfirmWithdrawal", "EndEvent_Withdrawn")
        .hasTerminatedElements("CallActivity_TechnicalTesting")
        .hasNotActivatedElements("CallActivity_CertificationDecision");
  }

  @Test
  void aRefusalNotAppealedWithinTheWindowBecomesFinal() {
    deployWithStandIns();
    jobs.on("phase.eligibility", eligible(List.of("EU")))
        .on("exportcert.case.record-status", complete(Map.of()));
    stubAssessment(decision("REFUSE"));
    var instance = start("certification-case", start("EC-2026-000505"));

    assertThat(instance).isWaitingForMessage("AppealLodged", "EC-2026-000505");
    context.increaseTime(Duration.ofDays(31));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_AppealWindowClosed", "Task_RecordRefusalFinal", "EndEvent_Refused");
  }

  @Test
  void aDismissedAppealMakesTheRefusalFinal() {
    deployWithStandIns();
    jobs.on("phase.eligibility", eligible(List.of("EU")))
        .on("exportcert.case.record-status", complete(Map.of()))
        .on("phase.appeal", complete(Map.of("appealOutcome", "DISMISSED")));
    stubAssessment(decision("REFUSE"));
    var instance = start("certification-case", start("EC-2026-000506"));

    assertThat(instance).isWaitingForMessage("AppealLodged", "EC-2026-000506");
    publish("AppealLodged", "EC-2026-000506");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("CallActivity_Appeal", "Task_RecordRefusalFinal", "EndEvent_Refused");
  }

  @Test
  void anUpheldAppealLeadsToANewDecisionThatCanGrant() {
    deployWithStandIns();
    jobs.on("phase.eligibility", eligible(List.of("EU")))
        .on("phase.appeal", complete(Map.of("appealOutcome", "UPHELD")));
    stubAssessment(decision("REFUSE"), decision("GRANT"));
    stubAfterGrant();
    var instance = start("certification-case", start("EC-2026-000507"));

    assertThat(instance).isWaitingForMessage("AppealLodged", "EC-2026-000507");
    publish("AppealLodged", "EC-2026-000507");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("CallActivity_Appeal", "CallActivity_ReconsiderDecision",
            "CallActivity_RegistryListing", "EndEvent_CertificateEnded")
        .hasVariable("decisionOutcome", "GRANT");
  }
}
