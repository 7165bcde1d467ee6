package org.exportcert.engine.runtime;

/**
 * A command or query rejected with an HTTP status and a problem title (NOT_FOUND,
 * INVALID_ARGUMENT, INVALID_STATE, ...). Handlers throw it before changing any state.
 */
public final class EngineException extends RuntimeException {
  private final int status;
  private final String title;

  public EngineException(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public static EngineException notFound(String detail) {
    return new EngineException(404, "NOT_FOUND", detail);
  }

  public static EngineException invalidArgument(String detail) {
    return new EngineException(400, "INVALID_ARGUMENT", detail);
  }

  public static EngineException invalidState(String detail) {
    return new EngineException(409, "INVALID_STATE", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
