package org.exportcert.engine.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * One kind's indexes in the history store (format 3): which process instance holds an entity key,
 * and which instances hold a view whose {@link HistoryStore#INDEXED_FIELDS indexed field} has a
 * value. Both keep one map entry per bucket of keys ({@link PackedKeys}) and are written in bulk:
 * the writer collects what finished instances add and writes each touched bucket once per
 * {@link #FLUSH_INSTANCES} instances or before a read. Format 2 wrote one entry per entity and per
 * value and instance, about fifty B-tree updates for a ten-task instance: three quarters of the
 * history writer's time at saturation (JFR, docs/benchmarks.md).
 *
 * <p>Entries only point to candidates: a reader checks the views it finds, so an entry left behind
 * (by an instance dropped after a crash) costs a read and nothing else. A store written as format 2
 * keeps its per-entry maps; they are read beside these and deleted from, never written again.
 * Writes run on the history writer's thread (the collected entries are its own); reads run after
 * a drain, beside later writes, which MVStore's maps allow.
 */
final class KindIndexes {

  /** Instances collected before the buckets are written (a read writes them at once). */
  static final int FLUSH_INSTANCES = 1024;
  private static final int KEY_BUCKET_BITS = 12;
  private static final int INSTANCE_BUCKET_BITS = 14;

  /** Entity key bucket -> pairs entity key, instance key; null for kinds keyed by their instance. */
  private final MVMap<Long, byte[]> keys;
  /** "field=value\0bucket of instance keys" -> set of instance keys. */
  private final MVMap<String, byte[]> fields;
  /** Format 2's maps when the store has them: entity key -> instance, "field=value\0instance" -> instance. */
  private final MVMap<Long, Long> legacyKeys;
  private final MVMap<String, Long> legacyFields;

  private final Map<Long, PackedKeys.Pairs> pendingKeys = new HashMap<>();
  /** Per indexed field: value -> instance keys (unsorted, maybe repeated; element 0 holds the count). */
  private final List<Map<String, long[]>> pendingFields = new ArrayList<>();

  KindIndexes(MVStore store, Kind kind, String legacyPrefix) {
    String name = kind.name().toLowerCase();
    keys = kind.keyedByInstance() ? null : store.openMap(name + ".key-buckets.v3",
        new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    fields = store.openMap(name + ".field-buckets.v3",
        new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    String legacyKeysName = legacyPrefix + ".instance-of";
    String legacyFieldsName = legacyPrefix + ".by-field";
    legacyKeys = keys != null && store.hasMap(legacyKeysName) ? store.openMap(legacyKeysName,
        new MVMap.Builder<Long, Long>().keyType(LongDataType.INSTANCE).valueType(LongDataType.INSTANCE)) : null;
    legacyFields = store.hasMap(legacyFieldsName) ? store.openMap(legacyFieldsName,
        new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE)) : null;
    for (int i = 0; i < HistoryStore.INDEXED_FIELDS.size(); i++) {
      pendingFields.add(new HashMap<>());
    }
  }

  /** Notes one instance's entity keys and indexed values; written at the next {@link #flush}. */
  void add(long instance, long[] entityKeys, List<Set<String>> indexed) {
    if (keys != null) {
      for (long key : entityKeys) {
        pendingKeys.computeIfAbsent(key >>> KEY_BUCKET_BITS, b -> new PackedKeys.Pairs(16)).add(key, instance);
      }
    }
    for (int field = 0; field < indexed.size(); field++) {
      Map<String, long[]> values = pendingFields.get(field);
      for (String value : indexed.get(field)) {
        long[] list = values.get(value);
        if (list == null || list[0] == list.length - 1) {
          long[] grown = new long[list == null ? 8 : list.length * 2];
          if (list != null) {
            System.arraycopy(list, 0, grown, 0, list.length);
          }
          list = grown;
          values.put(value, list);
        }
        list[(int) ++list[0]] = instance; // [0] is the count
      }
    }
  }

  /** Writes what was collected: each touched bucket once. */
  void flush() {
    pendingKeys.forEach((bucket, added) -> {
      byte[] stored = keys.get(bucket);
      keys.put(bucket, (stored == null ? new PackedKeys.Pairs(0) : PackedKeys.Pairs.unpack(stored)).with(added).pack());
    });
    pendingKeys.clear();
    for (int field = 0; field < pendingFields.size(); field++) {
      String name = HistoryStore.INDEXED_FIELDS.get(field);
      for (Map.Entry<String, long[]> entry : pendingFields.get(field).entrySet()) {
        long[] list = entry.getValue();
        int count = (int) list[0];
        Arrays.sort(list, 1, count + 1);
        for (int from = 1; from <= count; ) {
          long bucket = list[from] >>> INSTANCE_BUCKET_BITS;
          int to = from;
          while (to <= count && list[to] >>> INSTANCE_BUCKET_BITS == bucket) {
            to++;
          }
          String key = bucketKey(name, entry.getKey(), bucket);
          byte[] stored = fields.get(key);
          PackedKeys.Set set = stored == null ? new PackedKeys.Set(new long[0], 0) : PackedKeys.Set.unpack(stored);
          fields.put(key, set.with(list, from, to).pack());
          from = to;
        }
      }
      pendingFields.get(field).clear();
    }
  }

  private static String bucketKey(String field, String value, long bucket) {
    return HistoryStore.fieldPrefix(field, value) + SortableKeys.padded(bucket);
  }

  /** The instances that may hold the entity {@code key}: this format's, then format 2's. */
  long[] instancesOf(long key) {
    byte[] stored = keys.get(key >>> KEY_BUCKET_BITS);
    long found = stored == null ? Long.MIN_VALUE : PackedKeys.Pairs.unpack(stored).get(key, Long.MIN_VALUE);
    Long legacy = legacyKeys == null ? null : legacyKeys.get(key);
    if (legacy == null) {
      return found == Long.MIN_VALUE ? new long[0] : new long[] {found};
    }
    return found == Long.MIN_VALUE || found == legacy ? new long[] {legacy} : new long[] {found, legacy};
  }

  /** The instances that may hold a view whose {@code field} is {@code value}: sorted, each once. */
  long[] instancesWith(String field, String value) {
    String prefix = HistoryStore.fieldPrefix(field, value);
    long[] all = new long[16];
    int size = 0;
    Cursor<String, byte[]> buckets = fields.cursor(prefix);
    while (buckets.hasNext() && buckets.next().startsWith(prefix)) { // ascending, disjoint: appended
      PackedKeys.Set set = PackedKeys.Set.unpack(buckets.getValue());
      if (size + set.size > all.length) {
        all = Arrays.copyOf(all, Math.max(all.length * 2, size + set.size));
      }
      System.arraycopy(set.keys, 0, all, size, set.size);
      size += set.size;
    }
    if (legacyFields == null) {
      return Arrays.copyOf(all, size);
    }
    List<Long> legacy = new ArrayList<>();
    Cursor<String, Long> entries = legacyFields.cursor(prefix);
    while (entries.hasNext() && entries.next().startsWith(prefix)) {
      legacy.add(entries.getValue());
    }
    long[] sorted = legacy.stream().mapToLong(Long::longValue).sorted().toArray();
    PackedKeys.Set merged = new PackedKeys.Set(all, size).with(sorted, 0, sorted.length);
    return Arrays.copyOf(merged.keys, merged.size);
  }

  /** Forgets one deleted instance: its entity keys and its indexed values ("field" -> values). */
  void remove(long instance, long[] entityKeys, Map<String, Set<String>> values) {
    if (keys != null) {
      for (long key : entityKeys) {
        long bucket = key >>> KEY_BUCKET_BITS;
        byte[] stored = keys.get(bucket);
        if (stored != null) {
          PackedKeys.Pairs pairs = PackedKeys.Pairs.unpack(stored);
          if (pairs.get(key, Long.MIN_VALUE) == instance && pairs.remove(key)) {
            replace(keys, bucket, pairs.size == 0 ? null : pairs.pack());
          }
        }
        if (legacyKeys != null) {
          legacyKeys.remove(key, instance);
        }
      }
    }
    String padded = SortableKeys.padded(instance);
    values.forEach((field, of) -> of.forEach(value -> {
      String key = bucketKey(field, value, instance >>> INSTANCE_BUCKET_BITS);
      byte[] stored = fields.get(key);
      if (stored != null) {
        PackedKeys.Set set = PackedKeys.Set.unpack(stored);
        if (set.remove(instance)) {
          replace(fields, key, set.size == 0 ? null : set.pack());
        }
      }
      if (legacyFields != null) {
        legacyFields.remove(HistoryStore.fieldPrefix(field, value) + padded);
      }
    }));
  }

  private static <K> void replace(MVMap<K, byte[]> map, K key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  void clear() {
    pendingKeys.clear();
    pendingFields.forEach(Map::clear);
    if (keys != null) {
      keys.clear();
    }
    fields.clear();
    if (legacyKeys != null) {
      legacyKeys.clear();
    }
    if (legacyFields != null) {
      legacyFields.clear();
    }
  }
}
