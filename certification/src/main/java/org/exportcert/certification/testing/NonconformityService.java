package org.exportcert.certification.testing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.Refs;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Corrective action on nonconformities: the applicant corrects, the evaluator verifies and closes. */
@Service
public class NonconformityService {

  private final NonconformityRepository nonconformities;
  private final AuditTrail audit;
  private final Clock clock;

  public NonconformityService(NonconformityRepository nonconformities, AuditTrail audit, Clock clock) {
    this.nonconformities = nonconformities;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public List<Nonconformity> forCase(String caseId) {
    return nonconformities.findByCaseIdOrderByIdAsc(caseId);
  }

  /** Open ones (not yet closed); the models' closure timer concerns the major ones. */
  @Transactional(readOnly = true)
  public List<Nonconformity> open(String caseId) {
    return nonconformities.findByCaseIdAndStatusIn(
        caseId, EnumSet.of(Nonconformity.Status.OPEN, Nonconformity.Status.CORRECTED));
  }

  /** The applicant's root cause, correction and corrective action. */
  @Transactional
  public Nonconformity correct(String caseId, String ncRef, String rootCause, String correction, String correctiveAction, String actor) {
    Nonconformity nc = get(caseId, ncRef);
    if (nc.getStatus() == Nonconformity.Status.CLOSED) {
      throw new BusinessRuleException("NONCONFORMITY_CLOSED", ncRef + " is already closed");
    }
    nc.correct(rootCause, correction, correctiveAction);
    audit.record(actor, "nonconformity.corrected", CaseService.AUDIT_SUBJECT, caseId, ncRef);
    return nc;
  }

  /** Closed on verification, with the evidence that shows it; idempotent. */
  @Transactional
  public Nonconformity close(String caseId, String ncRef, String verificationEvidenceId, String actor) {
    Nonconformity nc = get(caseId, ncRef);
    if (nc.getStatus() == Nonconformity.Status.CLOSED) {
      return nc;
    }
    if (nc.getStatus() != Nonconformity.Status.CORRECTED) {
      throw new BusinessRuleException("NONCONFORMITY_NOT_CORRECTED", ncRef + " has no corrective action yet");
    }
    nc.close(verificationEvidenceId);
    audit.record(actor, "nonconformity.closed", CaseService.AUDIT_SUBJECT, caseId, ncRef);
    return nc;
  }

  /** Majors past their due date: testing repeats (scheme: 6 months). */
  @Transactional(readOnly = true)
  public List<Nonconformity> overdueMajors(String caseId) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return open(caseId).stream()
        .filter(n -> n.getSeverity() == Nonconformity.Severity.MAJOR && n.getDueOn().isBefore(today))
        .toList();
  }

  private Nonconformity get(String caseId, String ncRef) {
    Nonconformity nc =
        nonconformities.findById(Refs.idOf(TestingService.NC_REF, ncRef))
            .orElseThrow(() -> new IllegalArgumentException("No nonconformity " + ncRef));
    if (!nc.getCaseId().equals(caseId)) {
      throw new IllegalArgumentException(ncRef + " is not on case " + caseId);
    }
    return nc;
  }
}
