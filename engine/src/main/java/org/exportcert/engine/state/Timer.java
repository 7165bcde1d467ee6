package org.exportcert.engine.state;

import org.exportcert.engine.model.ElementModel;

/**
 * A scheduled timer: of an intermediate timer catch event (owner = the event's instance) or of a
 * timer boundary event (owner = the attached activity's instance, event = the boundary element), or
 * of a process's timer start event (no owner: it belongs to the deployed version).
 */
public final class Timer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum State { ACTIVE, TRIGGERED, CANCELED }

  public long key;
  public ElementInstance owner;
  /** Timer start events: the process version whose start event it is (owner is null then). */
  public DeployedProcess startProcess;
  public ElementModel event;
  public long dueDate;
  /** Repetitions left after the next one (-1 = forever). */
  public int repetitions;
  public String interval;
  public State state = State.ACTIVE;
}
