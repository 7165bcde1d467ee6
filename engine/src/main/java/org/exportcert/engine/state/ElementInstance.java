package org.exportcert.engine.state;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.model.ElementModel;

/** A running or finished instance of a flow node; the process instance itself is one too. */
public final class ElementInstance implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum State { ACTIVE, COMPLETED, TERMINATED }

  public long key;
  public long processInstanceKey;
  public DeployedProcess process;
  public ElementModel element;
  public ElementInstance flowScope;
  public State state = State.ACTIVE;
  public long startDate;
  public Long endDate;
  /** Active child element instances (for scopes). */
  public final Set<ElementInstance> activeChildren = new LinkedHashSet<>();
  /** Tokens waiting at parallel joins in this scope: flow id -> count. */
  public final Map<String, Integer> joinTokens = new HashMap<>();
  public String chosenFlowId;
  /** Inclusive gateways: the outgoing flows whose condition held (or the default flow). */
  public java.util.List<String> chosenFlowIds;
  /** Signal subscriptions this instance owns. */
  public final java.util.List<Long> signalSubscriptionKeys = new java.util.ArrayList<>();
  public Long jobKey;
  public Long userTaskKey;
  public Long incidentKey;
  /** Message subscriptions this instance owns. */
  public final java.util.List<Long> subscriptionKeys = new java.util.ArrayList<>();
  /** Scopes: whether the start triggers of their event subprocesses are open. */
  public boolean eventSubprocessesOpened;
  /** The multi-instance body of an activity (its inner instances are its children). */
  public boolean multiInstanceBody;
  /** Multi-instance body: input items, next index to start (sequential), and counters. */
  public java.util.List<Object> loopItems;
  public int loopNext;
  public int loopCompleted;
  public int loopTerminated;
  /** An event already triggered (after an event-based gateway): it completes on entering. */
  public boolean triggered;
  /** Variables a triggering event brings to a boundary event instance (applied when it completes). */
  public java.util.Map<String, Object> eventVariables;
  /** Timers this instance owns (its own timer catch or its boundary timers). */
  public final java.util.List<Long> timerKeys = new java.util.ArrayList<>();
  /** Call activities: the called child process instance. */
  public Long calledInstanceKey;
  // process instance only
  /** A called (child) process instance: the parent's call activity instance. */
  public ElementInstance parentCallActivity;
  public List<String> tags = List.of();
  public String businessId;
  /** Created by a message start event with a correlation key: that key (one active instance per key). */
  public String startCorrelationKey;

  /** Execution listeners: the start (end) listeners have all been completed. */
  public boolean startListenersDone;
  public boolean endListenersDone;

  public boolean isActive() {
    return state == State.ACTIVE;
  }

  public int pendingJoinTokens() {
    int sum = 0;
    for (int count : joinTokens.values()) {
      sum += count;
    }
    return sum;
  }
}
