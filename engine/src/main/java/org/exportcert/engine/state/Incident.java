package org.exportcert.engine.state;

/** An incident: a step that cannot go on until an operator resolves it. */
public final class Incident implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum State { ACTIVE, RESOLVED }

  /** What resolving re-tries. */
  public enum Retry { ENTER, LEAVE, JOB }

  public long key;
  public String errorType;
  public String errorMessage;
  public ElementInstance elementInstance;
  public Long jobKey;
  public State state = State.ACTIVE;
  public long creationTime;
  public Retry retry;
}
