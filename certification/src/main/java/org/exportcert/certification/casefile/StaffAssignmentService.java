package org.exportcert.certification.casefile;

import java.util.List;
import java.time.Clock;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.audit.Reason;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts people on a case. The impartiality rule lives here so that no caller (API, worker, script)
 * can bypass it: who evaluated or tested a case never reviews or decides it, and the other way
 * round; a declared conflict of interest refuses the assignment.
 */
@Service
public class StaffAssignmentService {

  private final StaffAssignmentRepository assignments;
  private final CaseService cases;
  private final AuditTrail audit;
  private final Clock clock;

  public StaffAssignmentService(
      StaffAssignmentRepository assignments, CaseService cases, AuditTrail audit, Clock clock) {
    this.assignments = assignments;
    this.cases = cases;
    this.audit = audit;
    this.clock = clock;
  }

  public record Declaration(String text, boolean conflict) {
    public Declaration {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("a conflict-of-interest declaration is required");
      }
    }
  }

  /** Idempotent: the same person in the same role is assigned once. */
  @Transactional(noRollbackFor = BusinessRuleException.class)
  public StaffAssignment assign(
      String caseId,
      String person,
      StaffRole role,
      String organisation,
      Declaration declaration,
      String assignedBy) {
    cases.lock(caseId);
    var existing = assignments.findByCaseIdAndPersonAndRole(caseId, person, role);
    if (existing.isPresent()) {
      return existing.get();
    }
    if (declaration.conflict()) {
      throw new ImpartialityViolationException(
          person + " declared a conflict of interest on " + caseId + ": " + declaration.text());
    }
    requireImpartial(caseId, person, role);
    StaffAssignment saved =
        assignments.save(
            new StaffAssignment(
                caseId,
                person,
                role,
                organisation,
                declaration.text(),
                false,
                clock.instant(),
                assignedBy));
    audit.record(
        assignedBy,
        "staff.assigned." + role.name().toLowerCase(),
        CaseService.AUDIT_SUBJECT,
        caseId,
        Reason.of("audit.reason.staff-assigned", person, declaration.text()));
    return saved;
  }

  /** Throws when {@code person} taking {@code role} on the case would break impartiality. */
  // a refusal is an answer, not a failure: it must not doom the caller's transaction
  @Transactional(readOnly = true, noRollbackFor = BusinessRuleException.class)
  public void requireImpartial(String caseId, String person, StaffRole role) {
    if (StaffRole.JUDGING.contains(role)
        && assignments.existsByCaseIdAndPersonAndRoleIn(caseId, person, StaffRole.EVALUATING)) {
      throw new ImpartialityViolationException(
          person + " evaluated or tested " + caseId + " and cannot act as " + role);
    }
    if (StaffRole.EVALUATING.contains(role)
        && assignments.existsByCaseIdAndPersonAndRoleIn(caseId, person, StaffRole.JUDGING)) {
      throw new ImpartialityViolationException(
          person + " reviews or decides " + caseId + " and cannot act as " + role);
    }
    if (role == StaffRole.APPEALS_HANDLER
        && assignments.existsByCaseIdAndPersonAndRoleIn(
            caseId, person, java.util.EnumSet.of(StaffRole.DECISION_MAKER))) {
      throw new ImpartialityViolationException(
          person + " decided " + caseId + " and cannot handle its appeal");
    }
  }

  @Transactional(readOnly = true)
  public List<StaffAssignment> forCase(String caseId) {
    return assignments.findByCaseIdOrderByIdAsc(caseId);
  }

  @Transactional(readOnly = true)
  public List<StaffAssignment> forCase(String caseId, StaffRole role) {
    return assignments.findByCaseIdAndRole(caseId, role);
  }
}
