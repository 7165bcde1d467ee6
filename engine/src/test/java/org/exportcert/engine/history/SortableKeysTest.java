package org.exportcert.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The history store's index keys must stay byte for byte what earlier engines wrote into its files. */
class SortableKeysTest {

  @Test
  void writesWhatTheFormatterWrote() {
    long[] edges = {0, 1, 9, 10, 2251799813685249L, 1_765_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE};
    for (long n : edges) {
      assertThat(SortableKeys.padded(n)).isEqualTo(String.format("%020d", n));
    }
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 10_000; i++) {
      long a = random.nextLong(Long.MAX_VALUE >> random.nextInt(63));
      long b = random.nextLong(Long.MAX_VALUE);
      assertThat(SortableKeys.pair(a, b)).isEqualTo(String.format("%020d/%020d", a, b));
    }
  }
}
