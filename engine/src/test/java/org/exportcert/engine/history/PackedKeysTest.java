package org.exportcert.engine.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The index buckets' packed sets and pairs against sorted collections, on random keys near and far apart. */
class PackedKeysTest {

  private final Random random = new Random(16);

  private long key(long base) {
    // mostly close together (one bucket), sometimes anywhere: both ways of sorting
    return random.nextInt(4) == 0 ? Math.abs(random.nextLong() >> 2) : base + random.nextInt(4096);
  }

  @Test
  void setsMergeRemoveAndSurvivePackingAsSortedDistinctKeys() {
    for (int round = 0; round < 300; round++) {
      long base = Math.abs(random.nextLong() >> 12);
      TreeSet<Long> model = new TreeSet<>();
      PackedKeys.Set set = new PackedKeys.Set(new long[0], 0);
      for (int batch = 0; batch < 4; batch++) {
        long[] added = new long[random.nextInt(40)];
        for (int i = 0; i < added.length; i++) {
          added[i] = i > 0 && random.nextInt(5) == 0 ? added[i - 1] : key(base); // repeats too
          model.add(added[i]);
        }
        Arrays.sort(added);
        set = PackedKeys.Set.unpack(set.with(added, 0, added.length).pack());
      }
      if (!model.isEmpty() && random.nextBoolean()) {
        long gone = model.first();
        assertThat(set.remove(gone)).isTrue();
        assertThat(set.remove(gone)).isFalse();
        model.remove(gone);
        set = PackedKeys.Set.unpack(set.pack());
      }
      assertThat(Arrays.copyOf(set.keys, set.size)).containsExactly(model.stream().mapToLong(Long::longValue).toArray());
    }
  }

  @Test
  void pairsKeepTheLastValueGivenForAKeyAndSurvivePacking() {
    for (int round = 0; round < 300; round++) {
      long base = Math.abs(random.nextLong() >> 12);
      TreeMap<Long, Long> model = new TreeMap<>();
      PackedKeys.Pairs pairs = new PackedKeys.Pairs(0);
      for (int batch = 0; batch < 4; batch++) {
        PackedKeys.Pairs added = new PackedKeys.Pairs(4);
        for (int i = random.nextInt(40); i > 0; i--) {
          long key = !model.isEmpty() && random.nextInt(6) == 0 ? model.firstKey() : key(base); // a key handed out again
          long instance = random.nextBoolean() ? key - random.nextInt(1000) : key + random.nextInt(1000);
          added.add(key, instance);
          model.put(key, instance);
        }
        pairs = PackedKeys.Pairs.unpack(pairs.with(added).pack());
      }
      for (var entry : model.entrySet()) {
        assertThat(pairs.get(entry.getKey(), -1)).isEqualTo(entry.getValue());
      }
      assertThat(Arrays.copyOf(pairs.keys, pairs.size)).containsExactly(model.keySet().stream().mapToLong(Long::longValue).toArray());
      if (!model.isEmpty()) {
        long gone = model.lastKey();
        assertThat(pairs.remove(gone)).isTrue();
        assertThat(PackedKeys.Pairs.unpack(pairs.pack()).get(gone, -1)).isEqualTo(-1);
      }
    }
  }

  @Test
  void aDamagedEntryIsReportedNotReadAsAHugeCount() {
    byte[] damaged = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}; // a count of 268 million in four bytes
    assertThatThrownBy(() -> PackedKeys.Set.unpack(damaged)).isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
    assertThatThrownBy(() -> PackedKeys.Pairs.unpack(new byte[] {3, 1})).isInstanceOf(IllegalStateException.class);
  }
}
