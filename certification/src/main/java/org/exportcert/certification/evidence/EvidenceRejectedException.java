package org.exportcert.certification.evidence;

import org.exportcert.certification.casefile.BusinessRuleException;

/** An upload refused by the rules; nothing of it was kept. The API answers 413 or 415. */
public class EvidenceRejectedException extends BusinessRuleException {

  public static final String CODE = "EVIDENCE_REJECTED";

  public enum Reason { TOO_LARGE, MEDIA_TYPE_NOT_ALLOWED, EMPTY, INTEGRITY, DIGEST_MISMATCH, UNSAFE_ARCHIVE }

  private final Reason reason;

  public EvidenceRejectedException(Reason reason, String message) {
    super(CODE, message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
