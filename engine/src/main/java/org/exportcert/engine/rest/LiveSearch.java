package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.LiveIndexes;
import org.exportcert.engine.state.UserTask;
import org.exportcert.engine.state.Variable;

/**
 * Which live entities a search starts from: an index when the filter asks for one plain value of
 * an indexed field, else all of them. The whole filter is still applied to what this returns
 * ({@link Search#run}), and the candidates come in key order as the live maps keep them, so the
 * answer, its sort and its cursors are the same as with a full scan.
 */
final class LiveSearch {

  /** Off: every search scans (the benchmark's and the equivalence test's baseline). */
  static volatile boolean indexesEnabled = !Boolean.getBoolean("exportcert.engine.search.scan");

  private LiveSearch() {}

  static Iterable<UserTask> userTasks(EngineState s, JsonNode request) {
    Long instance = StateQueries.instanceFilter(request);
    if (instance != null) {
      return s.userTasksByInstance.getOrDefault(instance, List.of());
    }
    if (!indexesEnabled) {
      return s.userTasks.values();
    }
    Set<Long> smallest = null;
    for (String field : LiveIndexes.USER_TASK_FIELDS) {
      String value = plainValue(request, field);
      if (value != null) {
        Set<Long> keys = s.indexes().userTasks(field, value);
        if (smallest == null || keys.size() < smallest.size()) {
          smallest = keys;
        }
      }
    }
    if (smallest == null) {
      return s.userTasks.values();
    }
    List<UserTask> tasks = new ArrayList<>(smallest.size());
    for (Long key : smallest) {
      UserTask task = s.userTasks.get(key);
      if (task != null) {
        tasks.add(task);
      }
    }
    return tasks;
  }

  static Iterable<Variable> variables(EngineState s, JsonNode request) {
    Long instance = StateQueries.instanceFilter(request);
    if (instance != null) {
      return s.variablesByInstance.getOrDefault(instance, List.of());
    }
    String scope = indexesEnabled ? plainValue(request, "scopeKey") : null;
    Long scopeKey = scope == null ? null : parseKey(scope);
    if (scopeKey == null) {
      return s.variables.values();
    }
    Map<String, Variable> local = s.variablesByScope.get(scopeKey);
    Collection<Variable> found = local == null ? List.of() : local.values();
    List<Variable> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingLong(v -> v.key)); // the variables map's (creation) order
    return sorted;
  }

  /** The filter's value for {@code field} when it is one plain text or number ({@code "x"} or {@code {"$eq": "x"}}). */
  static String plainValue(JsonNode request, String field) {
    JsonNode filter = request == null ? null : request.get("filter");
    JsonNode condition = filter == null || !filter.isObject() ? null : filter.get(field);
    if (condition == null) {
      return null;
    }
    JsonNode value = condition;
    if (condition.isObject()) {
      if (condition.size() != 1 || condition.get("$eq") == null) {
        return null;
      }
      value = condition.get("$eq");
    }
    return value.isTextual() ? value.asText() : null;
  }

  private static Long parseKey(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
