package org.exportcert.certification.appeal;

import java.time.Clock;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.Refs;
import java.util.Optional;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.decision.Decision;
import org.exportcert.certification.decision.DecisionRepository;
import org.exportcert.certification.decision.DecisionType;
import org.exportcert.certification.decision.DecisionService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appeals against a decision, one per decision: lodged by the applicant with their grounds (API),
 * then recorded by the appeal process ({@code exportcert.appeal.record-appeal}), which finds the
 * lodged appeal and returns its reference.
 */
@Service
public class AppealService {

  public static final String REF = "AP";

  private final AppealRepository appeals;
  private final DecisionService decisions;
  private final DecisionRepository decisionRecords;
  private final AuditTrail audit;
  private final Clock clock;

  public AppealService(
      AppealRepository appeals, DecisionService decisions, DecisionRepository decisionRecords,
      AuditTrail audit, Clock clock) {
    this.appeals = appeals;
    this.decisions = decisions;
    this.decisionRecords = decisionRecords;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The applicant appeals the case's latest decision, which must be a refusal, with their grounds.
   * Lodging twice against the same decision keeps the first grounds.
   *
   * @return the appeal reference (AP-...)
   * @throws BusinessRuleException {@code NOTHING_TO_APPEAL} when the latest decision is no refusal
   */
  @Transactional
  public String lodge(String caseId, String grounds, String actor) {
    if (grounds == null || grounds.isBlank()) {
      throw new IllegalArgumentException("An appeal needs its grounds");
    }
    Decision d =
        decisionRecords.findFirstByCaseIdOrderByIdDesc(caseId)
            .filter(x -> x.getType() == DecisionType.REFUSE)
            .orElseThrow(() -> new BusinessRuleException(
                "NOTHING_TO_APPEAL", "Case " + caseId + " has no refusal to appeal"));
    var existing = appeals.findByDecisionId(d.getId());
    if (existing.isPresent()) {
      return Refs.of(REF, existing.get().getId());
    }
    Appeal a = appeals.save(new Appeal(caseId, d.getId(), clock.instant(), grounds.strip(), actor));
    audit.record(actor, "appeal.lodged", CaseService.AUDIT_SUBJECT, caseId, org.exportcert.certification.audit.Reason.of("audit.reason.appeal-against", Refs.of(DecisionService.REF, d.getId())));
    return Refs.of(REF, a.getId());
  }

  /** The case's latest appeal, with its grounds. */
  @Transactional(readOnly = true)
  public Optional<Appeal> latest(String caseId) {
    return appeals.findFirstByCaseIdOrderByIdDesc(caseId);
  }

  @Transactional
  public String record(String caseId, String decisionRef, String actor) {
    Decision d = decisions.get(decisionRef);
    if (!d.getCaseId().equals(caseId)) {
      throw new IllegalArgumentException(decisionRef + " is not a decision on " + caseId);
    }
    var existing = appeals.findByDecisionId(d.getId());
    if (existing.isPresent()) {
      return Refs.of(REF, existing.get().getId());
    }
    Appeal a = appeals.save(new Appeal(caseId, d.getId(), clock.instant(), null, null));
    audit.record(actor, "appeal.lodged", CaseService.AUDIT_SUBJECT, caseId, org.exportcert.certification.audit.Reason.of("audit.reason.appeal-against", decisionRef));
    return Refs.of(REF, a.getId());
  }
}
