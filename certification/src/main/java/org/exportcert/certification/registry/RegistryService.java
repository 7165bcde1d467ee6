package org.exportcert.certification.registry;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.evidence.EvidenceIntegrityException;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.recognition.Recognition;
import org.exportcert.certification.recognition.RecognitionRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Phase 6 and maintenance: the public white-list entry and the certificate's status. */
@Service
public class RegistryService {

  public static final String REF = "RE";

  private final RegistryEntryRepository entries;
  private final CertificateRepository certificates;
  private final RecognitionRepository recognitions;
  private final CaseService cases;
  private final EvidenceStore evidence;
  private final AuditTrail audit;
  private final Clock clock;

  public RegistryService(
      RegistryEntryRepository entries,
      CertificateRepository certificates,
      RecognitionRepository recognitions,
      CaseService cases,
      EvidenceStore evidence,
      AuditTrail audit,
      Clock clock) {
    this.entries = entries;
    this.certificates = certificates;
    this.recognitions = recognitions;
    this.cases = cases;
    this.evidence = evidence;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Lists the case's current certificate once the registry checks pass: certificate active and
   * unexpired, the number the step names, its PDF stored and intact, the case granted.
   */
  @Transactional(noRollbackFor = RegistryCheckFailedException.class)
  public String publish(String caseId, String certificateNumber, String actor) {
    CertificationCase c = cases.lock(caseId);
    // each problem in English for the BPMN error, and coded for the audit trail's readers
    List<String> problems = new ArrayList<>();
    List<String> coded = new ArrayList<>();
    var current = certificates.findFirstByCaseIdOrderByRevisionDesc(caseId);
    if (current.isEmpty()) {
      throw new RegistryCheckFailedException(List.of("no certificate issued for " + caseId));
    }
    Certificate cert = current.get();
    if (certificateNumber != null && !certificateNumber.isBlank()
        && !certificateNumber.equals(cert.getDisplayNumber()) && !certificateNumber.equals(cert.getNumber())) {
      problems.add("certificate " + certificateNumber + " is not the current one (" + cert.getDisplayNumber() + ")");
      coded.add(Reason.of("audit.reason.registry-not-current", certificateNumber, cert.getDisplayNumber()));
    }
    if (cert.getStatus() != Certificate.Status.ACTIVE) {
      problems.add("certificate " + cert.getDisplayNumber() + " is " + cert.getStatus());
      coded.add(Reason.of("audit.reason.registry-certificate-status", cert.getDisplayNumber(), cert.getStatus()));
    }
    if (cert.getExpiresOn().isBefore(today())) {
      problems.add("certificate expired on " + cert.getExpiresOn());
      coded.add(Reason.of("audit.reason.registry-expired", cert.getExpiresOn()));
    }
    if (cert.getPdfEvidenceId() == null) {
      problems.add("certificate PDF not stored");
      coded.add(Reason.of("audit.reason.registry-pdf-missing"));
    } else {
      try {
        evidence.verify(cert.getPdfEvidenceId());
      } catch (EvidenceIntegrityException e) {
        problems.add("certificate PDF does not match its recorded hash");
        coded.add(Reason.of("audit.reason.registry-pdf-altered"));
      }
    }
    if (!List.of(CaseStatus.GRANTED, CaseStatus.CERTIFIED, CaseStatus.CHANGE_ACCEPTED).contains(c.getStatus())) {
      problems.add("case is " + c.getStatus() + ", not granted");
      coded.add(Reason.of("audit.reason.registry-case-not-granted", c.getStatus()));
    }
    if (!problems.isEmpty()) {
      audit.record(actor, "registry.check_failed", CaseService.AUDIT_SUBJECT, caseId,
          Reason.of("audit.reason.registry-check-failed", Reason.list(coded)));
      throw new RegistryCheckFailedException(problems);
    }
    boolean created = entries.findByCaseId(caseId).isEmpty();
    RegistryEntry entry =
        entries.findByCaseId(caseId)
            .orElseGet(
                () -> entries.save(
                    new RegistryEntry(
                        caseId, c.getApplicantLegalName(), c.getProductName(), c.getCategory(),
                        cert.getDisplayNumber(), cert.getGrantedOn(), cert.getExpiresOn(), acceptedMarkets(caseId),
                        clock.instant())));
    boolean changed = created || entry.getStatus() != RegistryEntry.Status.LISTED
        || !entry.getCertificateNumber().equals(cert.getDisplayNumber());
    entry.update(cert.getDisplayNumber(), cert.getGrantedOn(), cert.getExpiresOn(), acceptedMarkets(caseId), clock.instant());
    entry.setStatus(RegistryEntry.Status.LISTED, clock.instant());
    if (changed) {
      audit.record(actor, "registry.listed", CaseService.AUDIT_SUBJECT, caseId, cert.getDisplayNumber());
    }
    cases.transition(caseId, CaseStatus.CERTIFIED, actor, Reason.of("audit.reason.listed-as", cert.getDisplayNumber()));
    return Refs.of(REF, entry.getId());
  }

  /**
   * Points the case's public entry at a certificate revision just issued (an accepted change or a
   * renewal): the entry names the certificate in force and its validity, never a superseded one.
   * Joins the issuing transaction; a case not listed yet (a first grant) is listed by its own step.
   */
  @Transactional
  void showRevision(Certificate cert, String actor) {
    entries.findByCaseId(cert.getCaseId()).ifPresent(e -> {
      if (!e.getCertificateNumber().equals(cert.getDisplayNumber())) {
        e.update(cert.getDisplayNumber(), cert.getGrantedOn(), cert.getExpiresOn(), e.getMarketsRecognised(), clock.instant());
        audit.record(actor, "registry.listed", CaseService.AUDIT_SUBJECT, cert.getCaseId(),
            Reason.of("audit.reason.listed-as", cert.getDisplayNumber()));
      }
    });
  }

  @Transactional
  public void suspend(String caseId, String reason, String actor) {
    Certificate cert = current(caseId);
    if (cert.getStatus() == Certificate.Status.ACTIVE) {
      cert.setStatus(Certificate.Status.SUSPENDED);
      audit.record(actor, "certificate.suspended", CaseService.AUDIT_SUBJECT, caseId, reason);
    }
    entries.findByCaseId(caseId).ifPresent(e -> {
      if (e.getStatus() != RegistryEntry.Status.SUSPENDED) {
        e.setStatus(RegistryEntry.Status.SUSPENDED, clock.instant());
      }
    });
    cases.transition(caseId, CaseStatus.SUSPENDED, actor, reason);
  }

  @Transactional
  public void restore(String caseId, String actor) {
    Certificate cert = current(caseId);
    if (cert.getStatus() == Certificate.Status.SUSPENDED) {
      cert.setStatus(Certificate.Status.ACTIVE);
      audit.record(actor, "certificate.restored", CaseService.AUDIT_SUBJECT, caseId, cert.getDisplayNumber());
    }
    entries.findByCaseId(caseId).ifPresent(e -> {
      if (e.getStatus() != RegistryEntry.Status.LISTED) {
        e.setStatus(RegistryEntry.Status.LISTED, clock.instant());
      }
    });
    cases.transition(caseId, CaseStatus.CERTIFIED, actor, Reason.of("audit.reason.suspension-ended"));
  }

  /**
   * @param reason SUSPENSION_LIMIT, COMMITTEE_DECISION, EXPIRED, RENEWAL_REFUSED or
   *     TERMINATED_BY_HOLDER
   */
  @Transactional
  public void withdraw(String caseId, String reason, String actor) {
    String r = reason == null ? "" : reason.toUpperCase(Locale.ROOT);
    boolean expired = r.equals("EXPIRED");
    Certificate cert = current(caseId);
    Certificate.Status certStatus = expired ? Certificate.Status.EXPIRED : Certificate.Status.WITHDRAWN;
    if (cert.getStatus() != certStatus) {
      cert.setStatus(certStatus);
      audit.record(actor, "certificate." + certStatus.name().toLowerCase(Locale.ROOT), CaseService.AUDIT_SUBJECT, caseId, reason);
    }
    RegistryEntry.Status entryStatus = expired ? RegistryEntry.Status.EXPIRED : RegistryEntry.Status.WITHDRAWN;
    entries.findByCaseId(caseId).ifPresent(e -> {
      if (e.getStatus() != entryStatus) {
        e.setStatus(entryStatus, clock.instant());
      }
    });
    CaseStatus next =
        expired ? CaseStatus.EXPIRED
            : r.equals("TERMINATED_BY_HOLDER") ? CaseStatus.TERMINATED : CaseStatus.WITHDRAWN_CERTIFICATE;
    cases.transition(caseId, next, actor, reason);
  }

  /** Shows on the public entry the markets whose partner bodies recognised the certificate. */
  @Transactional
  public List<String> updateMarkets(String caseId, String actor) {
    List<String> markets = acceptedMarkets(caseId);
    entries.findByCaseId(caseId).ifPresent(e -> {
      if (!e.getMarketsRecognised().equals(markets)) {
        e.update(e.getCertificateNumber(), e.getValidFrom(), e.getValidUntil(), markets, clock.instant());
        audit.record(actor, "registry.markets", CaseService.AUDIT_SUBJECT, caseId, String.join(",", markets));
      }
    });
    return markets;
  }

  @Transactional(readOnly = true)
  public List<RegistryEntry> publicList() {
    return entries.findByStatusOrderByProviderAscServiceNameAsc(RegistryEntry.Status.LISTED);
  }

  private List<String> acceptedMarkets(String caseId) {
    return recognitions.findByCaseIdOrderByMarketAsc(caseId).stream()
        .filter(r -> r.getOutcome() == Recognition.Outcome.ACCEPTED)
        .map(Recognition::getMarket)
        .toList();
  }

  private Certificate current(String caseId) {
    cases.lock(caseId);
    return certificates.findFirstByCaseIdOrderByRevisionDesc(caseId)
        .orElseThrow(() -> new IllegalStateException("No certificate for " + caseId));
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
