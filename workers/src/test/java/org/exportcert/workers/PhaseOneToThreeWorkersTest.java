package org.exportcert.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.JobError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.certification.completion.CompletionStamps;
import org.exportcert.workers.casefile.CaseWorkers;
import org.exportcert.workers.documentreview.DocumentReviewWorkers;
import org.exportcert.workers.eligibility.EligibilityWorkers;
import org.exportcert.workers.notification.NotificationWorkers;
import org.exportcert.workers.testing.TestingWorkers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each worker run twice for the same job leaves one side effect; outcomes map to the right channel. */
@SuppressWarnings("unchecked")
class PhaseOneToThreeWorkersTest extends WorkerTest {

  @Autowired EligibilityWorkers eligibility;
  @Autowired CaseWorkers caseWorkers;
  @Autowired NotificationWorkers notification;
  @Autowired DocumentReviewWorkers documents;
  @Autowired TestingWorkers testing;

  @Test
  void recordApplicationReturnsOnlyCodesAndMovesTheCaseOnce() {
    String caseId = newCase();
    var job = job("exportcert.eligibility.record-application");
    var first = eligibility.recordApplication(job, caseId);
    var second = eligibility.recordApplication(job, caseId);
    assertThat(second).isEqualTo(first);
    assertThat(first.category()).isEqualTo("AI_SAAS");
    assertThat(first.targetMarkets()).containsExactly("EU", "SG");
    assertThat(first.declarationsComplete()).isTrue();
    assertThat(count("case_status_change", caseId)).isEqualTo(1);
  }

  @Test
  void recordStatusWritesOneHistoryLineAndAnUnknownStatusIsAnIncident() {
    String caseId = newCase();
    var job = job("exportcert.case.record-status");
    caseWorkers.recordStatus(job, caseId, "ACCEPTED", "ELIGIBLE");
    caseWorkers.recordStatus(job, caseId, "ACCEPTED", "ELIGIBLE");
    assertThat(count("case_status_change", caseId)).isEqualTo(1);
    assertThatThrownBy(() -> caseWorkers.recordStatus(job("exportcert.case.record-status", 1), caseId, "PARTY", "x"))
        .isInstanceOfSatisfying(JobError.class, e -> assertThat(e.getRetries()).isZero());
    assertThatThrownBy(() -> caseWorkers.recordStatus(job, "not-a-case", "ACCEPTED", "x"))
        .isInstanceOfSatisfying(JobError.class, e -> assertThat(e.getRetries()).isZero());
  }

