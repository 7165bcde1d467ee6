package org.exportcert.certification.decision;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The decision reached (scheme document: grant, refuse, grant with conditions, ...). */
public enum DecisionType {
  GRANT,
  GRANT_WITH_CONDITIONS,
  REFUSE,
  SUSPEND,
  RESTORE,
  WITHDRAW,
  RENEW,
  APPEAL_UPHELD,
  APPEAL_DISMISSED,
  CHANGE_ACCEPTED;

  /** Which outcomes each kind of decision may have; anything else is a modelling error. */
  private static final Map<DecisionKind, Set<DecisionType>> ALLOWED =
      Map.of(
          DecisionKind.CERTIFICATION, Set.of(GRANT, GRANT_WITH_CONDITIONS, REFUSE),
          DecisionKind.APPEAL, Set.of(APPEAL_UPHELD, APPEAL_DISMISSED),
          DecisionKind.SUSPEND, Set.of(SUSPEND),
          DecisionKind.RESTORE, Set.of(RESTORE, WITHDRAW),
          DecisionKind.WITHDRAW, Set.of(WITHDRAW),
          DecisionKind.RENEW, Set.of(RENEW, REFUSE),
          DecisionKind.CHANGE, Set.of(CHANGE_ACCEPTED, SUSPEND));

  /** Reads the outcome codes the forms offer (UPHELD, ACCEPT_CHANGE, ...) as decision types. */
  public static DecisionType of(DecisionKind kind, String outcome) {
    String code = outcome == null ? "" : outcome.trim().toUpperCase(Locale.ROOT);
    DecisionType type =
        switch (code) {
          case "UPHELD" -> APPEAL_UPHELD;
          case "DISMISSED" -> APPEAL_DISMISSED;
          case "ACCEPT_CHANGE" -> CHANGE_ACCEPTED;
          case "" -> defaultFor(kind);
          default -> {
            try {
              yield DecisionType.valueOf(code);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("Unknown decision outcome " + outcome);
            }
          }
        };
    if (!ALLOWED.get(kind).contains(type)) {
      throw new IllegalArgumentException(type + " is not an outcome of a " + kind + " decision");
    }
    return type;
  }

  private static DecisionType defaultFor(DecisionKind kind) {
    return switch (kind) {
      case SUSPEND -> SUSPEND;
      case WITHDRAW -> WITHDRAW;
      default -> throw new IllegalArgumentException("A " + kind + " decision needs an outcome");
    };
  }

  /** A decision that starts a certification cycle: a grant or a renewal. */
  public boolean grants() {
    return this == GRANT || this == GRANT_WITH_CONDITIONS || this == RENEW;
  }

  /** A decision after which a certificate revision is issued: a grant, a renewal, an accepted change. */
  public boolean issuesCertificate() {
    return grants() || this == CHANGE_ACCEPTED;
  }
}
