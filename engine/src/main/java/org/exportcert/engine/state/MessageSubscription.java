package org.exportcert.engine.state;

import org.exportcert.engine.model.ElementModel;

/**
 * An open wait for a message: of a message catch event or receive task (owner = its instance) or
 * of a message boundary event (owner = the attached activity, event = the boundary element).
 */
public final class MessageSubscription implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum State { CREATED, CORRELATED, DELETED }

  public long key;
  public ElementInstance owner;
  public ElementModel event;
  public String messageName;
  public String correlationKey;
  public State state = State.CREATED;
  public long lastUpdated;
  /** Set when a message correlated to it. */
  public Long correlatedMessageKey;
}
