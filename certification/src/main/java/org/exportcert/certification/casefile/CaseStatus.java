package org.exportcert.certification.casefile;

import java.util.EnumSet;
import java.util.Set;

/**
 * Case statuses. The codes the models record (exportcert.case.record-status) are among them:
 * ACCEPTED, AGREEMENT_SIGNED, INELIGIBLE, LAPSED, WITHDRAWN, REFUSED, REFUSAL_FINAL, CERTIFIED,
 * EXPIRED, TERMINATED, WITHDRAWN_CERTIFICATE. The services set the others with the change that
 * causes them (a decision: GRANTED, REFUSED; the registry: SUSPENDED; a re-issued certificate:
 * CHANGE_ACCEPTED, or CERTIFIED after a renewal).
 */
public enum CaseStatus {
  SUBMITTED(Phase.ELIGIBILITY),
  ELIGIBILITY_REVIEW(Phase.ELIGIBILITY),
  ACCEPTED(Phase.ELIGIBILITY),
  AGREEMENT_SIGNED(Phase.DOCUMENT_REVIEW),
  INELIGIBLE(Phase.CLOSED),
  INFORMATION_REQUESTED(Phase.DOCUMENT_REVIEW),
  LAPSED(Phase.CLOSED),
  TESTING(Phase.TESTING),
  UNDER_REVIEW(Phase.DECISION),
  GRANTED(Phase.DECISION),
  REFUSED(Phase.DECISION),
  REFUSAL_FINAL(Phase.CLOSED),
  /** Recorded once the certificate is issued and listed: from then on surveillance runs. */
  CERTIFIED(Phase.MAINTENANCE),
  /** Certified, and the certificate re-issued for a change the holder notified (CertificateService). */
  CHANGE_ACCEPTED(Phase.MAINTENANCE),
  SUSPENDED(Phase.MAINTENANCE),
  /** The applicant withdrew before the decision. */
  WITHDRAWN(Phase.CLOSED),
  /** The certificate was withdrawn. */
  WITHDRAWN_CERTIFICATE(Phase.CLOSED),
  EXPIRED(Phase.CLOSED),
  TERMINATED(Phase.CLOSED);

  private static final Set<CaseStatus> FINAL =
      EnumSet.of(
          INELIGIBLE, LAPSED, REFUSAL_FINAL, WITHDRAWN, WITHDRAWN_CERTIFICATE, EXPIRED, TERMINATED);

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
