package org.exportcert.engine.state;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.model.ElementModel;

/**
 * A running or finished instance of a flow node; the process instance itself is one too. Its
 * collections allocate nothing while empty (most stay empty): a live instance's heap is mostly
 * these objects. Their declared types are kept, so snapshots written before still read back.
 */
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
  public final Set<ElementInstance> activeChildren = new SmallSet<>();
  /** Tokens waiting at parallel joins in this scope: flow id -> count. */
  public final Map<String, Integer> joinTokens = new LazyMap<>();
  public String chosenFlowId;
  /** Inclusive gateways: the outgoing flows whose condition held (or the default flow). */
  public java.util.List<String> chosenFlowIds;
  /** Signal subscriptions this instance owns. */
  public java.util.List<Long> signalSubscriptionKeys = List.of();
  public Long jobKey;
  public Long userTaskKey;
  public Long incidentKey;
  /** Message subscriptions this instance owns. */
  public java.util.List<Long> subscriptionKeys = List.of();
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
  public java.util.List<Long> timerKeys = List.of();
  /** Call activities: the called child process instance. */
  public Long calledInstanceKey;
  // process instance only
  /** A called (child) process instance: the parent's call activity instance. */
  public ElementInstance parentCallActivity;
  public List<String> tags = List.of();
  public String businessId;
  /** Created by a message start event with a correlation key: that key (one active instance per key). */
  public String startCorrelationKey;

  /** Ad-hoc subprocess (job worker): a job result fulfilled its completion condition, and whether to cancel the rest. */
  public boolean adHocCompletionFulfilled;
  public boolean adHocCancelRemaining;
  /** Ad-hoc inner instance on completing: the completion condition's result (null: none defined). */
  public Boolean adHocConditionResult;

  /** Execution listeners: the start (end) listeners have all been completed. */
  public boolean startListenersDone;
  public boolean endListenersDone;

  // Owned keys (timers, message and signal subscriptions): read the lists, change them here only, so
  // that an instance owning none shares the empty list.

  public void ownTimer(long key) {
    timerKeys = plus(timerKeys, key);
  }

  public void releaseTimer(long key) {
    timerKeys = minus(timerKeys, key);
  }

  public void releaseTimers() {
    timerKeys = List.of();
  }

  public void ownSubscription(long key) {
    subscriptionKeys = plus(subscriptionKeys, key);
  }

  public void releaseSubscription(long key) {
    subscriptionKeys = minus(subscriptionKeys, key);
  }

  public void releaseSubscriptions() {
    subscriptionKeys = List.of();
  }

  public void ownSignalSubscription(long key) {
    signalSubscriptionKeys = plus(signalSubscriptionKeys, key);
  }

  public void releaseSignalSubscription(long key) {
    signalSubscriptionKeys = minus(signalSubscriptionKeys, key);
  }

  public void releaseSignalSubscriptions() {
    signalSubscriptionKeys = List.of();
  }

  private static List<Long> plus(List<Long> keys, long key) {
    List<Long> result = keys.isEmpty() ? new java.util.ArrayList<>(2) : keys;
    result.add(key);
    return result;
  }

  private static List<Long> minus(List<Long> keys, long key) {
    if (keys.isEmpty()) {
      return keys;
    }
    keys.remove(Long.valueOf(key));
    return keys.isEmpty() ? List.of() : keys;
  }

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
