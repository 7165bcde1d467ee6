package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.ElementInstanceIndex;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.FieldIndex;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.IncidentIndex;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.JobIndex;
import org.exportcert.engine.state.LiveIndexes;
import org.exportcert.engine.state.MessageSubscription;
import org.exportcert.engine.state.MessageSubscriptionIndex;
import org.exportcert.engine.state.ProcessInstanceIndex;
import org.exportcert.engine.state.UserTask;
import org.exportcert.engine.state.Variable;

/**
 * Which live entities a search starts from: an index when the filter asks for one plain value of
 * an indexed field (the smallest when several), the entity itself when it names one by key, the
 * entities of one process instance when it names one (or names an element instance or job, whose
 * instance's lists hold all that can match), else all of them. The whole filter is still applied
 * to what this returns ({@link Search#run}), so a candidate set only has to hold every match; and
 * the candidates come in key order as the live maps keep them, so the answer, its sort and its
 * cursors are the same as with a full scan. A plain value is a text, number or boolean, compared by
 * its text as {@link Search} compares it (process instances' {@code hasIncident}).
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

  static Iterable<Incident> incidents(EngineState s, JsonNode request) {
    Long instance = StateQueries.instanceFilter(request);
    if (instance != null) {
      return s.incidentsByInstance.getOrDefault(instance, List.of());
    }
    if (!indexesEnabled) {
      return s.incidents.values();
    }
    Long own = keyValue(request, "incidentKey");
    if (own != null) {
      return one(s.incidents.get(own));
    }
    Job job = byKey(s.jobs, keyValue(request, "jobKey"));
    ElementInstance ei = job != null ? job.elementInstance : byKey(s.elementInstances, keyValue(request, "elementInstanceKey"));
    if (ei != null) {
      return s.incidentsByInstance.getOrDefault(ei.processInstanceKey, List.of());
    }
    return fromIndex(request, IncidentIndex.FIELDS, () -> s.indexes().incidents(), s.incidents);
  }

  static Iterable<Job> jobs(EngineState s, JsonNode request) {
    Long instance = StateQueries.instanceFilter(request);
    if (instance != null) {
      return s.jobsByInstance.getOrDefault(instance, List.of());
    }
    if (!indexesEnabled) {
      return s.jobs.values();
    }
    Long own = keyValue(request, "jobKey");
    if (own != null) {
      return one(s.jobs.get(own));
    }
    ElementInstance ei = byKey(s.elementInstances, keyValue(request, "elementInstanceKey"));
    if (ei != null) {
      return s.jobsByInstance.getOrDefault(ei.processInstanceKey, List.of());
    }
    return fromIndex(request, JobIndex.FIELDS, () -> s.indexes().jobs(), s.jobs);
  }

  /** Element instances, process instances among them (the caller leaves those out). */
  static Iterable<ElementInstance> elementInstances(EngineState s, JsonNode request) {
    Long instance = StateQueries.instanceFilter(request);
    if (instance != null) {
      return s.elementInstancesByInstance.getOrDefault(instance, List.of());
    }
    if (!indexesEnabled) {
      return s.elementInstances.values();
    }
    Long own = keyValue(request, "elementInstanceKey");
    if (own != null) {
      return one(s.elementInstances.get(own));
    }
    return fromIndex(request, ElementInstanceIndex.FIELDS, () -> s.indexes().elementInstances(), s.elementInstances);
  }

  /** Process instances; the caller answers a filter by {@code processInstanceKey} itself. */
  static Iterable<ElementInstance> processInstances(EngineState s, JsonNode request) {
    if (!indexesEnabled) {
      return s.processInstances.values();
    }
    return fromIndex(request, ProcessInstanceIndex.FIELDS, () -> s.indexes().processInstances(), s.processInstances);
  }

  /** Message subscriptions (of every state: the search shows correlated and deleted ones too). */
  static Iterable<MessageSubscription> messageSubscriptions(EngineState s, JsonNode request) {
    Long instance = StateQueries.instanceFilter(request);
    if (instance != null) {
      return s.subscriptionsByInstance.getOrDefault(instance, List.of());
    }
    if (!indexesEnabled) {
      return s.messageSubscriptions.values();
    }
    Long own = keyValue(request, "messageSubscriptionKey");
    if (own != null) {
      return one(s.messageSubscriptions.get(own));
    }
    ElementInstance ei = byKey(s.elementInstances, keyValue(request, "elementInstanceKey"));
    if (ei != null) {
      return s.subscriptionsByInstance.getOrDefault(ei.processInstanceKey, List.of());
    }
    return fromIndex(request, MessageSubscriptionIndex.FIELDS, () -> s.indexes().messageSubscriptions(), s.messageSubscriptions);
  }

  /**
   * The entities under the smallest index entry the filter names (one plain value of an indexed
   * field), in key order; all of them when it names none. The index is built only when needed.
   */
  private static <T> Iterable<T> fromIndex(JsonNode request, List<String> fields, Supplier<? extends FieldIndex<T>> index,
      Map<Long, T> live) {
    Set<Long> smallest = null;
    for (String field : fields) {
      String value = plainValue(request, field);
      if (value != null) {
        Set<Long> keys = index.get().keys(field, value);
        if (smallest == null || keys.size() < smallest.size()) {
          smallest = keys;
        }
      }
    }
    if (smallest == null) {
      return live.values();
    }
    List<T> found = new ArrayList<>(smallest.size());
    for (Long key : smallest) {
      T entity = live.get(key);
      if (entity != null) {
        found.add(entity);
      }
    }
    return found;
  }

  private static <T> List<T> one(T entity) {
    return entity == null ? List.of() : List.of(entity);
  }

  private static <T> T byKey(Map<Long, T> live, Long key) {
    return key == null ? null : live.get(key);
  }

  /** The filter's one plain value of a key property, as a number; null when it names none (or no number). */
  private static Long keyValue(JsonNode request, String field) {
    String value = plainValue(request, field);
    return value == null ? null : parseKey(value);
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

  /** The filter's value for {@code field} when it is one plain text, number or boolean ({@code "x"} or {@code {"$eq": "x"}}). */
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
    // as Search compares a text field with a plain value: by its text (a key may come as a number)
    return value.isTextual() || value.isIntegralNumber() || value.isBoolean() ? value.asText() : null;
  }

  private static Long parseKey(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
