package org.exportcert.certification.decision;

/** What is being decided: the models' decisionType. */
public enum DecisionKind {
  CERTIFICATION,
  APPEAL,
  SUSPEND,
  RESTORE,
  WITHDRAW,
  RENEW,
  CHANGE
}
