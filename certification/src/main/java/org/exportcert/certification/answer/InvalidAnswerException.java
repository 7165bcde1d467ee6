package org.exportcert.certification.answer;

/** An answer with a field the scheme does not accept (a note too long, control characters); nothing was stored. */
public class InvalidAnswerException extends RuntimeException {

  private final String field;
  private final String code;

  /** @param code what is wrong, stable (its text: problem.answer.&lt;code&gt; in the api's messages) */
  public InvalidAnswerException(String field, String code, String message) {
    super(message);
    this.field = field;
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The field as the client sent it, e.g. {@code note}. */
  public String field() {
    return field;
  }
}
