package org.exportcert.certification.recognition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.evidence.DossierExporter;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.outbox.OutboxMessage;
import org.exportcert.certification.outbox.OutboxService;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.CertificateRepository;
import org.exportcert.certification.report.AssessmentReportService;
import org.exportcert.certification.testing.TestReport;
import org.exportcert.certification.testing.TestReportRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phase 5, per target market: the signed dossier to the partner body (through the outbox, so a
 * crash neither loses nor duplicates it), reminders, and the partner's answer.
 */
@Service
public class RecognitionService {

  public static final String REF = "RC";
  public static final String DOSSIER_REF = "DS";

  private final RecognitionRepository recognitions;
  private final PartnerProperties partners;
  private final CertificateRepository certificates;
  private final TestReportRepository reports;
  private final EvidenceStore evidence;
  private final DossierExporter exporter;
  private final AssessmentReportService assessmentReports;
  private final OutboxService outbox;
  private final CaseService cases;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public RecognitionService(
      RecognitionRepository recognitions,
      PartnerProperties partners,
      CertificateRepository certificates,
      TestReportRepository reports,
      EvidenceStore evidence,
      DossierExporter exporter,
      AssessmentReportService assessmentReports,
      OutboxService outbox,
      CaseService cases,
      AuditTrail audit,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.recognitions = recognitions;
    this.partners = partners;
    this.certificates = certificates;
    this.reports = reports;
    this.evidence = evidence;
    this.exporter = exporter;
    this.assessmentReports = assessmentReports;
    this.outbox = outbox;
    this.cases = cases;
    this.audit = audit;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /** The dossier id a case and market always have: derived, so a retry names the same one. */
  public static String dossierId(String caseId, String market, int certificateRevision) {
    return DOSSIER_REF + "-" + caseId + "-" + market + "-R" + certificateRevision;
  }

  /**
   * Builds the dossier (certificate, assessment report, test reports, the extra document kinds the
   * market asks for) and queues it for the partner body.
   *
   * @return the dossier id
   * @throws NoRecognitionArrangementException no partner body configured with an arrangement
   */
  public String sendDossier(String caseId, String marketCode, String partnerBodyId, List<String> extraKinds, String actor) {
    String market = marketCode.toUpperCase(Locale.ROOT);
    PartnerProperties.Partner partner = partners.partner(partnerBodyId).orElse(null);
    if (partner == null || partner.arrangement() == null || partner.arrangement().isBlank() || partner.endpoint() == null) {
      tx.executeWithoutResult(s -> {
        Recognition r = recognition(caseId, market, partnerBodyId == null ? "unknown" : partnerBodyId, null);
        r.answer(Recognition.Outcome.NO_ARRANGEMENT, null, null);
      });
      throw new NoRecognitionArrangementException(
          "No recognition arrangement with partner body " + partnerBodyId + " for market " + market);
    }
    Certificate cert =
        certificates.findFirstByCaseIdOrderByRevisionDesc(caseId)
            .orElseThrow(() -> new IllegalStateException("No certificate for " + caseId + " to send"));
    String dossierId = dossierId(caseId, market, cert.getRevision());
    Recognition r = tx.execute(s -> recognition(caseId, market, partnerBodyId, partner.arrangement()));
    if (outbox.findByKey("dossier:" + dossierId).isPresent()) {
      return dossierId;
    }
    List<String> files = new ArrayList<>();
    if (cert.getPdfEvidenceId() != null) {
      files.add(cert.getPdfEvidenceId());
    }
    // what the partner body reads the decision from, in Chinese and English, signed like the rest
    files.add(assessmentReports.reportFor(cert).getId());
    reports.findByCaseIdOrderByIdAsc(caseId).stream()
        .map(TestReport::getEvidenceId)
        .filter(java.util.Objects::nonNull)
        .forEach(files::add);
    Set<String> kinds = new LinkedHashSet<>();
    if (extraKinds != null) {
      extraKinds.forEach(k -> kinds.add(k.toUpperCase(Locale.ROOT)));
    }
    kinds.add("ACCREDITATION_PROOF");
    for (Evidence e : evidence.forCase(caseId)) {
      if (kinds.contains(e.getKind().toUpperCase(Locale.ROOT)) && e.getReviewStatus() != Evidence.ReviewStatus.REJECTED) {
        files.add(e.getId());
      }
    }
    String key = "cases/" + caseId + "/dossiers/" + dossierId + ".zip";
    DossierExporter.Dossier dossier =
        exporter.export(caseId, key, "Recognition request " + market + " for " + cert.getDisplayNumber(), files);
    String payload = payload("dossier", caseId, market, dossierId, cert, dossier);
    tx.executeWithoutResult(
        s -> {
          Recognition locked = recognitions.findById(r.getId()).orElseThrow();
          locked.dossierQueued(key, dossier.manifestSha256(), clock.instant());
          outbox.enqueue(
              "dossier:" + dossierId, caseId, OutboxMessage.Channel.PARTNER_DOSSIER, partnerBodyId,
              "Recognition request " + dossierId, payload);
          audit.record(actor, "recognition.dossier_queued", CaseService.AUDIT_SUBJECT, caseId, org.exportcert.certification.audit.Reason.of("audit.reason.dossier-to", dossierId, partnerBodyId));
        });
    return dossierId;
  }

  /** Queues a reminder about an unanswered request (once per step). */
  public String sendReminder(String caseId, String marketCode, String dossierId, String stepKey, String actor) {
    String market = marketCode.toUpperCase(Locale.ROOT);
    Recognition r =
        recognitions.findByCaseIdAndMarket(caseId, market)
            .orElseThrow(() -> new IllegalStateException("No recognition request for " + caseId + " / " + market));
    ObjectNode body = json.createObjectNode();
    body.put("type", "reminder");
    body.put("caseId", caseId);
    body.put("market", market);
    body.put("dossierId", dossierId);
    body.put("dossierSentAt", String.valueOf(r.getDossierSentAt()));
    String key = "reminder:" + stepKey;
    return tx.execute(
        s -> {
          boolean fresh = outbox.findByKey(key).isEmpty();
          var m = outbox.enqueue(key, caseId, OutboxMessage.Channel.PARTNER_DOSSIER, r.getPartnerBody(),
              "Reminder " + dossierId, body.toString());
          if (fresh) {
            audit.record(actor, "recognition.reminder_queued", CaseService.AUDIT_SUBJECT, caseId, dossierId);
          }
          return Refs.of("OB", m.getId());
        });
  }

  /**
   * Records a market's outcome: ACCEPTED, REJECTED, NO_ANSWER, NO_ARRANGEMENT, EXTRA_TESTS_FAILED
   * (or EXTRA_TESTS, a request for more tests). Other markets are unaffected.
   */
  public String recordOutcome(String caseId, String marketCode, String outcome, String partnerReference, String actor) {
    String market = marketCode.toUpperCase(Locale.ROOT);
    String code = outcome == null ? "" : outcome.toUpperCase(Locale.ROOT);
    Recognition.Outcome o =
        switch (code) {
          case "EXTRA_TESTS", "EXTRA_TESTS_REQUESTED" -> Recognition.Outcome.EXTRA_TESTS_REQUESTED;
          case "ACCEPTED", "REJECTED", "NO_ANSWER", "NO_ARRANGEMENT", "EXTRA_TESTS_FAILED" -> Recognition.Outcome.valueOf(code);
          default -> throw new IllegalArgumentException("Unknown recognition outcome " + outcome);
        };
    return tx.execute(
        s -> {
          Recognition r = recognitions.findByCaseIdAndMarket(caseId, market)
              .orElseGet(() -> recognitions.save(new Recognition(caseId, market, "unknown", null)));
          if (r.getOutcome() != o || !java.util.Objects.equals(r.getPartnerReference(), partnerReference)) {
            r.answer(o, partnerReference, r.getExtraTests());
            audit.record(actor, "recognition." + o.name().toLowerCase(Locale.ROOT), CaseService.AUDIT_SUBJECT, caseId, market);
          }
          return Refs.of(REF, r.getId());
        });
  }

  private Recognition recognition(String caseId, String market, String partnerBody, String arrangement) {
    cases.lock(caseId);
    return recognitions.findByCaseIdAndMarket(caseId, market)
        .orElseGet(() -> recognitions.save(new Recognition(caseId, market, partnerBody, arrangement)));
  }

  private String payload(String type, String caseId, String market, String dossierId, Certificate cert, DossierExporter.Dossier d) {
    try {
      ObjectNode body = json.createObjectNode();
      body.put("type", type);
      body.put("caseId", caseId);
      body.put("market", market);
      body.put("dossierId", dossierId);
      body.put("certificateNumber", cert.getDisplayNumber());
      body.put("dossierKey", d.objectKey());
      body.put("manifestSha256", d.manifestSha256());
      body.set("manifest", json.readTree(d.manifest()));
      body.put("manifestSignature", d.signatureBase64());
      return json.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
