package org.exportcert.engine.runtime;

import java.util.Arrays;

/** A ring of the latest command latencies (arrival to durable answer) and batch sizes. */
public final class LatencyStats {
  private final long[] latencies = new long[1 << 16];
  private long count;
  private long batches;
  private long batchedCommands;
  private int maxBatch;

  synchronized void record(long nanos) {
    latencies[(int) (count++ % latencies.length)] = nanos;
  }

  synchronized void batch(int size) {
    if (size > 0) {
      batches++;
      batchedCommands += size;
      maxBatch = Math.max(maxBatch, size);
    }
  }

  /** Latency percentile in milliseconds over the latest (up to 65,536) commands. */
  public synchronized double percentileMillis(double percentile) {
    int n = (int) Math.min(count, latencies.length);
    if (n == 0) {
      return Double.NaN;
    }
    long[] copy = Arrays.copyOf(latencies, n);
    Arrays.sort(copy);
    int index = Math.min(n - 1, Math.max(0, (int) Math.ceil(percentile / 100.0 * n) - 1));
    return copy[index] / 1e6;
  }

  public synchronized double averageBatch() {
    return batches == 0 ? 0 : (double) batchedCommands / batches;
  }

  public synchronized int maxBatch() {
    return maxBatch;
  }

  public synchronized long commands() {
    return count;
  }
}
