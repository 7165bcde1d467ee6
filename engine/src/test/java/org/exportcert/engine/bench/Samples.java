package org.exportcert.engine.bench;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Latency samples in nanoseconds; percentiles in milliseconds (nearest rank). */
final class Samples {

  private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

  void add(long value) {
    nanos.add(value);
  }

  double percentile(int percentile) {
    long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int index = Math.min(values.length - 1, (int) Math.ceil(percentile / 100.0 * values.length) - 1);
    return values[Math.max(0, index)] / 1e6;
  }
}
