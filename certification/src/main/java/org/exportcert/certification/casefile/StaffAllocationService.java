package org.exportcert.certification.casefile;

import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Allocates someone from the configured pool to a role on a case, skipping anyone impartiality
 * excludes or who declared an interest in the applicant. The choice is derived from the case id
 * (rotating through the pool), so a retried step picks the same person.
 */
@Service
public class StaffAllocationService {

  public static final String REF = "SA";

  private final StaffProperties properties;
  private final StaffAssignmentService assignments;
  private final CaseService cases;

  public StaffAllocationService(
      StaffProperties properties, StaffAssignmentService assignments, CaseService cases) {
    this.properties = properties;
    this.assignments = assignments;
    this.cases = cases;
  }

  /** The models' allocation roles mapped onto case roles. */
  public static StaffRole roleOf(String allocationRole) {
    return switch (allocationRole.toUpperCase(Locale.ROOT)) {
      case "EVALUATOR" -> StaffRole.EVALUATOR;
      case "TEST_LAB" -> StaffRole.TEST_ENGINEER;
      case "REVIEWER" -> StaffRole.REVIEWER;
      case "DECISION_COMMITTEE" -> StaffRole.DECISION_MAKER;
      case "APPEALS_HANDLER" -> StaffRole.APPEALS_HANDLER;
      default -> throw new IllegalArgumentException("Unknown allocation role " + allocationRole);
    };
  }

  /** @return the allocation reference (SA-...) */
  @Transactional(noRollbackFor = BusinessRuleException.class)
  public String allocate(String caseId, String allocationRole, String actor) {
    StaffRole role = roleOf(allocationRole);
    CertificationCase c = cases.lock(caseId);
    var already = assignments.forCase(caseId, role);
    if (!already.isEmpty()) {
      return Refs.of(REF, already.get(0).getId());
    }
    List<StaffProperties.Member> pool =
        properties.pools().getOrDefault(allocationRole.toUpperCase(Locale.ROOT), List.of());
    String registration = c.getApplicant().getRegistrationNumber();
    int start = pool.isEmpty() ? 0 : Math.floorMod(caseId.hashCode(), pool.size());
    for (int i = 0; i < pool.size(); i++) {
      StaffProperties.Member m = pool.get((start + i) % pool.size());
      if (m.conflicts().contains(registration)) {
        continue;
      }
      try {
        assignments.requireImpartial(caseId, m.person(), role);
      } catch (ImpartialityViolationException excluded) {
        continue;
      }
      String declaration =
          m.declaration() != null
              ? m.declaration()
              // coded, so each reader sees the declaration in their language (api AuditReasons)
              : org.exportcert.certification.audit.Reason.of(
                  "audit.reason.standing-declaration", c.getApplicant().getLegalName(), registration);
      StaffAssignment a =
          assignments.assign(
              caseId, m.person(), role, m.organisation(),
              new StaffAssignmentService.Declaration(declaration, false), actor);
      if (role == StaffRole.REVIEWER && c.getStatus() == CaseStatus.TESTING) {
        // testing is over: the file goes to the independent review that opens phase 4
        cases.transition(caseId, CaseStatus.UNDER_REVIEW, actor, org.exportcert.certification.audit.Reason.of("audit.reason.reviewer-allocated"));
      }
      return Refs.of(REF, a.getId());
    }
    throw new BusinessRuleException(
        "NO_IMPARTIAL_STAFF", "No one impartial is available as " + allocationRole + " for " + caseId);
  }
}
