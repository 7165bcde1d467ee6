package org.exportcert.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.exportcert.engine.runtime.Json;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The history store's decision evaluations (DMN), each kept as GET /v2/decision-instances/{key}
 * shows it from the moment it is evaluated (it never changes), in evaluation order, with an index
 * on the common filters. Called by {@link HistoryStore} on its writer thread, or after a drain.
 */
final class DecisionHistory {

  /** Decision instance fields with an index: the common filters (process instance: what retention deletes by). */
  static final List<String> FIELDS =
      List.of("processInstanceKey", "decisionDefinitionId", "decisionDefinitionKey", "state", "decisionEvaluationKey");

  /** Each evaluation's view as JSON text, by {@link #order} key. */
  private final MVMap<String, String> decisions;
  /** "field=value\0order key" -> order key, for {@link #FIELDS}. */
  private final MVMap<String, String> byField;

  DecisionHistory(MVStore store) {
    decisions = store.openMap("decision_instance");
    byField = store.openMap("decision_instance.by-field");
  }

  void put(ObjectNode view) {
    String order = order(view.path("decisionEvaluationInstanceKey").asText());
    decisions.put(order, Json.write(view));
    for (String field : FIELDS) {
      JsonNode value = view.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        byField.put(HistoryStore.fieldPrefix(field, value.asText()) + order, order);
      }
    }
  }

  /** One evaluation by its decisionEvaluationInstanceKey; null when not kept. */
  ObjectNode get(String instanceKey) {
    String order = order(instanceKey);
    String text = order == null ? null : decisions.get(order);
    return text == null ? null : (ObjectNode) Json.read(text);
  }

  /** In evaluation order: those whose {@code field} equals {@code value} (the index), or all when it is null (a scan). */
  List<ObjectNode> search(String field, String value) {
    List<ObjectNode> items = new ArrayList<>();
    if (field == null) {
      for (String text : decisions.values()) {
        items.add((ObjectNode) Json.read(text));
      }
      return items;
    }
    String prefix = HistoryStore.fieldPrefix(field, value);
    Iterator<String> keys = byField.keyIterator(prefix);
    while (keys.hasNext()) {
      String indexKey = keys.next();
      if (!indexKey.startsWith(prefix)) {
        break;
      }
      String text = decisions.get(byField.get(indexKey));
      if (text != null) {
        items.add((ObjectNode) Json.read(text));
      }
    }
    return items;
  }

  long count() {
    return decisions.sizeAsLong();
  }

  /** Deletes the evaluations of one process instance (retention). */
  void deleteOf(long processInstanceKey) {
    search("processInstanceKey", String.valueOf(processInstanceKey)).forEach(this::delete);
  }

  /** Deletes the evaluations keyed at or after {@code nextKey} (ahead of the journal); returns how many. */
  int deleteFrom(long nextKey) {
    List<ObjectNode> evaluations = new ArrayList<>();
    Iterator<String> orders = decisions.keyIterator(String.format("%020d", Math.max(0, nextKey)));
    while (orders.hasNext()) {
      evaluations.add((ObjectNode) Json.read(decisions.get(orders.next())));
    }
    evaluations.forEach(this::delete);
    return evaluations.size();
  }

  void clear() {
    decisions.clear();
    byField.clear();
  }

  private void delete(ObjectNode view) {
    String order = order(view.path("decisionEvaluationInstanceKey").asText());
    decisions.remove(order);
    for (String field : FIELDS) {
      JsonNode value = view.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        byField.remove(HistoryStore.fieldPrefix(field, value.asText()) + order);
      }
    }
  }

  /** "evaluation key-index" as a key that sorts in evaluation order; null when it is not one. */
  private static String order(String instanceKey) {
    int dash = instanceKey.lastIndexOf('-');
    try {
      return String.format("%020d/%06d", Long.parseLong(instanceKey.substring(0, dash)),
          Integer.parseInt(instanceKey.substring(dash + 1)));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
