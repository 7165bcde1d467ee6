package org.exportcert.certification.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.PartnerStub;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.TestReports;
import org.exportcert.certification.appeal.AppealService;
import org.exportcert.certification.audit.AuditChainVerifier;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.exportcert.certification.casefile.StaffAllocationService;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.certification.documentreview.DocumentReviewService;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.notification.NotificationService;
import org.exportcert.certification.outbox.OutboxDispatcher;
import org.exportcert.certification.outbox.OutboxMessage;
import org.exportcert.certification.outbox.OutboxMessageRepository;
import org.exportcert.certification.recognition.NoRecognitionArrangementException;
import org.exportcert.certification.recognition.PartnerHttpSender;
import org.exportcert.certification.recognition.RecognitionService;
import org.exportcert.certification.registry.CertificateService;
import org.exportcert.certification.registry.RegistryCheckFailedException;
import org.exportcert.certification.registry.RegistryService;
import org.exportcert.certification.surveillance.SurveillanceService;
import org.exportcert.certification.testing.TestingService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One case through every phase service, each step run twice as a retried job would, checking that
 * the second run changes nothing.
 */
class CaseLifecycleTest extends DomainTest {

  @Autowired ApplicationService applications;
  @Autowired CaseService cases;
  @Autowired StaffAllocationService allocation;
  @Autowired EvidenceStore evidence;
  @Autowired DocumentReviewService documents;
  @Autowired TestingService testing;
  @Autowired DecisionService decisions;
  @Autowired CertificateService certificates;
  @Autowired RegistryService registry;
  @Autowired RecognitionService recognition;
  @Autowired SurveillanceService surveillance;
  @Autowired NotificationService notifications;
  @Autowired AppealService appeals;
  @Autowired OutboxDispatcher dispatcher;
  @Autowired OutboxMessageRepository outbox;
  @Autowired AuditChainVerifier auditVerifier;

