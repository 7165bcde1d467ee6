package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.exportcert.engine.dmn.Decisions;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.state.DecisionState;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.MessageSubscription;
import org.exportcert.engine.state.UserTask;
import org.exportcert.engine.state.Variable;

/**
 * Moves a finished root process instance (with the called instances below it) out of the live
 * state into the {@link HistoryStore}: its views are written there and every map entry of it is
 * removed, so the heap holds only what is still running. Runs after each command, live and in
 * replay alike, so the live state stays the same function of the journal.
 */
final class FinishedInstances {

  private final HistoryStore history;

  FinishedInstances(HistoryStore history) {
    this.history = history;
  }

  /** Evicts each ended root instance of {@code ended} (called children go with their root). */
  void evict(EngineState state, List<ElementInstance> ended) {
    for (ElementInstance pi : ended) {
      if (pi.parentCallActivity == null && !pi.isActive() && state.processInstances.get(pi.key) == pi) {
        List<Long> tree = new ArrayList<>();
        collect(state, pi.key, tree);
        // views first, while everything they refer to is still there
        for (long key : tree) {
          store(state, key);
        }
        for (long key : tree) {
          remove(state, key);
        }
      }
    }
  }

  /**
   * Moves the decision evaluations recorded during the last command to the history store: they
   * never change, so none needs to stay on the heap, whether its process instance runs on or not.
   */
  void evictDecisions(EngineState state) {
    Map<String, DecisionState.Instance> recorded = state.decisions.instances;
    if (recorded.isEmpty()) {
      return;
    }
    for (DecisionState.Instance instance : recorded.values()) {
      history.putDecision(Decisions.decisionInstanceDetails(instance));
    }
    recorded.clear();
  }

  private static void collect(EngineState state, long key, List<Long> into) {
    into.add(key);
    for (Long child : state.childInstances.getOrDefault(key, List.of())) {
      collect(state, child, into);
    }
  }

  private void store(EngineState state, long key) {
    ElementInstance pi = state.processInstances.get(key);
    if (pi == null) {
      return;
    }
    Map<Kind, List<ObjectNode>> views = new EnumMap<>(Kind.class);
    views.put(Kind.PROCESS_INSTANCE, List.of(Views.processInstance(state, pi)));
    List<ObjectNode> elements = new ArrayList<>();
    for (ElementInstance ei : state.elementInstancesByInstance.getOrDefault(key, List.of())) {
      if (ei.flowScope != null) {
        elements.add(Views.elementInstance(ei));
      }
    }
    views.put(Kind.ELEMENT_INSTANCE, elements);
    List<ObjectNode> variables = new ArrayList<>();
    for (Variable v : state.variablesByInstance.getOrDefault(key, List.of())) {
      if (state.variables.get(v.key) == v) {
        variables.add(Views.variable(v, pi.process.tenantId));
      }
    }
    views.put(Kind.VARIABLE, variables);
    views.put(Kind.JOB, each(state.jobsByInstance.get(key), Views::job));
    views.put(Kind.USER_TASK, each(state.userTasksByInstance.get(key), Views::userTask));
    views.put(Kind.INCIDENT, each(state.incidentsByInstance.get(key), Views::incident));
    views.put(Kind.MESSAGE_SUBSCRIPTION, each(state.subscriptionsByInstance.get(key), Views::messageSubscription));
    ObjectNode flows = Json.object();
    flows.put("processInstanceKey", String.valueOf(key));
    flows.put("processDefinitionKey", String.valueOf(pi.process.key));
    flows.put("processDefinitionId", pi.process.processId);
    flows.put("tenantId", pi.process.tenantId);
    ArrayNode taken = flows.putArray("flows");
    new LinkedHashSet<>(state.takenFlows.getOrDefault(key, List.of())).forEach(taken::add);
    views.put(Kind.SEQUENCE_FLOWS, List.of(flows));
    history.putInstance(key, views);
    history.ended(key, pi.endDate == null ? 0 : pi.endDate);
  }

  private static <T> List<ObjectNode> each(List<T> items, Function<T, ObjectNode> view) {
    if (items == null || items.isEmpty()) {
      return List.of();
    }
    List<ObjectNode> views = new ArrayList<>(items.size());
    items.forEach(item -> views.add(view.apply(item)));
    return views;
  }

  private static void remove(EngineState state, long key) {
    state.processInstances.remove(key);
    for (ElementInstance ei : state.elementInstancesByInstance.getOrDefault(key, List.of())) {
      state.elementInstances.remove(ei.key);
      state.elementInstanceRemoved(ei);
      state.variablesByScope.remove(ei.key);
    }
    state.elementInstances.remove(key);
    state.variablesByScope.remove(key);
    state.elementInstancesByInstance.remove(key);
    for (Variable v : removeList(state.variablesByInstance, key)) {
      state.variables.remove(v.key);
    }
    for (Job job : removeList(state.jobsByInstance, key)) {
      state.jobs.remove(job.key);
      state.closeJob(job);
      state.jobRemoved(job.key);
    }
    for (UserTask task : removeList(state.userTasksByInstance, key)) {
      state.userTasks.remove(task.key);
      state.userTaskRemoved(task.key);
    }
    for (Incident incident : removeList(state.incidentsByInstance, key)) {
      state.incidents.remove(incident.key);
      state.incidentRemoved(incident.key);
    }
    for (MessageSubscription subscription : removeList(state.subscriptionsByInstance, key)) {
      state.messageSubscriptions.remove(subscription.key);
    }
    state.takenFlows.remove(key);
    state.childInstances.remove(key);
    state.compensationSubscriptions.remove(key); // a terminated instance's completed activities' handlers
  }

  private static <T> List<T> removeList(Map<Long, List<T>> index, long key) {
    List<T> removed = index.remove(key);
    return removed == null ? List.of() : removed;
  }
}
