package org.exportcert.engine.state;

/**
 * A completed activity that compensation can still reach (Zeebe's compensation subscription):
 * created when an activity with a compensation boundary event completes, or a subprocess or
 * multi-instance body inside which such subscriptions exist; triggered by a compensation throw
 * or end event; gone when its handler completes or its scope or instance ends. Serializable like
 * the other state classes, for state snapshots.
 */
public final class CompensationSubscription implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long key;
  public long processInstanceKey;
  /** The completed activity (for a multi-instance activity: its body) and the scope it completed in. */
  public String activityId;
  public long activityInstanceKey;
  public long scopeKey;
  /** The handler to run (the compensation boundary's association), null for a scope that only holds nested subscriptions. */
  public String handlerId;
  /** Set when triggered: the throw event that waits for it and the handler's element instance (null without handler). */
  public ElementInstance throwEvent;
  public Long handlerInstanceKey;

  public boolean isTriggered() {
    return throwEvent != null;
  }
}
