package org.exportcert.engine.state;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A map that allocates its {@link HashMap} on the first entry and lets it go when emptied (a
 * scope's parallel-join tokens: empty almost always). Same iteration order as a HashMap.
 */
public final class LazyMap<K, V> extends AbstractMap<K, V> implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private HashMap<K, V> entries;

  @Override
  public V get(Object key) {
    return entries == null ? null : entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries != null && entries.containsKey(key);
  }

  @Override
  public V put(K key, V value) {
    if (entries == null) {
      entries = new HashMap<>();
    }
    return entries.put(key, value);
  }

  @Override
  public V remove(Object key) {
    if (entries == null) {
      return null;
    }
    V removed = entries.remove(key);
    if (entries.isEmpty()) {
      entries = null;
    }
    return removed;
  }

  @Override
  public int size() {
    return entries == null ? 0 : entries.size();
  }

  @Override
  public void clear() {
    entries = null;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return entries == null ? Set.of() : entries.entrySet();
  }
}
