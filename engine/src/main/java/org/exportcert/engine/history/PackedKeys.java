package org.exportcert.engine.history;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * What one entry of the history store's bucketed indexes holds ({@link KindIndexes}), as bytes:
 * a sorted set of keys, or sorted key → key pairs, each number a varint of its difference to the
 * one before (the keys of one bucket are close together, so most take one or two bytes).
 */
final class PackedKeys {

  private PackedKeys() {}

  /** Sorted, distinct keys. */
  static final class Set {
    long[] keys;
    int size;

    Set(long[] keys, int size) {
      this.keys = keys;
      this.size = size;
    }

    static Set unpack(byte[] bytes) {
      Reader in = new Reader(bytes);
      int size = in.count();
      long[] keys = new long[size];
      long previous = 0;
      for (int i = 0; i < size; i++) {
        previous += in.varint();
        keys[i] = previous;
      }
      return new Set(keys, size);
    }

    byte[] pack() {
      Writer out = new Writer(size * 3 + 5);
      out.varint(size);
      long previous = 0;
      for (int i = 0; i < size; i++) {
        out.varint(keys[i] - previous);
        previous = keys[i];
      }
      return out.bytes();
    }

    /** This set with the sorted {@code added} (duplicates allowed) merged in. */
    Set with(long[] added, int from, int to) {
      long[] merged = new long[size + to - from];
      int n = 0;
      int i = 0;
      int j = from;
      while (i < size || j < to) {
        long next = j >= to || (i < size && keys[i] <= added[j]) ? keys[i++] : added[j++];
        if (n == 0 || merged[n - 1] != next) {
          merged[n++] = next;
        }
      }
      return new Set(merged, n);
    }

    boolean remove(long key) {
      int at = Arrays.binarySearch(keys, 0, size, key);
      if (at < 0) {
        return false;
      }
      System.arraycopy(keys, at + 1, keys, at, size - at - 1);
      size--;
      return true;
    }
  }

  /** Pairs sorted by their distinct first key: an entity's key and its process instance's. */
  static final class Pairs {
    long[] keys;
    long[] values;
    int size;

    Pairs(int capacity) {
      keys = new long[capacity];
      values = new long[capacity];
    }

    void add(long key, long value) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, Math.max(4, size * 2));
        values = Arrays.copyOf(values, keys.length);
      }
      keys[size] = key;
      values[size++] = value;
    }

    static Pairs unpack(byte[] bytes) {
      Reader in = new Reader(bytes);
      int size = in.count();
      Pairs pairs = new Pairs(size);
      long previous = 0;
      for (int i = 0; i < size; i++) {
        previous += in.varint();
        pairs.add(previous, previous - unzigzag(in.varint()));
      }
      return pairs;
    }

    byte[] pack() {
      Writer out = new Writer(size * 4 + 5);
      out.varint(size);
      long previous = 0;
      for (int i = 0; i < size; i++) {
        out.varint(keys[i] - previous);
        out.varint(zigzag(keys[i] - values[i])); // an entity's instance key is usually a little smaller
        previous = keys[i];
      }
      return out.bytes();
    }

    /** The value of {@code key}, or {@code absent}. */
    long get(long key, long absent) {
      int at = Arrays.binarySearch(keys, 0, size, key);
      return at < 0 ? absent : values[at];
    }

    /**
     * These pairs with {@code added} merged in: for a key in both, the added value (the key was
     * handed out again after a crash dropped what held it).
     */
    Pairs with(Pairs added) {
      int[] order = added.keyOrder();
      Pairs merged = new Pairs(size + added.size);
      int i = 0;
      int j = 0;
      while (i < size || j < order.length) {
        boolean takeAdded = i >= size || (j < order.length && added.keys[order[j]] <= keys[i]);
        if (takeAdded) {
          int a = order[j++];
          if (i < size && keys[i] == added.keys[a]) {
            i++; // replaced
          }
          merged.put(added.keys[a], added.values[a]);
        } else {
          merged.put(keys[i], values[i]);
          i++;
        }
      }
      return merged;
    }

    /** The positions of the pairs in key order; of two equal keys the one added first comes first. */
    private int[] keyOrder() {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < size; i++) {
        min = Math.min(min, keys[i]);
        max = Math.max(max, keys[i]);
      }
      int[] order = new int[size];
      if (size > 0 && max - min >= 0 && max - min < 1L << 31) {
        // a bucket's keys are close: (offset, position) in one long sorts as primitives, no boxing
        long[] packed = new long[size];
        for (int i = 0; i < size; i++) {
          packed[i] = (keys[i] - min) << 32 | i;
        }
        Arrays.sort(packed);
        for (int i = 0; i < size; i++) {
          order[i] = (int) packed[i];
        }
        return order;
      }
      Integer[] boxed = new Integer[size];
      for (int i = 0; i < size; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> Long.compare(keys[a], keys[b])); // stable
      for (int i = 0; i < size; i++) {
        order[i] = boxed[i];
      }
      return order;
    }

    /** Appends in key order; the same key again replaces the last value. */
    private void put(long key, long value) {
      if (size > 0 && keys[size - 1] == key) {
        values[size - 1] = value;
      } else {
        add(key, value);
      }
    }

    boolean remove(long key) {
      int at = Arrays.binarySearch(keys, 0, size, key);
      if (at < 0) {
        return false;
      }
      System.arraycopy(keys, at + 1, keys, at, size - at - 1);
      System.arraycopy(values, at + 1, values, at, size - at - 1);
      size--;
      return true;
    }
  }

  private static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private static long unzigzag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  private static final class Writer extends ByteArrayOutputStream {
    Writer(int size) {
      super(size);
    }

    void varint(long n) {
      while ((n & ~0x7FL) != 0) {
        write((int) ((n & 0x7F) | 0x80));
        n >>>= 7;
      }
      write((int) n);
    }

    byte[] bytes() {
      return buf.length == count ? buf : toByteArray();
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    long varint() {
      long n = 0;
      for (int shift = 0; ; shift += 7) {
        if (at >= bytes.length || shift > 63) {
          throw new IllegalStateException("a history index entry is damaged");
        }
        byte b = bytes[at++];
        n |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return n;
        }
      }
    }

    /** A count, bounded by what the bytes can hold (a damaged entry must not allocate gigabytes). */
    int count() {
      long n = varint();
      if (n < 0 || n > bytes.length) {
        throw new IllegalStateException("a history index entry is damaged");
      }
      return (int) n;
    }
  }
}
