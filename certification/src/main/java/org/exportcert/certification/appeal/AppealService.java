package org.exportcert.certification.appeal;

import java.time.Clock;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.decision.Decision;
import org.exportcert.certification.decision.DecisionService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers an appeal against a decision: one per decision. */
@Service
public class AppealService {

  public static final String REF = "AP";

  private final AppealRepository appeals;
  private final DecisionService decisions;
  private final AuditTrail audit;
  private final Clock clock;

  public AppealService(AppealRepository appeals, DecisionService decisions, AuditTrail audit, Clock clock) {
    this.appeals = appeals;
    this.decisions = decisions;
    this.audit = audit;
    this.clock = clock;
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
    Appeal a = appeals.save(new Appeal(caseId, d.getId(), clock.instant()));
    audit.record(actor, "appeal.lodged", CaseService.AUDIT_SUBJECT, caseId, "against " + decisionRef);
    return Refs.of(REF, a.getId());
  }
}
