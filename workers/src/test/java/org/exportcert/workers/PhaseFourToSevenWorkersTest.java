package org.exportcert.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.JobError;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exportcert.certification.completion.CompletionStamps;
import org.exportcert.workers.appeal.AppealWorkers;
import org.exportcert.workers.casefile.CaseWorkers;
import org.exportcert.workers.decision.DecisionWorkers;
import org.exportcert.workers.recognition.RecognitionWorkers;
import org.exportcert.workers.registry.RegistryWorkers;
import org.exportcert.workers.surveillance.SurveillanceWorkers;
import org.exportcert.workers.testing.TestingWorkers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each worker run twice for the same job leaves one side effect; outcomes map to the right channel. */
class PhaseFourToSevenWorkersTest extends WorkerTest {

  @Autowired CaseWorkers caseWorkers;
  @Autowired TestingWorkers testing;
  @Autowired DecisionWorkers decisions;
  @Autowired RegistryWorkers registry;
  @Autowired RecognitionWorkers recognition;
  @Autowired SurveillanceWorkers surveillance;
  @Autowired AppealWorkers appeals;

  /** A case tested by tina.tester (via an imported report) with a decision committee allocated. */
  String testedCase() {
    String caseId = newCase();
    String report = upload(caseId, "TEST_REPORT", "r.json", report(caseId, "R-OK", true));
    testing.importTestReport(reportJob(report), caseId, null, report);
    caseWorkers.allocateStaff(job("exportcert.case.allocate-staff"), caseId, "DECISION_COMMITTEE");
    return caseId;
  }

  String grantedCase() {
    String caseId = testedCase();
    return decisions.recordDecision(decisionJob("dora.decider", "GRANT", "All met", null), caseId, "CERTIFICATION", "GRANT", "All met", null)
        .decisionRecordId() + " " + caseId;
  }

