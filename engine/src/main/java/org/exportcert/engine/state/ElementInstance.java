package org.exportcert.engine.state;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.model.ElementModel;

/** A running or finished instance of a flow node; the process instance itself is one too. */
public final class ElementInstance {
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
  public Long jobKey;
  public Long userTaskKey;
  public Long incidentKey;
  // process instance only
  public List<String> tags = List.of();
  public String businessId;

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
