package org.exportcert.certification.casefile;

/**
 * A scheme rule refused the operation. {@link #code()} is stable: workers throw it as the BPMN
 * error code, the API returns it as the problem type.
 */
public class BusinessRuleException extends RuntimeException {

  private final String code;

  public BusinessRuleException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