  @Test
  void recordDecisionRecordsOnceClearsTheTextAndRefusesATester() {
    String caseId = testedCase();
    var job = decisionJob("dora.decider", "GRANT_WITH_CONDITIONS", "Met with conditions", "Annual red-team test");
    var first = decisions.recordDecision(job, caseId, "CERTIFICATION", "GRANT_WITH_CONDITIONS", "Met with conditions", "Annual red-team test");
    assertThat(decisions.recordDecision(job, caseId, "CERTIFICATION", "GRANT_WITH_CONDITIONS", "Met with conditions", "Annual red-team test"))
        .isEqualTo(first);
    assertThat(first.decisionRationale()).isNull();
    assertThat(first.decisionConditions()).isNull();
    assertThat(count("decision", caseId)).isEqualTo(1);
    assertThatThrownBy(() -> decisions.recordDecision(decisionJob("tina.tester", "GRANT", "x", null), caseId, "CERTIFICATION", "GRANT", "x", null))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("IMPARTIALITY_VIOLATION"));
    assertThat(count("decision", caseId)).isEqualTo(1);
  }

  @Test
  void aDecisionCompletedOnTheEnginePortBecomesAnIncidentAndNoDecision() {
    String caseId = testedCase();
    // completed through the engine's port: the outcome is there, ExportCert's stamp is not
    var job = job("exportcert.decision.record-decision");
    when(job.getProcessInstanceKey()).thenReturn(77L);
    when(job.getCustomHeaders()).thenReturn(Map.of(CompletionStamps.HEADER, "Task_DecideCertification"));
    when(job.getVariablesAsMap()).thenReturn(new HashMap<>(Map.of("caseId", caseId, "decisionOutcome", "GRANT")));
    assertThatThrownBy(() -> decisions.recordDecision(job, caseId, "CERTIFICATION", "GRANT", "x", null))
        .isInstanceOfSatisfying(JobError.class, e -> {
          assertThat(e.getRetries()).isZero(); // an incident at once, no retries
          assertThat(e.getMessage()).contains("completed outside ExportCert").contains("未记录")
              // the action the operator takes, in both languages, as the console names it
              .contains("Send back to the task").contains("退回该任务重新办理");
        });
    // a stamp of another decision task of the instance does not do either
    var replayed = decisionJob("dora.decider", "GRANT", "x", null);
    when(replayed.getCustomHeaders()).thenReturn(Map.of(CompletionStamps.HEADER, "Task_DecideRenewal"));
    assertThatThrownBy(() -> decisions.recordDecision(replayed, caseId, "CERTIFICATION", "GRANT", "x", null))
        .isInstanceOf(JobError.class);
    assertThat(count("decision", caseId)).isZero();
    assertThat(jdbc.queryForObject("select status from certification_case where id = ?", String.class, caseId))
        .isNotEqualTo("GRANTED");
  }

  @Test
  void theDecisionAndItsAuditEntryNameThePersonWhoCompletedTheTask() {
    String caseId = testedCase();
    decisions.recordDecision(decisionJob("dora.decider", "GRANT", "All met", null), caseId, "CERTIFICATION", "GRANT", "All met", null);
    assertThat(jdbc.queryForObject("select decision_maker from decision where case_id = ?", String.class, caseId))
        .isEqualTo("dora.decider");
    assertThat(jdbc.queryForList(
            "select actor from audit_entry where subject_id = ? and action like 'decision.%'", String.class, caseId))
        .containsExactly("dora.decider");
  }

  @Test
  void issueCertificateAllocatesTheNumberOnceAndStoresOnePdf() throws Exception {
    String[] granted = grantedCase().split(" ");
    String decision = granted[0], caseId = granted[1];
    var job = job("exportcert.registry.issue-certificate");
    var first = registry.issueCertificate(job, caseId, decision, "P3Y");
    assertThat(registry.issueCertificate(job, caseId, decision, "P3Y")).isEqualTo(first);
    assertThat(first.certificateNumber()).matches("ECC-\\d{4}-\\d{6}/R1");
    assertThat(count("certificate", caseId)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from evidence where case_id = ? and kind = 'CERTIFICATE'", Integer.class, caseId)).isEqualTo(1);
    String pdfId = jdbc.queryForObject("select pdf_evidence_id from certificate where case_id = ?", String.class, caseId);
    try (InputStream in = evidence.open(pdfId); var doc = Loader.loadPDF(in.readAllBytes())) {
      assertThat(new PDFTextStripper().getText(doc)).contains(first.certificateNumber());
    }
  }

  @Test
  void publishSuspendRestoreWithdrawAndMarketsChangeStateOnce() {
    String[] granted = grantedCase().split(" ");
    String decision = granted[0], caseId = granted[1];
    assertThatThrownBy(() -> registry.publishEntry(job("exportcert.registry.publish-entry"), caseId, "ECC-0000-000000/R1"))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("REGISTRY_CHECK_FAILED"));
    var cert = registry.issueCertificate(job("exportcert.registry.issue-certificate"), caseId, decision, "P3Y");
    var job = job("exportcert.registry.publish-entry");
    var entry = registry.publishEntry(job, caseId, cert.certificateNumber());
    assertThat(registry.publishEntry(job, caseId, cert.certificateNumber())).isEqualTo(entry);
    assertThat(count("registry_entry", caseId)).isEqualTo(1);

    var suspend = job("exportcert.registry.suspend-entry");
    registry.suspendEntry(suspend, caseId, "SURVEILLANCE_MISSED");
    registry.suspendEntry(suspend, caseId, "SURVEILLANCE_MISSED");
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'certificate.suspended'", Integer.class, caseId)).isEqualTo(1);
    var restore = job("exportcert.registry.restore-entry");
    registry.restoreEntry(restore, caseId);
    registry.restoreEntry(restore, caseId);
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'certificate.restored'", Integer.class, caseId)).isEqualTo(1);

    recognition.recordOutcome(job("exportcert.recognition.record-outcome"), caseId, "EU", "ACCEPTED", "EU-1");
    var markets = job("exportcert.registry.update-markets");
    registry.updateMarkets(markets, caseId, List.of());
    registry.updateMarkets(markets, caseId, List.of());
    assertThat(jdbc.queryForObject("select markets_recognised from registry_entry where case_id = ?", String.class, caseId)).isEqualTo("EU");
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'registry.markets'", Integer.class, caseId)).isEqualTo(1);

    var withdraw = job("exportcert.registry.withdraw-entry");
    registry.withdrawEntry(withdraw, caseId, "COMMITTEE_DECISION");
    registry.withdrawEntry(withdraw, caseId, "COMMITTEE_DECISION");
    assertThat(jdbc.queryForObject("select status from registry_entry where case_id = ?", String.class, caseId)).isEqualTo("WITHDRAWN");
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'certificate.withdrawn'", Integer.class, caseId)).isEqualTo(1);
  }

  @Test
  void anAcceptedChangeReissuedByTheWorkerSetsTheStatusAndTheListedRevision() {
    String[] granted = grantedCase().split(" ");
    String decision = granted[0], caseId = granted[1];
    var r1 = registry.issueCertificate(job("exportcert.registry.issue-certificate"), caseId, decision, "P3Y");
    registry.publishEntry(job("exportcert.registry.publish-entry"), caseId, r1.certificateNumber());
    var change = stampedJob("exportcert.decision.record-decision", "Task_DecideOnChange", "dora.decider",
        Map.of("decisionOutcome", "ACCEPT_CHANGE", "decisionRationale", "Retested, scope holds"));
    String accepted = decisions.recordDecision(change, caseId, "CHANGE", "ACCEPT_CHANGE", "Retested, scope holds", null)
        .decisionRecordId();

    var reissue = job("exportcert.registry.issue-certificate");
    var r2 = registry.issueCertificate(reissue, caseId, accepted, "P3Y");
    assertThat(registry.issueCertificate(reissue, caseId, accepted, "P3Y")).isEqualTo(r2);

    assertThat(r2.certificateNumber()).isEqualTo(r1.certificateNumber().replace("/R1", "/R2"));
    assertThat(r2.certificateExpiry()).isEqualTo(r1.certificateExpiry());
    assertThat(jdbc.queryForObject("select status from certification_case where id = ?", String.class, caseId))
        .isEqualTo("CHANGE_ACCEPTED");
    assertThat(jdbc.queryForObject("select certificate_number from registry_entry where case_id = ?", String.class, caseId))
        .isEqualTo(r2.certificateNumber());
    assertThat(jdbc.queryForObject(
            "select count(*) from case_status_change where case_id = ? and to_status = 'CHANGE_ACCEPTED'", Integer.class, caseId))
        .isEqualTo(1);
  }

  @Test
  void sendDossierQueuesOneSignedDossierAndAMarketWithoutArrangementIsABusinessOutcome() {
    String[] granted = grantedCase().split(" ");
    String decision = granted[0], caseId = granted[1];
    registry.issueCertificate(job("exportcert.registry.issue-certificate"), caseId, decision, "P3Y");
    var job = job("exportcert.recognition.send-dossier");
    var first = recognition.sendDossier(job, caseId, "EU", "EU-PB", List.of());
    assertThat(recognition.sendDossier(job, caseId, "EU", "EU-PB", List.of())).isEqualTo(first);
    assertThat(jdbc.queryForObject("select count(*) from outbox_message where case_id = ? and channel = 'PARTNER_DOSSIER'", Integer.class, caseId)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select dossier_manifest_sha256 from recognition where case_id = ? and market = 'EU'", String.class, caseId)).hasSize(64);
    assertThatThrownBy(() -> recognition.sendDossier(job("exportcert.recognition.send-dossier"), caseId, "SG", "SG-UNKNOWN", List.of()))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("NO_RECOGNITION_ARRANGEMENT"));

    var reminder = job("exportcert.recognition.send-reminder");
    recognition.sendReminder(reminder, caseId, "EU", first.dossierId());
    recognition.sendReminder(reminder, caseId, "EU", first.dossierId());
    assertThat(jdbc.queryForObject("select count(*) from outbox_message where case_id = ? and idempotency_key like 'reminder:%'", Integer.class, caseId)).isEqualTo(1);
  }

  @Test
  void recordOutcomeRecordsPerMarketOnce() {
    String caseId = newCase();
    var job = job("exportcert.recognition.record-outcome");
    var first = recognition.recordOutcome(job, caseId, "SG", "REJECTED", "SG-9");
    assertThat(recognition.recordOutcome(job, caseId, "SG", "REJECTED", "SG-9")).isEqualTo(first);
    recognition.recordOutcome(job("exportcert.recognition.record-outcome"), caseId, "EU", "ACCEPTED", null);
    assertThat(count("recognition", caseId)).isEqualTo(2);
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'recognition.rejected'", Integer.class, caseId)).isEqualTo(1);
    assertThatThrownBy(() -> recognition.recordOutcome(job("exportcert.recognition.record-outcome", 2), caseId, "EU", "MAYBE", null))
        .isInstanceOfSatisfying(JobError.class, e -> assertThat(e.getRetries()).isZero()); // wrong input: an incident at once
  }

  @Test
  void scheduleNextGivesTheSameDatesOnARetryAndMovesOnOnlyAfterASurveillance() {
    String[] granted = grantedCase().split(" ");
    String decision = granted[0], caseId = granted[1];
    var cert = registry.issueCertificate(job("exportcert.registry.issue-certificate"), caseId, decision, "P3Y");
    var job = job("exportcert.surveillance.schedule-next");
    var first = surveillance.scheduleNext(job, caseId, cert.certificateExpiry(), "P1Y", "P90D", null);
    assertThat(surveillance.scheduleNext(job, caseId, cert.certificateExpiry(), "P1Y", "P90D", null)).isEqualTo(first);
    assertThat(count("surveillance_schedule", caseId)).isEqualTo(1);
    // scheduled again without a surveillance (an accepted change, a restoration): the same date
    var kept = surveillance.scheduleNext(job("exportcert.surveillance.schedule-next"), caseId, cert.certificateExpiry(), "P1Y", "P90D", null);
    assertThat(kept).isEqualTo(first);
    var next = surveillance.scheduleNext(job("exportcert.surveillance.schedule-next"), caseId, cert.certificateExpiry(), "P1Y", "P90D", "MAINTAIN");
    assertThat(java.time.Instant.parse(next.nextSurveillanceDue()))
        .isEqualTo(java.time.Instant.parse(first.nextSurveillanceDue()).atZone(java.time.ZoneOffset.UTC).plusYears(1).toInstant());
    assertThat(next.renewalWindowOpens()).isEqualTo(first.renewalWindowOpens());
  }

  @Test
  void recordAppealRegistersOneAppealPerDecision() {
    String caseId = testedCase();
    var refusal = decisions.recordDecision(decisionJob("dora.decider", "REFUSE", "Gaps", null), caseId, "CERTIFICATION", "REFUSE", "Gaps", null);
    var job = job("exportcert.appeal.record-appeal");
    var first = appeals.recordAppeal(job, caseId, refusal.decisionRecordId());
    assertThat(appeals.recordAppeal(job, caseId, refusal.decisionRecordId())).isEqualTo(first);
    assertThat(count("appeal", caseId)).isEqualTo(1);
  }
}
