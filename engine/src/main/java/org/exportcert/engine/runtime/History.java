package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Variable;

/**
 * Bounds the finished element instances kept per process instance for searches. Finished
 * instances are kept so searches and Process Test assertions see them, but an instance that loops
 * forever would otherwise fill the memory: beyond {@link #KEEP_FINISHED} finished element instances
 * the oldest are dropped (with their local variables). Active ones are never dropped.
 */
final class History {

  static final int KEEP_FINISHED = 10_000;

  private History() {}

  /** Called after an element instance was indexed; compacts at most once every KEEP_FINISHED additions. */
  static void afterIndexed(EngineState state, long processInstanceKey) {
    List<ElementInstance> all = state.elementInstancesByInstance.get(processInstanceKey);
    if (all == null || all.size() <= 2 * KEEP_FINISHED || all.size() % KEEP_FINISHED != 0) {
      return;
    }
    int finished = 0;
    for (ElementInstance ei : all) {
      if (!ei.isActive()) {
        finished++;
      }
    }
    int toDrop = finished - KEEP_FINISHED;
    if (toDrop <= 0) {
      return;
    }
    Set<Long> dropped = new HashSet<>();
    List<ElementInstance> kept = new ArrayList<>(all.size() - toDrop);
    for (ElementInstance ei : all) {
      if (dropped.size() < toDrop && !ei.isActive() && ei.key != processInstanceKey) {
        dropped.add(ei.key);
        state.elementInstances.remove(ei.key);
        state.elementInstanceRemoved(ei);
      } else {
        kept.add(ei);
      }
    }
    state.elementInstancesByInstance.put(processInstanceKey, kept);
    boolean hadVariables = false;
    for (Long key : dropped) {
      Map<String, Variable> locals = state.variablesByScope.remove(key);
      if (locals != null) {
        hadVariables = true;
        locals.values().forEach(v -> state.variables.remove(v.key));
      }
    }
    if (hadVariables) {
      List<Variable> variables = state.variablesByInstance.get(processInstanceKey);
      if (variables != null) {
        variables.removeIf(v -> dropped.contains(v.scopeKey));
      }
    }
  }
}
