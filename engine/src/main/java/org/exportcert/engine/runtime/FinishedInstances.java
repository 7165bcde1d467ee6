package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.dmn.Decisions;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.history.InstanceViews;
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
    InstanceViews views = new InstanceViews(key);
    views.add(Kind.PROCESS_INSTANCE, out -> Views.processInstance(state, pi, out));
    for (ElementInstance ei : state.elementInstancesByInstance.getOrDefault(key, List.of())) {
      if (ei.flowScope != null) {
        views.add(Kind.ELEMENT_INSTANCE, out -> Views.elementInstance(ei, out));
      }
    }
    for (Variable v : state.variablesByInstance.getOrDefault(key, List.of())) {
      if (state.variables.get(v.key) == v) {
        views.add(Kind.VARIABLE, out -> Views.variable(v, pi.process.tenantId, out));
      }
    }
    for (Job job : listed(state.jobsByInstance, key)) {
      views.add(Kind.JOB, out -> Views.job(job, out));
    }
    for (UserTask task : listed(state.userTasksByInstance, key)) {
      views.add(Kind.USER_TASK, out -> Views.userTask(task, out));
    }
    for (Incident incident : listed(state.incidentsByInstance, key)) {
      views.add(Kind.INCIDENT, out -> Views.incident(incident, out));
    }
    for (MessageSubscription subscription : listed(state.subscriptionsByInstance, key)) {
      views.add(Kind.MESSAGE_SUBSCRIPTION, out -> Views.messageSubscription(subscription, out));
    }
    Collection<String> flows = new LinkedHashSet<>(state.takenFlows.getOrDefault(key, List.of()));
    views.add(Kind.SEQUENCE_FLOWS, out -> Views.sequenceFlows(pi, flows, out));
    history.putInstance(views);
    history.ended(key, pi.endDate == null ? 0 : pi.endDate);
  }

  private static <T> List<T> listed(Map<Long, List<T>> index, long key) {
    List<T> items = index.get(key);
    return items == null ? List.of() : items;
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
