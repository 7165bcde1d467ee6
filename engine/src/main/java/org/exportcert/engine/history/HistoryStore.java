package org.exportcert.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.runtime.Json;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished process instances, off the heap: what the search endpoints show of each finished
 * instance (its process instance, element instances, variables, jobs, user tasks, incidents,
 * message subscriptions and taken flows) and every decision evaluation (kept from the moment it
 * is evaluated: it never changes), as the JSON views the API answers with, in an H2
 * MVStore file ({@code history.mv.db}) in the data directory.
 *
 * <p>Layout (format {@value #FORMAT}): per kind one entry per instance holding all its views of
 * that kind (a JSON array), a map entity key → instance key for lookups by key, and an index
 * "field=value / instance" on the {@link #INDEXED_FIELDS} (the common filters), so a lookup by key
 * and a search for one instance or one state, process, element or assignee read only the
 * instances that hold what they return. One entry per instance rather than per entity: the store's
 * map updates were most of the engine's CPU at saturation (docs/benchmarks.md). A store in the
 * older per-entity layout ({@link HistoryFormat1}) is copied into this one once, when opened.
 *
 * <p>The store is rebuilt idempotently: replaying the journal after a crash writes the same views
 * again, so it only needs to be durable ({@link #commit()}) before a snapshot lets the journal go.
 * Writes run on a {@link HistoryWriter} thread, off the command processor; every read and commit
 * waits for the writes submitted before it.
 */
public final class HistoryStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

  /** The layout of the maps; 1 was one entry per entity ({@link HistoryFormat1}). */
  public static final int FORMAT = 2;

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

    /** Whether an item's own key is its process instance's (one item per instance): no key map needed. */
    boolean keyedByInstance() {
      return "processInstanceKey".equals(keyField);
    }

    String mapName() {
      return name().toLowerCase() + ".v" + FORMAT;
    }
  }

  private final MVStore store;
  /** Writes run here, off the command processor; reads and commits drain it first. */
  private final HistoryWriter writer = new HistoryWriter();
  /** View fields with an index of their own (besides the process instance key): the common filters. */
  public static final List<String> INDEXED_FIELDS = List.of("state", "processDefinitionId", "elementId", "assignee");

  /** Per kind: process instance key -> the JSON array of that instance's views of the kind, in Smile. */
  private final Map<Kind, MVMap<Long, byte[]>> views = new EnumMap<>(Kind.class);
  /** Per kind not {@link Kind#keyedByInstance}: entity key -> process instance key. */
  private final Map<Kind, MVMap<Long, Long>> instanceOf = new EnumMap<>(Kind.class);
  /** Per kind: "field=value\0instance key" -> instance key, once per instance and value. */
  private final Map<Kind, MVMap<String, Long>> byField = new EnumMap<>(Kind.class);
  /** "end time/instance key" -> instance key: what retention deletes first. */
  private final MVMap<String, Long> byEnd;
  /** Decision evaluations (DMN), each as its GET view, by {@link #decisionOrder} key. */
  private final MVMap<String, String> decisions;
  /** "field=value\0order key" -> order key, for {@link #DECISION_FIELDS}. */
  private final MVMap<String, String> decisionsByField;
  /** Decision instance fields with an index: the common filters (process instance: what retention deletes by). */
  public static final List<String> DECISION_FIELDS =
      List.of("processInstanceKey", "decisionDefinitionId", "decisionDefinitionKey", "state", "decisionEvaluationKey");

  /** The store's file in the data directory. */
  public static final String FILE_NAME = "history.mv.db";

  public HistoryStore(Path directory) {
    this.store = new MVStore.Builder()
        .fileName(directory.resolve(FILE_NAME).toString())
        // compressed (LZF): about 3 % of the engine's CPU at saturation, but without it the
        // 100,000-instance directory took 262.7 MiB instead of 38.2 (docs/benchmarks.md)
        .compress()
        .open();
    for (Kind kind : Kind.values()) {
      views.put(kind, store.openMap(kind.mapName(),
          new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)));
      if (!kind.keyedByInstance()) {
        instanceOf.put(kind, store.openMap(kind.mapName() + ".instance-of",
            new MVMap.Builder<Long, Long>().keyType(LongDataType.INSTANCE).valueType(LongDataType.INSTANCE)));
      }
      byField.put(kind, store.openMap(kind.mapName() + ".by-field",
          new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE)));
    }
    byEnd = store.openMap("process_instance.by-end");
    decisions = store.openMap("decision_instance");
    decisionsByField = store.openMap("decision_instance.by-field");
    upgrade();
  }

  /**
   * Copies a store of format 1 into this layout. The format is noted only once the copy is
   * complete and the old maps go after that, so a crash part-way starts the copy over. Old maps
   * beside a store already noted as format 2 are copied too (without clearing anything): an older
   * engine wrote them after an upgrade (a downgrade), or a crash came before they were removed.
   */
  private void upgrade() {
    MVMap<String, String> meta = store.openMap("history.meta");
    boolean old = HistoryFormat1.present(store);
    if (old) {
      long started = System.nanoTime();
      if (!String.valueOf(FORMAT).equals(meta.get("format"))) {
        views.values().forEach(MVMap::clear); // what an interrupted copy left
        instanceOf.values().forEach(MVMap::clear);
        byField.values().forEach(MVMap::clear);
      }
      long groups = HistoryFormat1.copy(store, (kind, key, list) -> {
        writeKind(kind, key, list);
        pauseForTest();
      });
      meta.put("format", String.valueOf(FORMAT));
      store.commit();
      LOG.info("history store copied into format {}: {} instance groups in {} ms", FORMAT, groups,
          (System.nanoTime() - started) / 1_000_000);
      HistoryFormat1.remove(store);
      store.commit();
    } else if (meta.get("format") == null) {
      meta.put("format", String.valueOf(FORMAT));
    }
  }

  /**
   * Fault injection for the kill -9 test only: after each instance group copied from format 1,
   * commits (as MVStore's background commit would at some point) and pauses this many ms.
   */
  static final String COPY_PAUSE_PROPERTY = "exportcert.engine.history.test-copy-pause-ms";

  private void pauseForTest() {
    Long pause = Long.getLong(COPY_PAUSE_PROPERTY);
    if (pause != null) {
      store.commit();
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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

  /**
   * Stores (or replaces) the views of one finished process instance, per kind (kinds left out
   * keep what they hold). Each view carries its own key in {@link Kind#keyField}.
   */
  public void putInstance(long processInstanceKey, Map<Kind, List<ObjectNode>> viewsByKind) {
    writer.submit(() -> viewsByKind.forEach((kind, list) -> writeKind(kind, processInstanceKey, list)));
  }

  /**
   * Stores (or replaces) the views of one finished process instance, written straight into the
   * store's form ({@link InstanceViews}); kinds without a view keep what they hold.
   */
  public void putInstance(InstanceViews instance) {
    instance.done();
    writer.submit(() -> instance.kinds.forEach((kind, of) -> writeKind(kind, instance.processInstanceKey, of)));
  }

  private void writeKind(Kind kind, long processInstanceKey, InstanceViews.OfKind of) {
    if (of.count == 0) {
      return;
    }
    views.get(kind).put(processInstanceKey, of.finish());
    MVMap<Long, Long> keys = instanceOf.get(kind);
    if (keys != null) {
      for (long key : of.keys()) {
        keys.put(key, processInstanceKey);
      }
    }
    String instance = SortableKeys.padded(processInstanceKey);
    for (int field = 0; field < INDEXED_FIELDS.size(); field++) {
      for (String value : of.indexed.get(field)) {
        byField.get(kind).put(fieldPrefix(INDEXED_FIELDS.get(field), value) + instance, processInstanceKey);
      }
    }
  }

  /** Views given as trees, written as {@link InstanceViews} writes them (one form, one indexing). */
  private void writeKind(Kind kind, long processInstanceKey, List<ObjectNode> list) {
    InstanceViews one = new InstanceViews(processInstanceKey);
    list.forEach(view -> one.addTree(kind, view));
    one.done().kinds.forEach((k, of) -> writeKind(k, processInstanceKey, of));
  }

  private static long keyOf(Kind kind, JsonNode view) {
    try {
      return Long.parseLong(view.path(kind.keyField).asText());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  static String fieldPrefix(String field, String value) {
    return field + "=" + value + "\u0000";
  }

  /**
   * Binary JSON (Smile), not text: writing the views as text was a third of the history writer's
   * time and MVStore wrote a String char by char (JFR); Smile also names a repeated field once per
   * array. It keeps every number's type, so a view reads back exactly as it was built.
   */
  static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());

  private static void addViews(byte[] smile, List<ObjectNode> into) {
    try {
      SMILE.readTree(smile).forEach(view -> into.add((ObjectNode) view));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a stored view could not be read", e);
    }
  }

  /** The views of one instance and kind, as stored (empty when none). */
  private List<ObjectNode> stored(Kind kind, long processInstanceKey) {
    List<ObjectNode> list = new ArrayList<>();
    byte[] bytes = views.get(kind).get(processInstanceKey);
    if (bytes != null) {
      addViews(bytes, list);
    }
    return list;
  }

  private static List<ObjectNode> inKeyOrder(Kind kind, List<ObjectNode> items) {
    items.sort(Comparator.comparingLong(view -> keyOf(kind, view)));
    return items;
  }

  /** The views of a kind whose indexed {@code field} equals {@code value}, in key order (from the index). */
  public List<ObjectNode> withField(Kind kind, String field, String value) {
    writer.drain();
    String prefix = fieldPrefix(field, value);
    List<ObjectNode> items = new ArrayList<>();
    Cursor<String, Long> entries = byField.get(kind).cursor(prefix);
    while (entries.hasNext()) {
      if (!entries.next().startsWith(prefix)) {
        break;
      }
      for (ObjectNode view : stored(kind, entries.getValue())) { // the cursor has the value: no second lookup
        JsonNode actual = view.get(field);
        if (actual != null && actual.isValueNode() && value.equals(actual.asText())) {
          items.add(view);
        }
      }
    }
    return inKeyOrder(kind, items);
  }

  public ObjectNode get(Kind kind, long key) {
    writer.drain();
    Long instance = kind.keyedByInstance() ? Long.valueOf(key) : instanceOf.get(kind).get(key);
    if (instance == null) {
      return null;
    }
    for (ObjectNode view : stored(kind, instance)) {
      if (keyOf(kind, view) == key) {
        return view;
      }
    }
    return null;
  }

  /** The views of one instance's entities of a kind, in key order. */
  public List<ObjectNode> ofInstance(Kind kind, long processInstanceKey) {
    writer.drain();
    return inKeyOrder(kind, stored(kind, processInstanceKey));
  }

  /** Every view of a kind, in key order (a scan: for searches no index serves). */
  public List<ObjectNode> all(Kind kind) {
    writer.drain();
    List<ObjectNode> items = new ArrayList<>();
    for (byte[] bytes : views.get(kind).values()) {
      addViews(bytes, items);
    }
    return inKeyOrder(kind, items);
  }

  public long count(Kind kind) {
    writer.drain();
    return kind.keyedByInstance() ? views.get(kind).sizeAsLong() : instanceOf.get(kind).sizeAsLong();
  }

  /** Deletes everything kept of one instance (retention), its decision evaluations included. */
  public void deleteInstance(long processInstanceKey) {
    writer.drain();
    deleteDecisions(processInstanceKey);
    deleteViews(processInstanceKey);
  }

  private void deleteViews(long processInstanceKey) {
    String instance = SortableKeys.padded(processInstanceKey);
    for (Kind kind : Kind.values()) {
      List<ObjectNode> removed = stored(kind, processInstanceKey);
      views.get(kind).remove(processInstanceKey);
      for (ObjectNode view : removed) {
        if (!kind.keyedByInstance()) {
          instanceOf.get(kind).remove(keyOf(kind, view));
        }
        for (String field : INDEXED_FIELDS) {
          JsonNode value = view.get(field);
          if (value != null && value.isValueNode() && !value.isNull()) {
            byField.get(kind).remove(fieldPrefix(field, value.asText()) + instance);
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
    decisions("processInstanceKey", String.valueOf(processInstanceKey)).forEach(this::deleteDecision);
  }

  private void deleteDecision(ObjectNode view) {
    String order = decisionOrder(view.path("decisionEvaluationInstanceKey").asText());
    decisions.remove(order);
    for (String field : DECISION_FIELDS) {
      JsonNode value = view.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        decisionsByField.remove(fieldPrefix(field, value.asText()) + order);
      }
    }
  }

  /**
   * Forgets what a crash left in the store ahead of the journal, once the journal is replayed:
   * the store commits in the background, the journal in group commits, so after a kill the file
   * may hold the views of instances whose finishing command never reached the journal. Those are
   * the instances the replayed state still runs ({@code running}: they finish again, or not, as
   * the journal goes on) and everything keyed at or after {@code nextKey}, the first key the
   * replayed state has not handed out (instances and decision evaluations of the lost commands;
   * their keys will be handed out again). Returns how many instances and evaluations it dropped.
   */
  public int forgetAheadOfJournal(Iterable<Long> running, long nextKey) {
    writer.drain();
    Set<Long> phantoms = new java.util.TreeSet<>();
    for (Kind kind : Kind.values()) {
      MVMap<Long, byte[]> map = views.get(kind);
      for (long key : running) {
        if (map.containsKey(key)) {
          phantoms.add(key);
        }
      }
      Iterator<Long> ahead = map.keyIterator(nextKey);
      while (ahead.hasNext()) {
        phantoms.add(ahead.next());
      }
    }
    phantoms.forEach(this::deleteViews); // not their decisions: a running instance's are journaled
    List<ObjectNode> evaluations = new ArrayList<>();
    Iterator<String> orders = decisions.keyIterator(String.format("%020d", Math.max(0, nextKey)));
    while (orders.hasNext()) {
      evaluations.add((ObjectNode) Json.read(decisions.get(orders.next())));
    }
    evaluations.forEach(this::deleteDecision);
    return phantoms.size() + evaluations.size();
  }

  /**
   * Makes everything stored so far durable and notes that it holds every instance finished
   * before journal record {@code position} (taken just before the snapshot at that position).
   */
  public void commit(long position) {
    writer.drain();
    store.<String, String>openMap("history.meta").put(JOURNAL_POSITION, String.valueOf(position));
    commit();
  }

  /** The journal position of the last {@link #commit(long)}, null when none was made (a new or older store). */
  public Long journalPosition() {
    String value = store.<String, String>openMap("history.meta").get(JOURNAL_POSITION);
    return value == null ? null : Long.valueOf(value);
  }

  private static final String JOURNAL_POSITION = "journal-position";

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
    instanceOf.values().forEach(MVMap::clear);
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
