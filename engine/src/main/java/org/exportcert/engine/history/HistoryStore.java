package org.exportcert.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
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
 * that kind (a JSON array), and the kind's {@link KindIndexes}: entity key → instance key for
 * lookups by key, and "field=value → instances" on the {@link #INDEXED_FIELDS} (the common
 * filters), so a lookup by key and a search for one instance or one state, process, element or
 * assignee read only the instances that hold what they return. One entry per instance rather than
 * per entity, and index entries per bucket of keys written in bulk: the store's map updates were
 * most of the engine's CPU at saturation (docs/benchmarks.md). A store in the older per-entity
 * layout ({@link HistoryFormat1}) is copied into this one once, when opened; format 2's per-entry
 * indexes are read beside format 3's.
 *
 * <p>The store is rebuilt idempotently: replaying the journal after a crash writes the same views
 * again, so it only needs to be durable ({@link #commit()}) before a snapshot lets the journal go.
 * Writes run on a {@link HistoryWriter} thread, off the command processor; every read and commit
 * waits for the writes submitted before it.
 */
public final class HistoryStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

  /**
   * The layout of the maps; 1 was one entry per entity ({@link HistoryFormat1}), 2 one index entry
   * per entity and per value and instance.
   */
  public static final int FORMAT = 3;

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

    /** The views' map: its layout has not changed since format 2. */
    String mapName() {
      return name().toLowerCase() + ".v2";
    }
  }

  private final MVStore store;
  /** Writes run here, off the command processor; reads and commits drain it first. */
  private final HistoryWriter writer = new HistoryWriter(new HistoryWriter.Batch() {
    @Override
    public boolean collected() {
      return collected > 0;
    }

    @Override
    public void write() {
      flushIndexes();
    }
  });
  /** View fields with an index of their own (besides the process instance key): the common filters. */
  public static final List<String> INDEXED_FIELDS = List.of("state", "processDefinitionId", "elementId", "assignee");

  /** Per kind: process instance key -> the JSON array of that instance's views of the kind, in Smile. */
  private final Map<Kind, MVMap<Long, byte[]>> views = new EnumMap<>(Kind.class);
  /** Per kind: entity key -> instance key, indexed field values -> instance keys. */
  private final Map<Kind, KindIndexes> indexes = new EnumMap<>(Kind.class);
  /** Instances whose index entries are collected and not yet written (writer thread; read by drains). */
  private volatile int collected;
  /** "end time/instance key" -> instance key: what retention deletes first. */
  private final MVMap<String, Long> byEnd;
  /** Decision evaluations (DMN), each as its GET view. */
  private final DecisionHistory decisions;
  /** Decision instance fields with an index: the common filters (process instance: what retention deletes by). */
  public static final List<String> DECISION_FIELDS = DecisionHistory.FIELDS;

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
      indexes.put(kind, new KindIndexes(store, kind, kind.mapName()));
    }
    byEnd = store.openMap("process_instance.by-end");
    decisions = new DecisionHistory(store);
    try {
      upgrade();
    } catch (RuntimeException e) {
      writer.stop(true);
      store.closeImmediately(); // its file lock, for the operator's next try
      throw e;
    }
  }

  /** The store was written by a newer engine: its message says what to do. */
  public static final class NewerFormatException extends IllegalStateException {
    NewerFormatException(String message) {
      super(message);
    }
  }

  /**
   * Copies a store of format 1 into this layout. The format is noted only once the copy is
   * complete and the old maps go after that, so a crash part-way starts the copy over. Old maps
   * beside a store already noted as format 2 are copied too (without clearing anything): an older
   * engine wrote them after an upgrade (a downgrade), or a crash came before they were removed.
   */
  private void upgrade() {
    MVMap<String, String> meta = store.openMap("history.meta");
    String noted = meta.get("format");
    if (noted != null && Integer.parseInt(noted) > FORMAT) {
      throw new NewerFormatException("the history store " + FILE_NAME + " was written by a newer engine (format "
          + noted + ", this engine reads up to " + FORMAT + "): start that engine's version, or restore a backup");
    }
    boolean old = HistoryFormat1.present(store);
    if (old) {
      long started = System.nanoTime();
      if (noted == null) {
        views.values().forEach(MVMap::clear); // what an interrupted copy left
        indexes.values().forEach(KindIndexes::clear);
      }
      long groups = HistoryFormat1.copy(store, (kind, key, list) -> {
        writeKind(kind, key, list);
        collectedOne();
        pauseForTest();
      });
      flushIndexes();
      meta.put("format", String.valueOf(FORMAT));
      store.commit();
      LOG.info("history store copied into format {}: {} instance groups in {} ms", FORMAT, groups,
          (System.nanoTime() - started) / 1_000_000);
      HistoryFormat1.remove(store);
      store.commit();
    } else if (!String.valueOf(FORMAT).equals(noted)) {
      meta.put("format", String.valueOf(FORMAT)); // new, or format 2: its index maps are read as they are
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
      flushIndexes();
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
    return onWriter(() -> expireNow(cutoffMillis));
  }

  private int expireNow(long cutoffMillis) {
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
        decisions.deleteOf(instance);
        deleteViews(instance);
      }
    }
    return expired.size();
  }

  /**
   * Runs {@code work} on the writer thread after every write submitted before it, the collected
   * index entries written first (it rewrites index buckets: only that thread writes them), and
   * returns its result.
   */
  private <T> T onWriter(java.util.function.Supplier<T> work) {
    Object[] result = new Object[1];
    writer.submit(() -> {
      flushIndexes();
      result[0] = work.get();
    });
    writer.drain();
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  /** Writes the index entries collected since the last time (writer thread, or before it runs). */
  private void flushIndexes() {
    if (collected > 0) {
      indexes.values().forEach(KindIndexes::flush);
      collected = 0;
    }
  }

  /**
   * Stores (or replaces) the views of one finished process instance, per kind (kinds left out
   * keep what they hold). Each view carries its own key in {@link Kind#keyField}.
   */
  public void putInstance(long processInstanceKey, Map<Kind, List<ObjectNode>> viewsByKind) {
    writer.submit(() -> {
      viewsByKind.forEach((kind, list) -> writeKind(kind, processInstanceKey, list));
      collectedOne();
    });
  }

  private void collectedOne() {
    if (++collected >= KindIndexes.FLUSH_INSTANCES) { // one writer thread: ++ on a volatile is safe here
      flushIndexes();
    }
  }

  /**
   * Stores (or replaces) the views of one finished process instance, written straight into the
   * store's form ({@link InstanceViews}); kinds without a view keep what they hold.
   */
  public void putInstance(InstanceViews instance) {
    instance.done();
    writer.submit(() -> {
      instance.kinds.forEach((kind, of) -> writeKind(kind, instance.processInstanceKey, of));
      collectedOne();
    });
  }

  private void writeKind(Kind kind, long processInstanceKey, InstanceViews.OfKind of) {
    if (of.count == 0) {
      return;
    }
    views.get(kind).put(processInstanceKey, of.finish());
    indexes.get(kind).add(processInstanceKey, of.keys(), of.indexed);
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
    List<ObjectNode> items = new ArrayList<>();
    for (long instance : indexes.get(kind).instancesWith(field, value)) {
      for (ObjectNode view : stored(kind, instance)) {
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
    long[] candidates = kind.keyedByInstance() ? new long[] {key} : indexes.get(kind).instancesOf(key);
    for (long instance : candidates) {
      for (ObjectNode view : stored(kind, instance)) {
        if (keyOf(kind, view) == key) {
          return view;
        }
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

  /** How many views of a kind are kept (a scan of the instances: for tests and diagnostics). */
  public long count(Kind kind) {
    writer.drain();
    if (kind.keyedByInstance()) {
      return views.get(kind).sizeAsLong();
    }
    long count = 0;
    for (byte[] bytes : views.get(kind).values()) {
      try {
        count += SMILE.readTree(bytes).size();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("a stored view could not be read", e);
      }
    }
    return count;
  }

  /** Deletes everything kept of one instance (retention), its decision evaluations included. */
  public void deleteInstance(long processInstanceKey) {
    onWriter(() -> {
      decisions.deleteOf(processInstanceKey);
      deleteViews(processInstanceKey);
      return null;
    });
  }

  /** Deletes one instance's views and index entries (on the writer thread, nothing collected). */
  private void deleteViews(long processInstanceKey) {
    for (Kind kind : Kind.values()) {
      List<ObjectNode> removed = stored(kind, processInstanceKey);
      if (removed.isEmpty()) {
        continue;
      }
      views.get(kind).remove(processInstanceKey);
      long[] keys = removed.stream().mapToLong(view -> keyOf(kind, view)).toArray();
      Map<String, Set<String>> values = new HashMap<>();
      for (ObjectNode view : removed) {
        for (String field : INDEXED_FIELDS) {
          JsonNode value = view.get(field);
          if (value != null && value.isValueNode() && !value.isNull()) {
            values.computeIfAbsent(field, f -> new HashSet<>()).add(value.asText());
          }
        }
      }
      indexes.get(kind).remove(processInstanceKey, keys, values);
    }
  }

  /**
   * Stores (or replaces) one evaluated decision, as GET /v2/decision-instances/{key} shows it (its
   * {@code decisionEvaluationInstanceKey} is "evaluation key-index").
   */
  public void putDecision(ObjectNode view) {
    writer.submit(() -> decisions.put(view));
  }

  /** One evaluated decision by its decisionEvaluationInstanceKey; null when not kept. */
  public ObjectNode decision(String instanceKey) {
    writer.drain();
    return decisions.get(instanceKey);
  }

  /**
   * The evaluated decisions, in evaluation order: those whose indexed {@code field} equals
   * {@code value} (read from the index), or all when {@code field} is null (a scan).
   */
  public List<ObjectNode> decisions(String field, String value) {
    writer.drain();
    return decisions.search(field, value);
  }

  public long decisionCount() {
    writer.drain();
    return decisions.count();
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
    return onWriter(() -> forgetAhead(running, nextKey));
  }

  private int forgetAhead(Iterable<Long> running, long nextKey) {
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
    return phantoms.size() + decisions.deleteFrom(nextKey);
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
    onWriter(() -> {
      views.values().forEach(MVMap::clear);
      indexes.values().forEach(KindIndexes::clear);
      byEnd.clear();
      decisions.clear();
      return null;
    });
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