  @Test
  void allocateStaffAllocatesOnceAndSaysWhenNoOneImpartialIsLeft() {
    String caseId = newCase();
    var job = job("exportcert.case.allocate-staff");
    var first = caseWorkers.allocateStaff(job, caseId, "DECISION_COMMITTEE");
    assertThat(caseWorkers.allocateStaff(job, caseId, "DECISION_COMMITTEE")).isEqualTo(first);
    assertThat(count("staff_assignment", caseId)).isEqualTo(1);
    // both evaluators of the local pool become reviewers: none is left to evaluate
    jdbc.update("insert into staff_assignment (case_id, person, role, coi_declaration, coi_conflict, declared_at, assigned_by)"
        + " values (?, 'eva.evaluator', 'REVIEWER', 'none', false, now(), 'test'), (?, 'erik.evaluator', 'REVIEWER', 'none', false, now(), 'test')",
        caseId, caseId);
    assertThatThrownBy(() -> caseWorkers.allocateStaff(job("exportcert.case.allocate-staff"), caseId, "EVALUATOR"))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("NO_IMPARTIAL_STAFF"));
  }

  @Test
  void notifyApplicantQueuesOneMessagePerStep() {
    String caseId = newCase();
    var job = job("exportcert.notification.notify-applicant");
    var first = notification.notifyApplicant(job, caseId, "INFORMATION_REQUESTED", "P30D");
    assertThat(notification.notifyApplicant(job, caseId, "INFORMATION_REQUESTED", "P30D")).isEqualTo(first);
    assertThat(count("outbox_message", caseId)).isEqualTo(1);
    // the same code at a later step (a loop) is a new message
    notification.notifyApplicant(job("exportcert.notification.notify-applicant"), caseId, "INFORMATION_REQUESTED", "P30D");
    assertThat(count("outbox_message", caseId)).isEqualTo(2);
  }

  @Test
  void checkCompletenessThrowsDocumentsIncompleteWithTheMissingKinds() {
    String caseId = newCase();
    var job = job("exportcert.documents.check-completeness");
    assertThatThrownBy(() -> documents.checkCompleteness(job, caseId, "AI_SAAS", 6))
        .isInstanceOfSatisfying(BpmnError.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo("DOCUMENTS_INCOMPLETE");
          assertThat((Map<String, Object>) e.getVariables()).containsKey("missingDocumentKinds");
        });
    for (String kind : List.of("ARCHITECTURE", "DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION", "API_SPECIFICATION")) {
      upload(caseId, kind, kind + ".txt", kind + " document\n");
    }
    assertThat(documents.checkCompleteness(job, caseId, "AI_SAAS", 6).missingDocumentKinds()).isEmpty();
    assertThat(documents.checkCompleteness(job, caseId, "AI_SAAS", 6).missingDocumentKinds()).isEmpty();
  }

  @Test
  void registerEvidenceRegistersOnceAndRejectsAlteredFiles() throws Exception {
    String caseId = newCase();
    String good = upload(caseId, "ARCHITECTURE", "a.txt", "architecture\n");
    var job = job("exportcert.documents.register-evidence");
    assertThat(documents.registerEvidence(job, caseId).evidenceIds()).containsExactly(good);
    assertThat(documents.registerEvidence(job, caseId).evidenceIds()).containsExactly(good);
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'evidence.registered'", Integer.class, caseId)).isEqualTo(1);

    String bad = upload(caseId, "DATA_FLOWS", "d.txt", "data flows\n");
    String key = jdbc.queryForObject("select object_key from evidence where id = ?", String.class, bad);
    jdbc.update("update evidence set sha256 = ? where id = ?", "0".repeat(64), bad); // the record no longer matches the bytes
    assertThat(key).isNotBlank();
    assertThatThrownBy(() -> documents.registerEvidence(job("exportcert.documents.register-evidence"), caseId))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("EVIDENCE_REJECTED"));
  }

  @Test
  void recordFindingsStoresOnceAndClearsTheFreeText() {
    String caseId = newCase();
    var job = stampedJob("exportcert.documents.record-findings", "Task_ReviewTechnicalFile", "eve.evaluator",
        Map.of("documentReviewOutcome", "INFORMATION_REQUESTED",
            "documentReviewFindings", "Data flow diagram lacks the model update path"));
    var first = documents.recordFindings(job, caseId, "INFORMATION_REQUESTED", "Data flow diagram lacks the model update path");
    assertThat(documents.recordFindings(job, caseId, "INFORMATION_REQUESTED", "Data flow diagram lacks the model update path")).isEqualTo(first);
    assertThat(first.documentReviewFindings()).isNull();
    assertThat(count("document_findings", caseId)).isEqualTo(1);
    // the findings and their audit entry name the evaluator who completed the review
    assertThat(jdbc.queryForList("select actor from audit_entry where subject_id = ? and action = 'documents.findings'",
        String.class, caseId)).containsExactly("eve.evaluator");
  }

  @Test
  void findingsOrATestReportHandedInOnTheEnginePortAreNotRecorded() {
    String caseId = newCase();
    var findings = job("exportcert.documents.record-findings");
    when(findings.getCustomHeaders()).thenReturn(Map.of(CompletionStamps.HEADER, "Task_ReviewTechnicalFile"));
    when(findings.getVariablesAsMap()).thenReturn(Map.of("caseId", caseId, "documentReviewOutcome", "CONFORM"));
    assertThatThrownBy(() -> documents.recordFindings(findings, caseId, "CONFORM", null))
        .isInstanceOfSatisfying(JobError.class, e -> assertThat(e.getRetries()).isZero());
    assertThat(count("document_findings", caseId)).isZero();

    String report = upload(caseId, "TEST_REPORT", "r.json", report(caseId, "R-X", true));
    var imported = job("exportcert.testing.import-test-report");
    when(imported.getCustomHeaders()).thenReturn(Map.of(CompletionStamps.HEADER, "Task_RunTests"));
    when(imported.getVariablesAsMap()).thenReturn(Map.of("caseId", caseId, "testReportEvidenceId", report));
    assertThatThrownBy(() -> testing.importTestReport(imported, caseId, null, report))
        .isInstanceOfSatisfying(JobError.class, e -> assertThat(e.getMessage()).contains("completed outside ExportCert"));
    assertThat(count("test_report", caseId)).isZero();
  }

  @Test
  void anEligibilityReviewOrAnIndependentReviewCountsOnlyWhenExportCertCompletedIt() {
    String caseId = newCase();
    // completed in ExportCert: the check passes and clears the stamp
    var reviewed = stampedJob("exportcert.case.check-completion", "Task_ReviewApplication", "rita.reviewer",
        Map.of("caseId", caseId, "eligibilityOutcome", "ACCEPTED", "riskLevel", "LOW"));
    assertThat(caseWorkers.checkCompletion(reviewed, caseId).completionStamp()).isNull();

    // completed on the engine's port: no stamp, an incident at once
    var unstamped = job("exportcert.case.check-completion");
    when(unstamped.getCustomHeaders()).thenReturn(Map.of(CompletionStamps.HEADER, "Task_ReviewCertificationFile"));
    when(unstamped.getVariablesAsMap()).thenReturn(Map.of("caseId", caseId, "reviewOutcome", "CONFIRMED"));
    assertThatThrownBy(() -> caseWorkers.checkCompletion(unstamped, caseId))
        .isInstanceOfSatisfying(JobError.class, e -> {
          assertThat(e.getRetries()).isZero();
          assertThat(e.getMessage()).contains("Task_ReviewCertificationFile was completed outside ExportCert");
        });
    // a stamp forged without ExportCert's secret, or the outcome changed after stamping
    var forged = stampedJob("exportcert.case.check-completion", "Task_ReviewCertificationFile", "someone",
        Map.of("caseId", caseId, "reviewOutcome", "CONFIRMED"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stamp = new HashMap<>((Map<String, Object>) forged.getVariablesAsMap().get(CompletionStamps.VARIABLE));
    stamp.put("signature", "forged");
    Map<String, Object> forgedVariables = new HashMap<>(forged.getVariablesAsMap());
    forgedVariables.put(CompletionStamps.VARIABLE, stamp);
    when(forged.getVariablesAsMap()).thenReturn(forgedVariables);
    assertThatThrownBy(() -> caseWorkers.checkCompletion(forged, caseId))
        .isInstanceOfSatisfying(JobError.class, e -> assertThat(e.getMessage()).contains("not valid for this process instance"));
    var changed = stampedJob("exportcert.case.check-completion", "Task_ReviewApplication", "rita.reviewer",
        Map.of("caseId", caseId, "eligibilityOutcome", "REFUSED"));
    Map<String, Object> changedVariables = new HashMap<>(changed.getVariablesAsMap());
    changedVariables.put("eligibilityOutcome", "ACCEPTED");
    when(changed.getVariablesAsMap()).thenReturn(changedVariables);
    assertThatThrownBy(() -> caseWorkers.checkCompletion(changed, caseId))
        .isInstanceOfSatisfying(JobError.class, e -> assertThat(e.getMessage()).contains("was changed after rita.reviewer"));
  }

  @Test
  void requestLabTestSendsOneRequestPerStep() {
    String caseId = newCase();
    caseWorkers.allocateStaff(job("exportcert.case.allocate-staff"), caseId, "TEST_LAB");
    var job = job("exportcert.testing.request-lab-test");
    var first = testing.requestLabTest(job, caseId, "BASE", null, List.of("ROBUSTNESS"), null, "INITIAL");
    assertThat(testing.requestLabTest(job, caseId, "BASE", null, List.of("ROBUSTNESS"), null, "INITIAL")).isEqualTo(first);
    assertThat(count("test_request", caseId)).isEqualTo(1);
    assertThat(count("outbox_message", caseId)).isEqualTo(1);
  }

  @Test
  void importTestReportImportsOnceAndFailsWithTheReferencesTheModelMaps() {
    String caseId = newCase();
    String failing = upload(caseId, "TEST_REPORT", "r1.json", report(caseId, "R-1", false));
    var job = reportJob(failing);
    for (int run = 0; run < 2; run++) {
      assertThatThrownBy(() -> testing.importTestReport(job, caseId, null, failing))
          .isInstanceOfSatisfying(BpmnError.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo("TEST_FAILED");
            assertThat((Map<String, Object>) e.getVariables())
                .containsKeys("testReportId", "nonconformityIds")
                .containsEntry("majorNonconformityCount", 1);
          });
    }
    assertThat(count("test_report", caseId)).isEqualTo(1);
    assertThat(count("nonconformity", caseId)).isEqualTo(1);

    String passing = upload(caseId, "TEST_REPORT", "r2.json", report(caseId, "R-2", true));
    var ok = testing.importTestReport(reportJob(passing), caseId, null, passing);
    assertThat(ok.nonconformityIds()).isEmpty();

    String broken = upload(caseId, "TEST_REPORT", "r3.json", "{\"format\": \"something else\"}");
    assertThatThrownBy(() -> testing.importTestReport(reportJob(broken), caseId, null, broken))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("TEST_REPORT_INVALID"));
  }
}
