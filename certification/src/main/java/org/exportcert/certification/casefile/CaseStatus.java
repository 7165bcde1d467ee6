package org.exportcert.certification.casefile;

import java.util.EnumSet;
import java.util.Set;

public enum CaseStatus {
  SUBMITTED(Phase.ELIGIBILITY),
  ELIGIBILITY_REVIEW(Phase.ELIGIBILITY),
  INELIGIBLE(Phase.CLOSED),
  DOCUMENT_REVIEW(Phase.DOCUMENT_REVIEW),
  INFORMATION_REQUESTED(Phase.DOCUMENT_REVIEW),
  LAPSED(Phase.CLOSED),
  TESTING(Phase.TESTING),
  CORRECTIVE_ACTION(Phase.TESTING),
  UNDER_REVIEW(Phase.DECISION),
  GRANTED(Phase.DECISION),
  REFUSED(Phase.DECISION),
  IN_RECOGNITION(Phase.RECOGNITION),
  CERTIFIED(Phase.REGISTRY),
  SUSPENDED(Phase.MAINTENANCE),
  WITHDRAWN(Phase.CLOSED),
  EXPIRED(Phase.CLOSED),
  APPLICATION_WITHDRAWN(Phase.CLOSED),
  TERMINATED(Phase.CLOSED);

  private static final Set<CaseStatus> FINAL =
      EnumSet.of(INELIGIBLE, LAPSED, WITHDRAWN, EXPIRED, APPLICATION_WITHDRAWN, TERMINATED);

  private final Phase phase;

  CaseStatus(Phase phase) {
    this.phase = phase;
  }

  public Phase phase() {
    return phase;
  }

  /** Closed cases never change again; a new application opens a new case. */
  public boolean isFinal() {
    return FINAL.contains(this);
  }
}
