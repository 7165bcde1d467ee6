package org.exportcert.certification.decision;

public enum DecisionType {
  GRANT,
  REFUSE,
  GRANT_WITH_CONDITIONS,
  SUSPEND,
  RESTORE,
  WITHDRAW,
  RENEW;

  public boolean grants() {
    return this == GRANT || this == GRANT_WITH_CONDITIONS || this == RENEW;
  }
}
