package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.runtime.BpmnRuntime;
import org.exportcert.engine.runtime.Json;
import org.exportcert.engine.runtime.Views;
import org.exportcert.engine.state.DeployedForm;
import org.exportcert.engine.state.DeployedResource;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.UserTask;
import org.exportcert.engine.state.Variable;

/**
 * Read-side lookups of the REST API that combine several entities. They run on the processor
 * thread inside a query ({@code CommandProcessor.query}); null means "not found" to the caller.
 */
final class StateQueries {

  /** The process instance search's variables filter, bound to the state of the running query. */
  private static final ThreadLocal<BiPredicate<ObjectNode, JsonNode>> VARIABLE_LOOKUP = new ThreadLocal<>();

  private StateQueries() {
  }

  /** The flows an instance has taken, each once. */
  static JsonNode sequenceFlows(EngineState s, long key) {
    ElementInstance pi = s.processInstances.get(key);
    if (pi == null) {
      return null;
    }
    ObjectNode node = Json.object();
    ArrayNode items = node.putArray("items");
    for (String flowId : new LinkedHashSet<>(s.takenFlows.getOrDefault(key, List.of()))) {
      ObjectNode item = items.addObject();
      item.put("sequenceFlowId", pi.key + "_" + flowId);
      item.put("processInstanceKey", String.valueOf(pi.key));
      item.put("processDefinitionKey", String.valueOf(pi.process.key));
      item.put("processDefinitionId", pi.process.processId);
      item.put("elementId", flowId);
      item.put("tenantId", pi.process.tenantId);
    }
    return node;
  }

  /** The taken flows of a finished instance, as {@link #sequenceFlows} answers them for a live one. */
  static JsonNode finishedSequenceFlows(ObjectNode stored) {
    if (stored == null) {
      return null;
    }
    ObjectNode node = Json.object();
    ArrayNode items = node.putArray("items");
    for (JsonNode flow : stored.path("flows")) {
      ObjectNode item = items.addObject();
      item.put("sequenceFlowId", stored.path("processInstanceKey").asText() + "_" + flow.asText());
      item.set("processInstanceKey", stored.get("processInstanceKey"));
      item.set("processDefinitionKey", stored.get("processDefinitionKey"));
      item.set("processDefinitionId", stored.get("processDefinitionId"));
      item.put("elementId", flow.asText());
      item.set("tenantId", stored.get("tenantId"));
    }
    return node;
  }

  /** A user task's form; null when it has none, {@code {missing: task|form}} when either is gone. */
  /** A resource as {@code GET /v2/resources/{key}} answers it. */
  static ObjectNode resource(DeployedResource resource) {
    ObjectNode node = Json.object();
    node.put("resourceName", resource.resourceName);
    node.put("version", resource.version);
    if (resource.versionTag != null) {
      node.put("versionTag", resource.versionTag);
    }
    node.put("resourceId", resource.resourceId);
    node.put("tenantId", resource.tenantId);
    node.put("resourceKey", String.valueOf(resource.key));
    return node;
  }

  static JsonNode userTaskForm(EngineState s, long key) {
    UserTask task = s.userTasks.get(key);
    if (task == null) {
      return Json.object().put("missing", "task");
    }
    if (task.formKey == null) {
      return null;
    }
    DeployedForm form = s.formsByKey.get(task.formKey);
    if (form == null) {
      return Json.object().put("missing", "form"); // the form was deleted since
    }
    ObjectNode node = Json.object();
    node.put("formKey", String.valueOf(form.key));
    node.put("formId", form.formId);
    node.put("version", form.version);
    node.put("schema", form.schema);
    node.put("tenantId", form.tenantId);
    return node;
  }

