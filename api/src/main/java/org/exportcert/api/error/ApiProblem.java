package org.exportcert.api.error;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** A refusal decided in the API itself (ownership, state, input), answered as problem+json. */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final URI type;
  private final String title;
  private String detailKey;
  private Object[] detailArgs = new Object[0];

  public ApiProblem(HttpStatus status, URI type, String title, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", detail);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", detail);
  }

  public static ApiProblem invalid(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Validation failed", detail);
  }

  /**
   * Names the MessageSource key of the detail (i18n/messages*.properties) so the caller reads it
   * in their language; the English detail given to the constructor stays the fallback.
   */
  public ApiProblem detailKey(String key, Object... args) {
    this.detailKey = key;
    this.detailArgs = args == null ? new Object[0] : args;
    return this;
  }

  public String detailKey() {
    return detailKey;
  }

  public Object[] detailArgs() {
    return detailArgs.clone();
  }

  public HttpStatus status() {
    return status;
  }

  public URI type() {
    return type;
  }

  public String title() {
    return title;
  }
}
