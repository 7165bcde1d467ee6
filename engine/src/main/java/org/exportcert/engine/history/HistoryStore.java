package org.exportcert.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.runtime.Json;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Finished process instances, off the heap: what the search endpoints show of each finished
 * instance (its process instance, element instances, variables, jobs, user tasks, incidents,
 * message subscriptions and taken flows) and every decision evaluation (kept from the moment it
 * is evaluated: it never changes), as the JSON views the API answers with, in an H2
 * MVStore file ({@code history.mv.db}) in the data directory.
 *
 * <p>Per kind one map key → view, one index "process instance key / entity key" and one on the
 * {@link #INDEXED_FIELDS} (the common filters), so a lookup by key and a search for one instance
 * or one state, process, element or assignee read only what they return. The store is
 * rebuilt idempotently: replaying the journal after a crash writes the same views again, so it
 * only needs to be durable ({@link #commit()}) before a snapshot lets the journal go. Writes run
 * on a {@link HistoryWriter} thread, off the command processor; every read and commit waits for
 * the writes submitted before it.
 */
public final class HistoryStore implements AutoCloseable {

  /** What is kept, and the view field holding each item's own key. */
  public enum Kind {
    PROCESS_INSTANCE("processInstanceKey"),
    ELEMENT_INSTANCE("elementInstanceKey"),
    VARIABLE("variableKey"),
    JOB("jobKey"),
    USER_TASK("userTaskKey"),
    INCIDENT("incidentKey"),
    MESSAGE_SUBSCRIPTION("messageSubscriptionKey"),
    SEQUENCE_FLOWS("processInstanceKey");

    public final String keyField;

    Kind(String keyField) {
      this.keyField = keyField;
    }
  }

  private final MVStore store;
  /** Writes run here, off the command processor; reads and commits drain it first. */
  private final HistoryWriter writer = new HistoryWriter();
  /** View fields with an index of their own (besides the process instance key): the common filters. */
  public static final List<String> INDEXED_FIELDS = List.of("state", "processDefinitionId", "elementId", "assignee");

  private final Map<Kind, MVMap<Long, String>> views = new EnumMap<>(Kind.class);
  /** Per kind: "field=value/entity key" -> entity key. */
  private final Map<Kind, MVMap<String, Long>> byField = new EnumMap<>(Kind.class);
  private final Map<Kind, MVMap<String, Long>> byInstance = new EnumMap<>(Kind.class);
  /** "end time/instance key" -> instance key: what retention deletes first. */
  private final MVMap<String, Long> byEnd;
  /** Decision evaluations (DMN), each as its GET view, by {@link #decisionOrder} key. */
  private final MVMap<String, String> decisions;
  /** "field=value\0order key" -> order key, for {@link #DECISION_FIELDS}. */
  private final MVMap<String, String> decisionsByField;
  /** Decision instance fields with an index: the common filters (process instance: what retention deletes by). */
  public static final List<String> DECISION_FIELDS =
      List.of("processInstanceKey", "decisionDefinitionId", "decisionDefinitionKey", "state", "decisionEvaluationKey");

  public HistoryStore(Path directory) {
    this.store = new MVStore.Builder()
        .fileName(directory.resolve("history.mv.db").toString())
        .compress()
        .open();
    for (Kind kind : Kind.values()) {
      views.put(kind, store.openMap(kind.name().toLowerCase()));
      byInstance.put(kind, store.openMap(kind.name().toLowerCase() + ".by-instance"));
      byField.put(kind, store.openMap(kind.name().toLowerCase() + ".by-field"));
    }
    byEnd = store.openMap("process_instance.by-end");
    decisions = store.openMap("decision_instance");
    decisionsByField = store.openMap("decision_instance.by-field");
  }

  /** Notes when a stored process instance ended, for {@link #expire}. */
  public void ended(long processInstanceKey, long endMillis) {
    writer.submit(() -> byEnd.put(SortableKeys.pair(Math.max(0, endMillis), processInstanceKey), processInstanceKey));
  }

  /** Deletes the instances that ended before {@code cutoffMillis} (retention); returns how many. */
  public int expire(long cutoffMillis) {
    writer.drain();
    String limit = SortableKeys.padded(Math.max(0, cutoffMillis)) + "/";
    List<String> expired = new ArrayList<>();
    Iterator<String> keys = byEnd.keyIterator(null);
    while (keys.hasNext()) {
      String key = keys.next();
      if (key.compareTo(limit) >= 0) {
        break;
      }
      expired.add(key);
    }
    for (String key : expired) {
      Long instance = byEnd.remove(key);
      if (instance != null) {
        deleteInstance(instance);
      }
    }
    return expired.size();
  }

  private static String indexKey(long processInstanceKey, long key) {
    return SortableKeys.pair(processInstanceKey, key);
  }

  private static String prefix(long processInstanceKey) {
    return SortableKeys.padded(processInstanceKey) + "/";
  }

  /** Stores (or replaces) the view of one finished entity of the instance {@code processInstanceKey}. */
  public void put(Kind kind, long key, long processInstanceKey, JsonNode view) {
    writer.submit(() -> write(kind, key, processInstanceKey, view));
  }

  private void write(Kind kind, long key, long processInstanceKey, JsonNode view) {
    views.get(kind).put(key, Json.write(view));
    byInstance.get(kind).put(indexKey(processInstanceKey, key), key);
    for (String field : INDEXED_FIELDS) {
      JsonNode value = view.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        byField.get(kind).put(fieldKey(field, value.asText(), key), key);
      }
    }
  }

  private static String fieldKey(String field, String value, long key) {
    return fieldPrefix(field, value) + SortableKeys.padded(key);
  }

  private static String fieldPrefix(String field, String value) {
    return field + "=" + value + "\u0000";
  }

  /** The views of a kind whose indexed {@code field} equals {@code value}, in key order (from the index). */
  public List<ObjectNode> withField(Kind kind, String field, String value) {
    writer.drain();
    return collect(byField.get(kind), views.get(kind), fieldPrefix(field, value));
  }

  private static List<ObjectNode> collect(MVMap<String, Long> index, MVMap<Long, String> map, String prefix) {
    List<ObjectNode> items = new ArrayList<>();
    Iterator<String> keys = index.keyIterator(prefix);
    while (keys.hasNext()) {
      String indexKey = keys.next();
      if (!indexKey.startsWith(prefix)) {
        break;
      }
      String text = map.get(index.get(indexKey));
      if (text != null) {
        items.add((ObjectNode) Json.read(text));
      }
    }
    return items;
  }

  public ObjectNode get(Kind kind, long key) {
    writer.drain();
    String text = views.get(kind).get(key);
    return text == null ? null : (ObjectNode) Json.read(text);
  }

  /** The views of one instance's entities of a kind, in key order (served from the index). */
  public List<ObjectNode> ofInstance(Kind kind, long processInstanceKey) {
    writer.drain();
    return collect(byInstance.get(kind), views.get(kind), prefix(processInstanceKey));
  }

  /** Every view of a kind, in key order (a scan: for searches no index serves). */
  public List<ObjectNode> all(Kind kind) {
    writer.drain();
    List<ObjectNode> items = new ArrayList<>();
    for (String text : views.get(kind).values()) {
      items.add((ObjectNode) Json.read(text));
    }
    return items;
  }

  public long count(Kind kind) {
    writer.drain();
    return views.get(kind).sizeAsLong();
  }

  /** Deletes everything kept of one instance (retention), its decision evaluations included. */
  public void deleteInstance(long processInstanceKey) {
    writer.drain();
    deleteDecisions(processInstanceKey);
    String prefix = prefix(processInstanceKey);
    for (Kind kind : Kind.values()) {
      MVMap<String, Long> index = byInstance.get(kind);
      List<String> found = new ArrayList<>();
      Iterator<String> keys = index.keyIterator(prefix);
      while (keys.hasNext()) {
        String indexKey = keys.next();
        if (!indexKey.startsWith(prefix)) {
          break;
        }
        found.add(indexKey);
      }
      for (String indexKey : found) {
        Long key = index.remove(indexKey);
        String text = key == null ? null : views.get(kind).remove(key);
        if (text != null) {
          JsonNode view = Json.read(text);
          for (String field : INDEXED_FIELDS) {
            JsonNode value = view.get(field);
            if (value != null && value.isValueNode() && !value.isNull()) {
              byField.get(kind).remove(fieldKey(field, value.asText(), key));
            }
          }
        }
      }
    }
  }

  /**
   * Stores (or replaces) one evaluated decision, as GET /v2/decision-instances/{key} shows it (its
   * {@code decisionEvaluationInstanceKey} is "evaluation key-index").
   */
  public void putDecision(ObjectNode view) {
    writer.submit(() -> writeDecision(view));
  }

  private void writeDecision(ObjectNode view) {
    String order = decisionOrder(view.path("decisionEvaluationInstanceKey").asText());
    decisions.put(order, Json.write(view));
    for (String field : DECISION_FIELDS) {
      JsonNode value = view.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        decisionsByField.put(fieldPrefix(field, value.asText()) + order, order);
      }
    }
  }

  /** One evaluated decision by its decisionEvaluationInstanceKey; null when not kept. */
  public ObjectNode decision(String instanceKey) {
    writer.drain();
    String order = decisionOrder(instanceKey);
    String text = order == null ? null : decisions.get(order);
    return text == null ? null : (ObjectNode) Json.read(text);
  }

  /**
   * The evaluated decisions, in evaluation order: those whose indexed {@code field} equals
   * {@code value} (read from the index), or all when {@code field} is null (a scan).
   */
  public List<ObjectNode> decisions(String field, String value) {
    writer.drain();
    List<ObjectNode> items = new ArrayList<>();
    if (field == null) {
      for (String text : decisions.values()) {
        items.add((ObjectNode) Json.read(text));
      }
      return items;
    }
    String prefix = fieldPrefix(field, value);
    Iterator<String> keys = decisionsByField.keyIterator(prefix);
    while (keys.hasNext()) {
      String indexKey = keys.next();
      if (!indexKey.startsWith(prefix)) {
        break;
      }
      String text = decisions.get(decisionsByField.get(indexKey));
      if (text != null) {
        items.add((ObjectNode) Json.read(text));
      }
    }
    return items;
  }

  public long decisionCount() {
    writer.drain();
    return decisions.sizeAsLong();
  }

  /** "evaluation key-index" as a key that sorts in evaluation order; null when it is not one. */
  private static String decisionOrder(String instanceKey) {
    int dash = instanceKey.lastIndexOf('-');
    try {
      return String.format("%020d/%06d", Long.parseLong(instanceKey.substring(0, dash)),
          Integer.parseInt(instanceKey.substring(dash + 1)));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void deleteDecisions(long processInstanceKey) {
    for (ObjectNode view : decisions("processInstanceKey", String.valueOf(processInstanceKey))) {
      String order = decisionOrder(view.path("decisionEvaluationInstanceKey").asText());
      decisions.remove(order);
      for (String field : DECISION_FIELDS) {
        JsonNode value = view.get(field);
        if (value != null && value.isValueNode() && !value.isNull()) {
          decisionsByField.remove(fieldPrefix(field, value.asText()) + order);
        }
      }
    }
  }

  /** Makes everything stored so far durable. */
  public void commit() {
    writer.drain();
    store.commit();
    store.sync();
  }

  /** Drops all history (purge). */
  public void clear() {
    writer.drain();
    views.values().forEach(MVMap::clear);
    byInstance.values().forEach(MVMap::clear);
    byField.values().forEach(MVMap::clear);
    byEnd.clear();
    decisions.clear();
    decisionsByField.clear();
    commit();
  }

  /** Lets the file go without storing uncommitted changes (a simulated crash). */
  public void abandon() {
    writer.stop(true);
    store.closeImmediately();
  }

  @Override
  public void close() {
    try {
      writer.stop(false);
    } finally {
      store.close();
    }
  }
}
