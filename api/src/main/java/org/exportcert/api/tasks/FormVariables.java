package org.exportcert.api.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.exportcert.api.error.ApiExceptionHandler.FieldProblem;

/**
 * Checks what a person submits to complete a task against the task's Camunda Form: only the
 * form's editable fields, each of its type, choices among the offered values, required ones
 * present. Without a form, only short scalar values under plain names, never the process's own
 * references.
 */
final class FormVariables {

  static final int MAX_TEXT = 8000;
  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");
  /** Set by the process and its workers; a person never overwrites them. */
  static final Set<String> RESERVED =
      Set.of("caseId", "category", "dueDates", "testingKey", "recognitionKey", "marketCode",
          "decisionRecordId", "testingScope", "targetMarkets", "schemeType");

  private FormVariables() {}

  record Field(String key, String type, boolean required, boolean conditional, Set<String> values) {}

  static Map<String, Field> fields(JsonNode form) {
    Map<String, Field> fields = new LinkedHashMap<>();
    collect(form.path("components"), fields);
    return fields;
  }

  private static void collect(JsonNode components, Map<String, Field> fields) {
    for (JsonNode c : components) {
      if (c.has("components")) {
        collect(c.path("components"), fields); // groups nest fields
      }
      String key = c.path("key").asText("");
      if (key.isBlank() || c.path("readonly").asBoolean(false) || c.path("disabled").asBoolean(false)) {
        continue;
      }
      Set<String> values = new java.util.LinkedHashSet<>();
      c.path("values").forEach(v -> values.add(v.path("value").asText()));
      fields.put(key, new Field(key, c.path("type").asText(), c.path("validate").path("required")
          .asBoolean(false), c.has("conditional"), values));
    }
  }

  /**
   * The submission without the form's read-only and disabled fields: form-js submits them with
   * the value it showed (the case reference, say), but they belong to the process, so a person's
   * copy is dropped, never written back and never a reason to refuse the task.
   */
  static Map<String, Object> withoutReadOnly(Map<String, Object> variables, JsonNode form) {
    Set<String> readOnly = new java.util.HashSet<>();
    collectReadOnly(form.path("components"), readOnly);
    Map<String, Object> kept = new LinkedHashMap<>(variables);
    kept.keySet().removeIf(k -> readOnly.contains(k) && !fields(form).containsKey(k));
    return kept;
  }

  private static void collectReadOnly(JsonNode components, Set<String> keys) {
    for (JsonNode c : components) {
      if (c.has("components")) {
        collectReadOnly(c.path("components"), keys);
      }
      String key = c.path("key").asText("");
      if (!key.isBlank() && (c.path("readonly").asBoolean(false) || c.path("disabled").asBoolean(false))) {
        keys.add(key);
      }
    }
  }

  static List<FieldProblem> check(Map<String, Object> variables, JsonNode form) {
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, Field> fields = fields(form);
    for (var e : variables.entrySet()) {
      Field f = fields.get(e.getKey());
      if (f == null) {
        problems.add(new FieldProblem(e.getKey(), "not a field of this task's form"));
        continue;
      }
      String problem = typeProblem(f, e.getValue());
      if (problem != null) {
        problems.add(new FieldProblem(e.getKey(), problem));
      }
    }
    for (Field f : fields.values()) {
      if (f.required() && !f.conditional()) {
        Object v = variables.get(f.key());
        if (v == null || (v instanceof String s && s.isBlank())
            || ("checkbox".equals(f.type()) && !Boolean.TRUE.equals(v))) {
          problems.add(new FieldProblem(f.key(), "required"));
        }
      }
    }
    return problems;
  }

  private static String typeProblem(Field f, Object v) {
    if (v == null) {
      return null;
    }
    return switch (f.type()) {
      case "checkbox" -> v instanceof Boolean ? null : "must be true or false";
      case "number" -> v instanceof Number ? null : "must be a number";
      case "radio", "select" -> v instanceof String s && (f.values().isEmpty() || f.values().contains(s))
          ? null : "must be one of " + f.values();
      case "checklist", "taglist" -> v instanceof List<?> l && l.stream().allMatch(
          x -> x instanceof String s && (f.values().isEmpty() || f.values().contains(s)))
          ? null : "must be a list of " + f.values();
      default -> v instanceof String s ? (s.length() <= MAX_TEXT ? null : "too long")
          : v instanceof Boolean || v instanceof Number ? null : "must be text";
    };
  }

  /** Without a form: plain names, scalars or lists of short strings, nothing reserved. */
  static List<FieldProblem> checkWithoutForm(Map<String, Object> variables) {
    List<FieldProblem> problems = new ArrayList<>();
    variables.forEach((k, v) -> {
      if (!NAME.matcher(k).matches()) {
        problems.add(new FieldProblem(k, "not a plain variable name"));
      } else if (RESERVED.contains(k)) {
        problems.add(new FieldProblem(k, "set by the process, not by a person"));
      } else if (!(v == null || v instanceof Boolean || v instanceof Number
          || (v instanceof String s && s.length() <= MAX_TEXT)
          || (v instanceof List<?> l && l.size() <= 100
              && l.stream().allMatch(x -> x instanceof String s && s.length() <= 200)))) {
        problems.add(new FieldProblem(k, "only references, outcomes and short text are accepted"));
      }
    });
    return problems;
  }

  static JsonNode parse(ObjectMapper json, String form) {
    try {
      return json.readTree(form);
    } catch (Exception e) {
      return null;
    }
  }

  static Map<String, Object> copy(Map<String, Object> in) {
    return in == null ? new HashMap<>() : new HashMap<>(in);
  }
}
