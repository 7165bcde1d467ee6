package org.exportcert.engine.state;

import org.exportcert.engine.model.ElementModel;

/**
 * An open wait for a signal: of a signal catch event (owner = its instance), a signal boundary event
 * (owner = the attached activity) or an event subprocess's signal start (owner = the scope).
 */
public final class SignalSubscription implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long key;
  public ElementInstance owner;
  public ElementModel event;
  public String signalName;
}
