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

/** Phase 2: the evaluator reviews the technical file; requests for information loop or lapse. */
class DocumentReviewPathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  @BeforeEach
  void deployModel() {
    deploy("models/document-review.bpmn", "forms/review-technical-file.form", "forms/resolve-staffing.form");
    jobs.on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")))
        .on("exportcert.case.record-status", complete(Map.of()))
        .on("exportcert.documents.record-findings", complete(Map.of("findingsId", "F-1")));
  }

  private Map<String, Object> vars(String caseId) {
    Map<String, Object> vars = caseVariables(caseId);
    vars.put("category", "AI_SAAS");
    vars.put("schemeType", 6);
    return vars;
  }

  private void evaluatorConcludes(String outcome) {
    assertThatUserTask(UserTaskSelectors.byElementId("Task_ReviewTechnicalFile"))
        .hasCandidateGroup("evaluators");
    context.completeUserTask("Task_ReviewTechnicalFile", Map.of("documentReviewOutcome", outcome));
  }

  @Test
  void conformingDocumentsEndThePhase() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.documents.register-evidence", complete(Map.of("evidenceIds", List.of("E-1"))))
        .on("exportcert.documents.check-completeness", complete(Map.of("missingDocumentKinds", List.of())));
    var instance = start("document-review", vars("EC-2026-000200"));

    evaluatorConcludes("CONFORM");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElementsInOrder("Task_AllocateEvaluator", "Task_RegisterEvidence",
            "Task_CheckCompleteness", "Task_ReviewTechnicalFile", "Task_RecordFindings",
            "EndEvent_DocumentsConform")
        .hasVariable("documentReviewOutcome", "CONFORM");
  }

  @Test
  void incompleteDocumentsAreRequestedAndTheResubmissionIsReviewed() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.documents.register-evidence", complete(Map.of("evidenceIds", List.of("E-1"))))
        .on("exportcert.documents.check-completeness",
            error("DOCUMENTS_INCOMPLETE", Map.of("missingDocumentKinds", List.of("SECURITY_ATTESTATION"))),
            complete(Map.of("missingDocumentKinds", List.of())));
    var instance = start("document-review", vars("EC-2026-000201"));

    assertThat(instance).isWaitingForMessage("DocumentsResubmitted", "EC-2026-000201");
    publish("DocumentsResubmitted", "EC-2026-000201");
    evaluatorConcludes("CONFORM");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_DocumentsIncomplete", "Task_RequestDocuments", "Task_AwaitDocuments")
        .hasCompletedElement("Task_RegisterEvidence", 2)
        .hasVariable("documentReviewOutcome", "CONFORM");
  }

  @Test
  void rejectedEvidenceAndTheEvaluatorsOwnRequestBothAskTheApplicantAgain() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.documents.register-evidence",
            error("EVIDENCE_REJECTED"), complete(Map.of("evidenceIds", List.of("E-2"))))
        .on("exportcert.documents.check-completeness", complete(Map.of("missingDocumentKinds", List.of())));
    var instance = start("document-review", vars("EC-2026-000202"));

    assertThat(instance).hasCompletedElements("Boundary_EvidenceRejected");
    publish("DocumentsResubmitted", "EC-2026-000202");
    evaluatorConcludes("INFORMATION_REQUESTED");
    assertThat(instance).hasCompletedElement("Task_RequestDocuments", 2);
    publish("DocumentsResubmitted", "EC-2026-000202");
    context.completeUserTask("Task_ReviewTechnicalFile", Map.of("documentReviewOutcome", "CONFORM"));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElement("Task_ReviewTechnicalFile", 2)
        .hasVariable("documentReviewOutcome", "CONFORM");
  }

  @Test
  void noResubmissionByTheDeadlineLapsesTheCase() {
    jobs.on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "A-1")))
        .on("exportcert.documents.register-evidence", complete(Map.of("evidenceIds", List.of("E-1"))))
        .on("exportcert.documents.check-completeness", complete(Map.of("missingDocumentKinds", List.of())));
    var instance = start("document-review", vars("EC-2026-000203"));

    evaluatorConcludes("INFORMATION_REQUESTED");
    assertThat(instance).isWaitingForMessage("DocumentsResubmitted", "EC-2026-000203");
    context.increaseTime(Duration.ofDays(31));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_ResubmissionDeadline", "Task_RecordLapse", "Task_NotifyLapse",
            "EndEvent_CaseLapsed")
        .hasVariable("documentReviewOutcome", "LAPSED");
  }

  @Test
  void whenNoImpartialEvaluatorExistsAnOperatorResolvesStaffing() {
    jobs.on("exportcert.case.allocate-staff",
            error("NO_IMPARTIAL_STAFF"), complete(Map.of("allocationId", "A-2")))
        .on("exportcert.documents.register-evidence", complete(Map.of("evidenceIds", List.of("E-1"))))
        .on("exportcert.documents.check-completeness", complete(Map.of("missingDocumentKinds", List.of())));
    var instance = start("document-review", vars("EC-2026-000204"));

    assertThatUserTask(UserTaskSelectors.byElementId("Task_ResolveEvaluatorStaffing"))
        .hasCandidateGroup("operators");
    context.completeUserTask("Task_ResolveEvaluatorStaffing", Map.of("staffingResolved", true));
    evaluatorConcludes("CONFORM");

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_NoImpartialEvaluator", "Task_ResolveEvaluatorStaffing");
  }
}
