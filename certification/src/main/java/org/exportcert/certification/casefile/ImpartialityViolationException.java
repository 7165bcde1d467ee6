package org.exportcert.certification.casefile;

/**
 * Someone who evaluated or tested a case was to review or decide it, or a declared conflict of
 * interest stands in the way. The API answers 403.
 */
public class ImpartialityViolationException extends BusinessRuleException {

  public static final String CODE = "IMPARTIALITY_VIOLATION";

  public ImpartialityViolationException(String message) {
    super(CODE, message);
  }
}
