package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dates in every view: the hand-written fast path must write what the ISO formatter writes. */
class JsonIsoTest {

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  @Test
  void writesWhatTheFormatterWrites() {
    assertThat(Json.iso(null)).isNull();
    assertThat(Json.iso(0L)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(Json.iso(1_765_119_707_956L)).isEqualTo("2025-12-07T15:01:47.956Z");
    long[] edges = {0, 1, 999, 1000, 951_782_400_000L, 253_402_300_799_999L, 253_402_300_800_000L, -1, -62_135_596_800_000L};
    for (long millis : edges) {
      assertThat(Json.iso(millis)).isEqualTo(ISO.format(Instant.ofEpochMilli(millis)));
    }
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 20_000; i++) {
      long millis = random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L);
      assertThat(Json.iso(millis)).isEqualTo(ISO.format(Instant.ofEpochMilli(millis)));
    }
  }
}
