package org.exportcert.certification.decision;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.casefile.StaffAssignment;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.exportcert.certification.casefile.StaffRole;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Phase 4: records decisions. The decision-maker is whoever the step names, else the people
 * allocated to decide; before anything is stored each of them is checked against the impartiality
 * rule (never someone who evaluated or tested the case; an appeal never by who decided).
 */
@Service
public class DecisionService {

  public static final String REF = "DR";

  /** Decisions the body takes by rule (a missed surveillance), with no one person deciding. */
  public static final String BODY = "certification-body";

  private final DecisionRepository decisions;
  private final CaseService cases;
  private final StaffAssignmentService staff;
  private final AuditTrail audit;
  private final Clock clock;

  public DecisionService(
      DecisionRepository decisions,
      CaseService cases,
      StaffAssignmentService staff,
      AuditTrail audit,
      Clock clock) {
    this.decisions = decisions;
    this.cases = cases;
    this.staff = staff;
    this.audit = audit;
    this.clock = clock;
  }

  public record DecisionInput(
      String caseId,
      String stepKey,
      String decisionKind,
      String outcome,
      String rationale,
      String conditions,
      String decidedBy) {}

  /**
   * @return the decision reference (DR-...); the same step returns the decision it recorded
   * @throws ImpartialityViolationException a decision-maker evaluated or tested the case
   */
  @Transactional(noRollbackFor = ImpartialityViolationException.class)
  public String record(DecisionInput in) {
    var existing = decisions.findByStepKey(in.stepKey());
    if (existing.isPresent()) {
      return Refs.of(REF, existing.get().getId());
    }
    cases.lock(in.caseId());
    DecisionKind kind = DecisionKind.valueOf(in.decisionKind().trim().toUpperCase(Locale.ROOT));
    DecisionType type = DecisionType.of(kind, in.outcome());
    StaffRole role = kind == DecisionKind.APPEAL ? StaffRole.APPEALS_HANDLER : StaffRole.DECISION_MAKER;
    List<String> makers = decisionMakers(in, kind, role);
    for (String person : makers) {
      if (!person.equals(BODY)) {
        staff.requireImpartial(in.caseId(), person, role);
        if (kind == DecisionKind.APPEAL) {
          // the appeal is heard by people independent of the decisions appealed against
          boolean decidedBefore =
              decisions.findByCaseIdOrderByIdAsc(in.caseId()).stream()
                  .anyMatch(d -> d.getKind() != DecisionKind.APPEAL && java.util.Arrays.asList(d.getDecisionMaker().split(", ")).contains(person));
          if (decidedBefore) {
            throw new ImpartialityViolationException(person + " took the decision under appeal on " + in.caseId());
          }
        }
      }
    }
    if (type == DecisionType.GRANT_WITH_CONDITIONS && (in.conditions() == null || in.conditions().isBlank())) {
      throw new IllegalArgumentException("A grant with conditions needs the conditions");
    }
    Decision saved =
        decisions.save(
            new Decision(
                in.caseId(), in.stepKey(), kind, type, String.join(", ", makers), clock.instant(),
                in.rationale(), in.conditions()));
    audit.record(
        String.join(", ", makers), "decision." + type.name().toLowerCase(Locale.ROOT),
        CaseService.AUDIT_SUBJECT, in.caseId(), in.rationale());
    switch (type) {
      case GRANT, GRANT_WITH_CONDITIONS -> cases.transition(in.caseId(), CaseStatus.GRANTED, makers.get(0), type.name());
      case REFUSE -> {
        if (kind == DecisionKind.CERTIFICATION) {
          cases.transition(in.caseId(), CaseStatus.REFUSED, makers.get(0), in.rationale());
        }
      }
      default -> {
        // the models record the other status changes (suspension, withdrawal, ...) themselves
      }
    }
    return Refs.of(REF, saved.getId());
  }

  private List<String> decisionMakers(DecisionInput in, DecisionKind kind, StaffRole role) {
    List<String> makers = new ArrayList<>();
    if (in.decidedBy() != null && !in.decidedBy().isBlank()) {
      makers.add(in.decidedBy().trim());
    } else {
      staff.forCase(in.caseId(), role).stream().map(StaffAssignment::getPerson).forEach(makers::add);
    }
    if (makers.isEmpty()) {
      if (kind == DecisionKind.CERTIFICATION || kind == DecisionKind.APPEAL) {
        throw new IllegalStateException("No one is allocated to take the " + kind + " decision on " + in.caseId());
      }
      makers.add(BODY);
    }
    return makers;
  }

  @Transactional(readOnly = true)
  public Decision get(String decisionRef) {
    long id = Refs.idOf(REF, decisionRef);
    return decisions.findById(id).orElseThrow(() -> new IllegalArgumentException("No decision " + decisionRef));
  }
}
