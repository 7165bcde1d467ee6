package org.exportcert.engine.runtime;

/**
 * A command or query rejected with an HTTP status and a problem title (NOT_FOUND,
 * INVALID_ARGUMENT, INVALID_STATE, ...). Handlers throw it before changing any state.
 * The problem {@code type} is {@code about:blank} as in Camunda's REST API, except for the
 * engine's own outages, which carry a stable {@code urn:exportcert:problem:<slug>} so that
 * monitoring and scripts can tell them apart (clients keep reading status and title).
 */
public final class EngineException extends RuntimeException {
  /** Problem type of a 503 answered because the journal cannot be written (e.g. a full disk). */
  public static final String JOURNAL_UNWRITABLE = "urn:exportcert:problem:journal-unwritable";
  /** Problem type of a 503 answered while the engine stops. */
  public static final String SHUTTING_DOWN = "urn:exportcert:problem:shutting-down";
  /** Problem type of a 503 RESOURCE_EXHAUSTED (backpressure). */
  public static final String RESOURCE_EXHAUSTED = "urn:exportcert:problem:resource-exhausted";

  private final int status;
  private final String title;
  private final String type;

  public EngineException(int status, String title, String detail) {
    this(status, title, null, detail);
  }

  /** @param type the problem type URI, or null for {@code about:blank} */
  public EngineException(int status, String title, String type, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
    this.type = type;
  }

  /** 503 while the engine stops: the client retries against the restarted engine. */
  public static EngineException shuttingDown() {
    return new EngineException(503, "UNAVAILABLE", SHUTTING_DOWN,
        "the engine is shutting down: retry once it has restarted");
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

  /** The problem type URI ({@code about:blank} when none was given). */
  public String type() {
    return type == null ? "about:blank" : type;
  }
}
