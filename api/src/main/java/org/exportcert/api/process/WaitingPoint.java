package org.exportcert.api.process;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where the models wait for the applicant (receive tasks), the message that ends the wait and the
 * {@code dueDates} entry that bounds it. An active one is an open request shown to the applicant.
 */
public enum WaitingPoint {
  INFORMATION("Task_AwaitInformation", Messages.APPLICATION_INFORMATION_PROVIDED, "resubmission"),
  AGREEMENT("Task_AwaitAgreement", Messages.AGREEMENT_SIGNED, "agreementSignature"),
  DOCUMENTS("Task_AwaitDocuments", Messages.DOCUMENTS_RESUBMITTED, "resubmission"),
  APPEAL("Task_AwaitAppeal", Messages.APPEAL_LODGED, "appealWindow"),
  SURVEILLANCE_DATA(
      "Task_AwaitSurveillanceData", Messages.SURVEILLANCE_DATA_SUBMITTED, "surveillanceResponse"),
  RENEWAL("Task_AwaitRenewalRequest", Messages.RENEWAL_REQUESTED, null),
  SUSPENSION(
      "Task_AwaitSuspensionResolution", Messages.SUSPENSION_CAUSE_RESOLVED, "suspensionLimit");

  private final String elementId;
  private final String message;
  private final String dueDatesKey;

  WaitingPoint(String elementId, String message, String dueDatesKey) {
    this.elementId = elementId;
    this.message = message;
    this.dueDatesKey = dueDatesKey;
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