  String upload(String caseId, String kind, String name, String content) {
    return evidence
        .store(new EvidenceStore.Upload(caseId, kind, name, "applicant", null),
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
        .getId();
  }

  @Test
  void aCaseGoesFromApplicationToListingAndEveryStepIsIdempotent() throws Exception {
    String caseId = TestCases.open(applications).getId();
    assertThat(caseId).matches("EC-\\d{4}-\\d{6}");

    // Phase 1
    var summary = applications.recordApplication(caseId, "worker");
    assertThat(applications.recordApplication(caseId, "worker")).isEqualTo(summary);
    assertThat(summary.category()).isEqualTo("AI_SAAS");
    assertThat(summary.targetMarkets()).containsExactly("EU", "SG");
    assertThat(cases.history(caseId)).hasSize(1);
    cases.recordStatus(caseId, "ACCEPTED", "ELIGIBLE", "worker");
    cases.recordStatus(caseId, "ACCEPTED", "ELIGIBLE", "worker");
    assertThat(cases.history(caseId)).hasSize(2);

    // Phase 2
    String evaluator = allocation.allocate(caseId, "EVALUATOR", "worker");
    assertThat(allocation.allocate(caseId, "EVALUATOR", "worker")).isEqualTo(evaluator);
    for (String kind : List.of("ARCHITECTURE", "DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION")) {
      upload(caseId, kind, kind.toLowerCase() + ".txt", kind + " of the service\n");
    }
    assertThat(documents.missingKinds(caseId, null, null)).containsExactly("API_SPECIFICATION");
    // the request for documents names the one still missing
    notifications.notifyApplicant(caseId, "DOCUMENTS_REQUESTED", "P30D", caseId + "/Task_RequestDocuments/3");
    assertThat(outbox.findByCaseIdOrderByIdAsc(caseId)).singleElement()
        .satisfies(m -> assertThat(m.getPayload()).contains("API_SPECIFICATION"));
    upload(caseId, "API_SPECIFICATION", "openapi.json", "{\"openapi\": \"3.1.0\"}");
    upload(caseId, "ACCREDITATION_PROOF", "accreditation.pdf", "%PDF-1.4 accreditation\n");
    assertThat(documents.missingKinds(caseId, "AI_SAAS", 6)).isEmpty();
    assertThat(documents.missingKinds(caseId, "AI_SAAS", 5)).containsExactly("MANAGEMENT_SYSTEM");
    List<String> registered = documents.registerEvidence(caseId, "worker");
    assertThat(registered).hasSize(6);
    assertThat(documents.registerEvidence(caseId, "worker")).isEqualTo(registered);
    String findings = documents.recordFindings(caseId, caseId + "/Task_RecordFindings/1", "CONFORM", "complete", "worker");
    assertThat(documents.recordFindings(caseId, caseId + "/Task_RecordFindings/1", "CONFORM", "complete", "worker")).isEqualTo(findings);
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.TESTING);

    // Phase 3
    allocation.allocate(caseId, "TEST_LAB", "worker");
    String request = testing.requestLabTest(caseId, caseId + "/Task_RequestLabTest/2", "BASE", null, List.of("ROBUSTNESS"), List.of("SECURITY"), "INITIAL", "worker");
    assertThat(testing.requestLabTest(caseId, caseId + "/Task_RequestLabTest/2", "BASE", null, List.of("ROBUSTNESS"), List.of("SECURITY"), "INITIAL", "worker")).isEqualTo(request);
    assertThat(outbox.findByCaseIdOrderByIdAsc(caseId)).extracting(OutboxMessage::getChannel)
        .containsExactly(OutboxMessage.Channel.APPLICANT_NOTIFICATION, OutboxMessage.Channel.LAB_REQUEST);
    String failedReport = upload(caseId, "TEST_REPORT", "report-1.json", TestReports.report(caseId, "ALPHA-1", "FAIL", TestReports.MAJOR_NC));
    assertThat(testing.suitesOutsidePlan(caseId, failedReport)).isEmpty();
    String offPlan = upload(caseId, "TEST_REPORT", "report-x.json",
        TestReports.report(caseId, "ALPHA-X", "PASS", "").replace("\"SECURITY\"", "\"PRIVACY\""));
    assertThat(testing.suitesOutsidePlan(caseId, offPlan)).hasValueSatisfying(o -> {
      assertThat(o.suites()).containsExactly("PRIVACY");
      assertThat(o.plan()).containsExactly("ROBUSTNESS", "SECURITY");
    });
    var failed = testing.importReport(caseId, request, failedReport, "worker");
    assertThat(failed.failed()).isTrue();
    assertThat(failed.majorNonconformityCount()).isEqualTo(1);
    assertThat(testing.importReport(caseId, request, failedReport, "worker")).isEqualTo(failed);
    String passReport = upload(caseId, "TEST_REPORT", "report-2.json", TestReports.report(caseId, "ALPHA-2", "PASS", ""));
    var passed = testing.importReport(caseId, request, passReport, "worker");
    assertThat(passed.failed()).isFalse();

    // Phase 4: the tester named in the report may not decide
    allocation.allocate(caseId, "REVIEWER", "worker");
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    assertThatThrownBy(() -> decisions.record(new DecisionService.DecisionInput(caseId, caseId + "/Task_Record/3", "CERTIFICATION", "GRANT", "fine", null, "tina.tester")))
        .isInstanceOf(ImpartialityViolationException.class);
    var grant = new DecisionService.DecisionInput(caseId, caseId + "/Task_Record/4", "CERTIFICATION", "GRANT", "All requirements met", null, null);
    String decision = decisions.record(grant);
    assertThat(decisions.record(grant)).isEqualTo(decision);
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.GRANTED);

