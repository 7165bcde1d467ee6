package org.exportcert.api.process;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where the models wait for the applicant (receive tasks), the message that ends the wait, the
 * {@code dueDates} entry that bounds it and the variable its subscription correlates on. An
 * active one is an open request shown to the applicant.
 */
public enum WaitingPoint {
  INFORMATION("Task_AwaitInformation", Messages.APPLICATION_INFORMATION_PROVIDED, "resubmission"),
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

  private final String elementId;
  private final String message;
  private final String dueDatesKey;
  private final String correlationKeyVariable;

  WaitingPoint(String elementId, String message, String dueDatesKey) {
    this(elementId, message, dueDatesKey, "caseId");
  }

  WaitingPoint(String elementId, String message, String dueDatesKey, String correlationKeyVariable) {
    this(elementId, message, dueDatesKey, correlationKeyVariable, null);
  }

  WaitingPoint(String elementId, String message, String dueDatesKey, String correlationKeyVariable,
      String dueAtVariable) {
    this.elementId = elementId;
    this.message = message;
    this.dueDatesKey = dueDatesKey;
    this.correlationKeyVariable = correlationKeyVariable;
    this.dueAtVariable = dueAtVariable;
  }

  private final String dueAtVariable;

  /** A process variable holding the wait's end as a date-time, where no {@code dueDates} period bounds it. */
  public Optional<String> dueAtVariable() {
    return Optional.ofNullable(dueAtVariable);
  }

  /**
   * The decision result that says why the request was made, where the model keeps one: the
   * eligibility rules' {@code eligibilityCheck}, whose {@code reasonCode} is the reason when its
   * {@code outcome} asked for information (a reviewer's request leaves it at IN_SCOPE).
   */
  public Optional<String> reasonVariable() {
    return this == INFORMATION ? Optional.of("eligibilityCheck") : Optional.empty();
  }

  /** The decision outcome under which {@link #reasonVariable()}'s reason code explains this request. */
  public static final String ASKED_OUTCOME = "INFORMATION_NEEDED";

  /** The variable holding what the staff member who asked wrote the applicant must provide. */
  public Optional<String> askedForVariable() {
    return this == INFORMATION ? Optional.of("informationRequest") : Optional.empty();
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
