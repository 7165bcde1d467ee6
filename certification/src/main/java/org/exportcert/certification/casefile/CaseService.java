package org.exportcert.certification.casefile;

import java.time.Clock;
import java.util.List;
import org.exportcert.certification.audit.AuditTrail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads cases and moves them between statuses, keeping the status history and audit trail. */
@Service
public class CaseService {

  public static final String AUDIT_SUBJECT = "case";

  private final CaseRepository cases;
  private final CaseStatusChangeRepository history;
  private final AuditTrail audit;
  private final Clock clock;

  public CaseService(
      CaseRepository cases, CaseStatusChangeRepository history, AuditTrail audit, Clock clock) {
    this.cases = cases;
    this.history = history;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public CertificationCase get(String caseId) {
    return cases.findById(caseId).orElseThrow(() -> new CaseNotFoundException(caseId));
  }

  /** For changes: locks the case row until the transaction ends. */
  @Transactional
  public CertificationCase lock(String caseId) {
    return cases.lockById(caseId).orElseThrow(() -> new CaseNotFoundException(caseId));
  }

  /**
   * Moves the case to {@code next}. Asking for the status it already has changes nothing, so a
   * retried job does not write a second history line.
   *
   * @return whether the status changed
   */
  @Transactional
  public boolean transition(String caseId, CaseStatus next, String actor, String reason) {
    CertificationCase c = lock(caseId);
    CaseStatus current = c.getStatus();
    if (current == next) {
      return false;
    }
    if (current.isFinal()) {
      throw new BusinessRuleException(
          "CASE_CLOSED", "Case " + caseId + " is " + current + " and cannot become " + next);
    }
    var at = clock.instant();
    c.moveTo(next, at);
    history.save(new CaseStatusChange(caseId, current, next, actor, reason, at));
    audit.record(actor, "case.status." + next.name().toLowerCase(), AUDIT_SUBJECT, caseId, reason);
    return true;
  }

  /** Keeps the key of the case's {@code certification-case} process instance on the case. */
  @Transactional
  public void processStarted(String caseId, long processInstanceKey) {
    lock(caseId).processStarted(processInstanceKey);
  }

  /** Records a status the process reached (exportcert.case.record-status). */
  @Transactional
  public boolean recordStatus(String caseId, String statusCode, String reason, String actor) {
    CaseStatus status;
    try {
      status = CaseStatus.valueOf(statusCode.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Unknown case status " + statusCode);
    }
    return transition(caseId, status, actor, reason);
  }

  @Transactional(readOnly = true)
  public List<CaseStatusChange> history(String caseId) {
    return history.findByCaseIdOrderByIdAsc(caseId);
  }
}
