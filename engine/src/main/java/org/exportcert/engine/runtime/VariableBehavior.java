package org.exportcert.engine.runtime;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.Mapping;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Variable;

/**
 * Variables as Zeebe scopes them: local to an element instance, visible to everything inside it,
 * propagated outward to the nearest scope that defines them; input and output mappings.
 */
final class VariableBehavior {

  private final BpmnRuntime rt;

  VariableBehavior(BpmnRuntime rt) {
    this.rt = rt;
  }

  /** Every variable visible from a scope, inner scopes shadowing outer ones. */
  Map<String, Object> visible(ElementInstance scope) {
    Map<String, Object> result = new HashMap<>();
    for (ElementInstance s = scope; s != null; s = s.flowScope) {
      Map<String, Variable> local = rt.state().variablesByScope.get(s.key);
      if (local != null) {
        for (Variable v : local.values()) {
          result.putIfAbsent(v.name, v.value);
        }
      }
    }
    return result;
  }

  void setLocal(ElementInstance scope, Map<String, Object> variables) {
    for (Map.Entry<String, Object> entry : variables.entrySet()) {
      set(scope, entry.getKey(), entry.getValue());
    }
  }

  /** Zeebe propagation: update the nearest scope defining the name, else create at the root. */
  void merge(ElementInstance scope, Map<String, Object> variables) {
    for (Map.Entry<String, Object> entry : variables.entrySet()) {
      ElementInstance target = null;
      ElementInstance root = scope;
      for (ElementInstance s = scope; s != null; s = s.flowScope) {
        root = s;
        Map<String, Variable> local = rt.state().variablesByScope.get(s.key);
        if (target == null && local != null && local.containsKey(entry.getKey())) {
          target = s;
        }
      }
      set(target != null ? target : root, entry.getKey(), entry.getValue());
    }
  }

  /** Sets one variable local to a scope, creating it (with a new key) the first time. */
  void set(ElementInstance scope, String name, Object value) {
    EngineState state = rt.state();
    Map<String, Variable> local = state.variablesByScope.computeIfAbsent(scope.key, k -> new LinkedHashMap<>());
    Variable variable = local.get(name);
    if (variable == null) {
      variable = new Variable();
      variable.key = state.newKey();
      variable.name = name;
      variable.scopeKey = scope.key;
      variable.processInstanceKey = scope.processInstanceKey;
      local.put(name, variable);
      state.variables.put(variable.key, variable);
      EngineState.index(state.variablesByInstance, variable.processInstanceKey, variable);
    }
    variable.value = value;
  }

  /** Input mappings into the element's local scope; each mapping sees the ones before it. */
  void applyInputs(ElementInstance ei) {
    if (ei.element.inputs().isEmpty()) {
      return;
    }
    Map<String, Object> context = visible(ei); // own locals: a multi-instance inputElement, loopCounter
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (Mapping mapping : ei.element.inputs()) {
      Map<String, Object> merged = new HashMap<>(context);
      merged.putAll(inputs);
      Object value = rt.feel().evaluateValue(mapping.source(), merged);
      putPath(inputs, mapping.target(), value);
    }
    setLocal(ei, inputs);
  }

  /** Evaluates output mappings against a context; a dotted target builds nested contexts. */
  Map<String, Object> evaluateMappings(List<Mapping> mappings, Map<String, Object> context) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Mapping mapping : mappings) {
      Object value = rt.feel().evaluateValue(mapping.source(), context);
      putPath(result, mapping.target(), value);
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static void putPath(Map<String, Object> target, String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> current = target;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = current.get(parts[i]);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        current.put(parts[i], next);
      }
      current = (Map<String, Object>) next;
    }
    current.put(parts[parts.length - 1], value);
  }
}
