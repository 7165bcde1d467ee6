package org.exportcert.engine.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live index of one entity kind by a fixed list of search fields: field, then value, then keys
 * in key order (the order the live maps keep). Each key remembers the buckets it is in, so a change
 * moves it only out of the fields whose value changed, and equal values share one string. A
 * subclass says which fields and how an entity's view spells them ({@link #values}).
 */
public abstract class FieldIndex<T> {

  /** One value of one field with the keys that have it. */
  private static final class Bucket {
    final String value;
    final TreeSet<Long> keys = new TreeSet<>();

    Bucket(String value) {
      this.value = value;
    }
  }

  private final List<String> fields;
  private final List<Map<String, Bucket>> byField;
  private final Map<Long, Bucket[]> entries = new HashMap<>();

  protected FieldIndex(List<String> fields) {
    this.fields = fields;
    this.byField = new java.util.ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      byField.add(new HashMap<>());
    }
  }

  /** The entity's key in its live map. */
  protected abstract long key(T entity);

  /** The entity's values of the fields, as its REST view spells them (null: not indexed under that field). */
  protected abstract String[] values(T entity);

  /** (Re)indexes an entity under its current values; call after creating it or changing an indexed field. */
  public final void put(T entity) {
    put(key(entity), values(entity));
  }

  private void put(long key, String[] values) {
    Bucket[] old = entries.get(key);
    Long boxed = key; // one box shared by the map and every bucket
    Bucket[] now = old != null ? old : new Bucket[values.length];
    for (int i = 0; i < values.length; i++) {
      Bucket was = now[i];
      if (was != null && was.value.equals(values[i])) {
        continue;
      }
      if (was != null) {
        drop(i, was, key);
      }
      if (values[i] == null) {
        now[i] = null;
      } else {
        Bucket bucket = byField.get(i).computeIfAbsent(values[i], Bucket::new);
        bucket.keys.add(boxed);
        now[i] = bucket;
      }
    }
    if (old == null) {
      entries.put(boxed, now);
    }
  }

  public final void remove(long key) {
    Bucket[] old = entries.remove(key);
    if (old == null) {
      return;
    }
    for (int i = 0; i < old.length; i++) {
      if (old[i] != null) {
        drop(i, old[i], key);
      }
    }
  }

  private void drop(int field, Bucket bucket, long key) {
    bucket.keys.remove(key);
    if (bucket.keys.isEmpty()) {
      byField.get(field).remove(bucket.value);
    }
  }

  /** Keys whose {@code field} has {@code value}, in key order; empty when none or the field is not indexed. */
  public final Set<Long> keys(String field, String value) {
    int i = fields.indexOf(field);
    Bucket bucket = i < 0 ? null : byField.get(i).get(value);
    return bucket == null ? Set.of() : bucket.keys;
  }

  public final List<String> fields() {
    return fields;
  }

  /** How many keys are indexed (the tests compare it with the live map). */
  public final int size() {
    return entries.size();
  }
}
