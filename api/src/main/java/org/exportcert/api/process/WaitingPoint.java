package org.exportcert.api.process;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where the models wait for the applicant (receive tasks), the message that ends the wait, the
 * {@code dueDates} entry that bounds it, the variable its subscription correlates on and where
 * the model keeps why it asked ({@link Reasons}). An active one is an open request shown to the
 * applicant.
 */
public enum WaitingPoint {
  /**
   * Says why: the eligibility rules' {@code eligibilityCheck} when its outcome asked for
   * information (a reviewer's request leaves it at IN_SCOPE), and what the reviewer wrote.
   */
  INFORMATION("Task_AwaitInformation", Messages.APPLICATION_INFORMATION_PROVIDED, "resubmission",
      new Reasons("eligibilityCheck", "INFORMATION_NEEDED", "informationRequest")),
  AGREEMENT("Task_AwaitAgreement", Messages.AGREEMENT_SIGNED, "agreementSignature"),
  DOCUMENTS("Task_AwaitDocuments", Messages.DOCUMENTS_RESUBMITTED, "resubmission"),
  APPEAL("Task_AwaitAppeal", Messages.APPEAL_LODGED, "appealWindow"),
  SURVEILLANCE_DATA(
      "Task_AwaitSurveillanceData", Messages.SURVEILLANCE_DATA_SUBMITTED, "surveillanceResponse"),
  /** Open from the renewal window until the certificate expires (the model's timer on {@code certificateExpiry}). */
  RENEWAL("Task_AwaitRenewalRequest", Messages.RENEWAL_REQUESTED, null, "caseId", "certificateExpiry"),
  SUSPENSION(
      "Task_AwaitSuspensionResolution", Messages.SUSPENSION_CAUSE_RESOLVED, "suspensionLimit"),
  /**
   * The lab found nonconformities: the applicant sends the corrective action. Bounded by the
   * major or the minor closure period (see {@link #dueDatesKey(boolean)}); correlated per
   * testing run (base test, a market's test, a change retest), so on {@code testingKey}.
   */
  CORRECTIVE_ACTION(
      "Task_AwaitCorrectiveAction", Messages.CORRECTIVE_ACTION_SUBMITTED, "minorNonconformityClosure",
      "testingKey");

  /**
   * Where a wait keeps why it was asked for, each part null where the model keeps none: a decision
   * result whose {@code reasonCode} explains the request while its {@code outcome} is
   * {@code askedOutcome}, and a text variable with what the staff member who asked wrote.
   */
  public record Reasons(String decisionResult, String askedOutcome, String askedFor) {
    /** A wait that says no more than its name. */
    public static final Reasons NONE = new Reasons(null, null, null);

    public Reasons {
      if ((decisionResult == null) != (askedOutcome == null)) {
        throw new IllegalArgumentException("a decision result explains a request only with the outcome that asked");
      }
    }

    public Optional<String> decisionResultVariable() {
      return Optional.ofNullable(decisionResult);
    }

    public Optional<String> askedForVariable() {
      return Optional.ofNullable(askedFor);
    }
  }

  private final String elementId;
  private final String message;
  private final String dueDatesKey;
  private final String correlationKeyVariable;
  private final String dueAtVariable;
  private final Reasons reasons;

  WaitingPoint(String elementId, String message, String dueDatesKey) {
    this(elementId, message, dueDatesKey, Reasons.NONE);
  }

  WaitingPoint(String elementId, String message, String dueDatesKey, Reasons reasons) {
    this(elementId, message, dueDatesKey, "caseId", null, reasons);
  }

  WaitingPoint(String elementId, String message, String dueDatesKey, String correlationKeyVariable) {
    this(elementId, message, dueDatesKey, correlationKeyVariable, null, Reasons.NONE);
  }

  WaitingPoint(String elementId, String message, String dueDatesKey, String correlationKeyVariable,
      String dueAtVariable) {
    this(elementId, message, dueDatesKey, correlationKeyVariable, dueAtVariable, Reasons.NONE);
  }

  WaitingPoint(String elementId, String message, String dueDatesKey, String correlationKeyVariable,
      String dueAtVariable, Reasons reasons) {
    this.elementId = elementId;
    this.message = message;
    this.dueDatesKey = dueDatesKey;
    this.correlationKeyVariable = correlationKeyVariable;
    this.dueAtVariable = dueAtVariable;
    this.reasons = reasons;
  }

  /** A process variable holding the wait's end as a date-time, where no {@code dueDates} period bounds it. */
  public Optional<String> dueAtVariable() {
    return Optional.ofNullable(dueAtVariable);
  }

  /** Where the model keeps why this request was made ({@link Reasons#NONE} where it keeps nothing). */
  public Reasons reasons() {
    return reasons;
  }

  /** The process variable the message's subscription correlates on ({@code caseId} but for corrective action). */
  public String correlationKeyVariable() {
    return correlationKeyVariable;
  }

  /**
   * The {@code dueDates} entry bounding this wait; for corrective action the model's timer takes
   * the major closure period as soon as one nonconformity is major.
   */
  public Optional<String> dueDatesKey(boolean majorNonconformity) {
    return this == CORRECTIVE_ACTION && majorNonconformity
        ? Optional.of("majorNonconformityClosure") : dueDatesKey();
  }

  public String elementId() {
    return elementId;
  }

  public String message() {
    return message;
  }

  public Optional<String> dueDatesKey() {
    return Optional.ofNullable(dueDatesKey);
  }

  public static Optional<WaitingPoint> ofElement(String elementId) {
    return Arrays.stream(values()).filter(w -> w.elementId.equals(elementId)).findFirst();
  }

  public static Optional<WaitingPoint> ofMessage(String message) {
    return Arrays.stream(values()).filter(w -> w.message.equals(message)).findFirst();
  }
}