  /** The variables a user task sees (its scope outward, inner ones shadowing), searched. */
  static JsonNode userTaskVariables(EngineState s, long key, JsonNode request) {
    UserTask task = s.userTasks.get(key);
    if (task == null) {
      return null;
    }
    List<ObjectNode> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ElementInstance scope = task.elementInstance; scope != null; scope = scope.flowScope) {
      Map<String, Variable> local = s.variablesByScope.get(scope.key);
      if (local != null) {
        for (Variable v : local.values()) {
          if (seen.add(v.name)) {
            items.add(Views.variable(v, scope.process.tenantId));
          }
        }
      }
    }
    return Search.run(items, request, Map.of());
  }

  /**
   * The filter's {@code processInstanceKey} when it names exactly one instance (plain value or
   * {@code $eq}); searches then start from that instance's index instead of every entity.
   */
  static Long instanceFilter(JsonNode request) {
    JsonNode key = request == null ? null : request.path("filter").get("processInstanceKey");
    if (key == null || key.isNull()) {
      return null;
    }
    JsonNode value = key.isObject() ? key.get("$eq") : key;
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    try {
      return Long.parseLong(value.asText());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static List<ObjectNode> variableViews(EngineState state, Iterable<Variable> variables) {
    List<ObjectNode> items = new ArrayList<>();
    for (Variable v : variables) {
      items.add(Views.variable(v, tenantOf(state, v)));
    }
    return items;
  }

  static String tenantOf(EngineState state, Variable v) {
    ElementInstance pi = state.processInstances.get(v.processInstanceKey);
    return pi == null ? BpmnRuntime.DEFAULT_TENANT : pi.process.tenantId;
  }

  /** Process instance filter {@code variables: [{name, value}]}: root-scope variable equals value (JSON text). */
  static boolean variablesMatch(ObjectNode item, JsonNode condition) {
    // the item carries no variables: the lookup bound for the running query resolves them
    BiPredicate<ObjectNode, JsonNode> lookup = VARIABLE_LOOKUP.get();
    return lookup == null || lookup.test(item, condition);
  }

  /** Binds the state of the running (processor-thread) query for the variables filter. */
  static void bindVariablesFilter(EngineState state, HistoryStore history) {
    VARIABLE_LOOKUP.set((item, condition) -> {
      long key = Long.parseLong(item.path("processInstanceKey").asText());
      Map<String, Object> root = rootVariables(state, history, key);
      for (JsonNode wanted : condition) {
        String name = wanted.path("name").asText();
        if (!root.containsKey(name)) {
          return false;
        }
        Object current = root.get(name);
        JsonNode value = wanted.get("value");
        if (value != null && value.isObject()) {
          JsonNode text = Json.MAPPER.getNodeFactory().textNode(Json.write(current));
          if (!Search.test(text, value)) {
            return false;
          }
        } else if (value != null && !value.isNull()) {
          JsonNode expected = value.isTextual() ? parseOrText(value.asText()) : value;
          if (!Json.toNode(current).equals(expected) && !Json.write(current).equals(value.asText())) {
            return false;
          }
        }
      }
      return true;
    });
  }

  /** The instance's root-scope variables by name: live, or as the history store kept them. */
  private static Map<String, Object> rootVariables(EngineState state, HistoryStore history, long processInstanceKey) {
    Map<String, Object> values = new java.util.HashMap<>();
    Map<String, Variable> live = state.variablesByScope.get(processInstanceKey);
    if (live != null || history == null || state.processInstances.containsKey(processInstanceKey)) {
      (live == null ? Map.<String, Variable>of() : live).forEach((name, v) -> values.put(name, v.value));
      return values;
    }
    for (ObjectNode v : history.ofInstance(HistoryStore.Kind.VARIABLE, processInstanceKey)) {
      if (v.path("scopeKey").asText().equals(String.valueOf(processInstanceKey))) {
        try {
          values.put(v.path("name").asText(), Json.MAPPER.readValue(v.path("value").asText(), Object.class));
        } catch (IOException e) {
          values.put(v.path("name").asText(), v.path("value").asText());
        }
      }
    }
    return values;
  }

  private static JsonNode parseOrText(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return Json.MAPPER.getNodeFactory().textNode(text);
    }
  }
}