    // Phase 6: certificate and listing
    var issued = certificates.issue(caseId, decision, "P3Y", "worker");
    assertThat(certificates.issue(caseId, decision, "P3Y", "worker")).isEqualTo(issued);
    assertThat(issued.certificateNumber()).matches("ECC-\\d{4}-\\d{6}/R1");
    try (InputStream pdf = evidence.open(issued.pdfEvidenceId());
        var doc = Loader.loadPDF(pdf.readAllBytes())) {
      assertThat(new PDFTextStripper().getText(doc)).contains(issued.certificateNumber()).contains("Insight AI");
    }
    assertThatThrownBy(() -> registry.publish(caseId, "ECC-1999-000001/R1", "worker")).isInstanceOf(RegistryCheckFailedException.class);
    String entry = registry.publish(caseId, issued.certificateNumber(), "worker");
    assertThat(registry.publish(caseId, issued.certificateNumber(), "worker")).isEqualTo(entry);
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.CERTIFIED);
    assertThat(registry.publicList()).anyMatch(e -> e.getCaseId().equals(caseId));

    // Phase 5: recognition, one market with an arrangement, one without
    PartnerStub.RECEIVED.clear();
    String dossier = recognition.sendDossier(caseId, "EU", "EU-PB", List.of(), "worker");
    assertThat(recognition.sendDossier(caseId, "EU", "EU-PB", List.of(), "worker")).isEqualTo(dossier);
    assertThatThrownBy(() -> recognition.sendDossier(caseId, "SG", "SG-NONE", List.of(), "worker"))
        .isInstanceOf(NoRecognitionArrangementException.class);
    assertThat(dispatcher.dispatchDue()).isGreaterThanOrEqualTo(2); // lab request + dossier
    assertThat(dispatcher.dispatchDue()).isZero();
    assertThat(PartnerStub.RECEIVED).hasSize(1);
    var received = PartnerStub.RECEIVED.get(0);
    assertThat(received.header("Idempotency-Key")).isEqualTo("dossier:" + dossier);
    String expected = PartnerHttpSender.hmac(PartnerStub.SECRET, received.header(PartnerHttpSender.TIMESTAMP_HEADER) + "." + received.body());
    assertThat(received.header(PartnerHttpSender.SIGNATURE_HEADER)).isEqualTo("sha256=" + expected);
    assertThat(received.body()).contains("\"manifestSignature\"").contains("\"dossierUrl\"");
    recognition.recordOutcome(caseId, "EU", "ACCEPTED", "EU-REF-7", "worker");
    assertThat(registry.updateMarkets(caseId, "worker")).containsExactly("EU");

    // Phase 7
    var first = surveillance.scheduleNext(caseId, caseId + "/Task_Schedule/5", issued.expiry().toString(), "P1Y", "P90D", null, "worker");
    assertThat(surveillance.scheduleNext(caseId, caseId + "/Task_Schedule/5", issued.expiry().toString(), "P1Y", "P90D", null, "worker")).isEqualTo(first);
    var second = surveillance.scheduleNext(caseId, caseId + "/Task_Schedule/6", issued.expiry().toString(), "P1Y", "P90D", "MAINTAIN", "worker");
    assertThat(second.nextSurveillanceDue()).isAfter(first.nextSurveillanceDue());
    registry.suspend(caseId, "SURVEILLANCE_MISSED", "worker");
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.SUSPENDED);
    registry.restore(caseId, "worker");
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.CERTIFIED);

    String note = notifications.notifyApplicant(caseId, "CERTIFICATE_ISSUED", null, caseId + "/Task_Notify/7");
    assertThat(notifications.notifyApplicant(caseId, "CERTIFICATE_ISSUED", null, caseId + "/Task_Notify/7")).isEqualTo(note);
    assertThat(outbox.findByCaseIdOrderByIdAsc(caseId)).filteredOn(m -> m.getChannel() == OutboxMessage.Channel.APPLICANT_NOTIFICATION).hasSize(2);

    registry.withdraw(caseId, "TERMINATED_BY_HOLDER", "worker");
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.TERMINATED);
    assertThat(auditVerifier.verify().intact()).isTrue();
  }

  @Test
  void aRefusalCanBeAppealedOnceAndTheDecisionMakerCannotHearIt() {
    String caseId = TestCases.open(applications).getId();
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    String refusal = decisions.record(new DecisionService.DecisionInput(caseId, caseId + "/D/1", "CERTIFICATION", "REFUSE", "Major gaps", null, null));
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.REFUSED);
    String appeal = appeals.record(caseId, refusal, "applicant");
    assertThat(appeals.record(caseId, refusal, "applicant")).isEqualTo(appeal);
    String decider = decisions.get(refusal).getDecisionMaker();
    assertThatThrownBy(() -> decisions.record(new DecisionService.DecisionInput(caseId, caseId + "/A/2", "APPEAL", "UPHELD", "x", null, decider)))
        .isInstanceOf(ImpartialityViolationException.class);
    allocation.allocate(caseId, "APPEALS_HANDLER", "worker");
    assertThat(decisions.record(new DecisionService.DecisionInput(caseId, caseId + "/A/3", "APPEAL", "DISMISSED", "Refusal stands", null, null))).startsWith("DR-");
  }
}
