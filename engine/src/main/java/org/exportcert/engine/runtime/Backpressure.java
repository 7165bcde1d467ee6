package org.exportcert.engine.runtime;

import org.exportcert.engine.EnvironmentNumbers;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Zeebe-style backpressure: while the command backlog (commands waiting for the processor thread)
 * or the age of the oldest waiting command passes its limit, commands that START new work
 * (instance creations, message publications and correlations, signal broadcasts) are refused with
 * RESOURCE_EXHAUSTED, so clients back off and retry; commands that finish work (job completions,
 * failures, cancellations, ...) are always taken, so the backlog can drain.
 *
 * <p>Limits come from the environment ({@code EXPORTCERT_ENGINE_BACKPRESSURE_MAX_BACKLOG},
 * {@code EXPORTCERT_ENGINE_BACKPRESSURE_MAX_LATENCY_MS}; 0 switches that limit off) and may be
 * changed while the engine runs.
 */
public final class Backpressure {

  public static final int DEFAULT_MAX_BACKLOG = 10_000;
  public static final long DEFAULT_MAX_LATENCY_MS = 5_000;

  /** The problem title Camunda's REST API and clients use for backpressure. */
  public static final String TITLE = "RESOURCE_EXHAUSTED";

  /** Commands that start new work; everything else drains work and is never refused. */
  private static final Set<String> LIMITED =
      Set.of("create", "publish-message", "correlate-message", "broadcast-signal");

  private volatile int maxBacklog;
  private volatile long maxLatencyMillis;
  private final AtomicLong refused = new AtomicLong();

  public Backpressure(int maxBacklog, long maxLatencyMillis) {
    limits(maxBacklog, maxLatencyMillis);
  }

  private static final String NO_LIMIT = " (0 = no limit)";

  public static Backpressure fromEnvironment() {
    return new Backpressure(
        (int) EnvironmentNumbers.read("EXPORTCERT_ENGINE_BACKPRESSURE_MAX_BACKLOG", DEFAULT_MAX_BACKLOG, 0, 1_000_000, NO_LIMIT),
        EnvironmentNumbers.read("EXPORTCERT_ENGINE_BACKPRESSURE_MAX_LATENCY_MS", DEFAULT_MAX_LATENCY_MS, 0, 600_000, NO_LIMIT));
  }

  /** Sets both limits; 0 switches a limit off. */
  public void limits(int maxBacklog, long maxLatencyMillis) {
    if (maxBacklog < 0 || maxLatencyMillis < 0) {
      throw new IllegalArgumentException("backpressure limits must not be negative");
    }
    this.maxBacklog = maxBacklog;
    this.maxLatencyMillis = maxLatencyMillis;
  }

  public int maxBacklog() {
    return maxBacklog;
  }

  public long maxLatencyMillis() {
    return maxLatencyMillis;
  }

  /** How many commands were refused so far (diagnostics and tests). */
  public long refused() {
    return refused.get();
  }

  /**
   * The refusal for a command of {@code type}, or null when it is taken.
   *
   * @param backlog commands waiting for the processor
   * @param oldestWaitMillis how long the oldest of them has waited
   */
  EngineException check(String type, int backlog, long oldestWaitMillis) {
    if (type == null || !LIMITED.contains(type)) {
      return null;
    }
    int backlogLimit = maxBacklog;
    long latencyLimit = maxLatencyMillis;
    String reason;
    if (backlogLimit > 0 && backlog >= backlogLimit) {
      reason = backlog + " commands are waiting (limit " + backlogLimit + ")";
    } else if (latencyLimit > 0 && oldestWaitMillis >= latencyLimit) {
      reason = "the oldest waiting command has waited " + oldestWaitMillis + " ms (limit " + latencyLimit + " ms)";
    } else {
      return null;
    }
    refused.incrementAndGet();
    return new EngineException(503, TITLE, EngineException.RESOURCE_EXHAUSTED,
        "Expected to handle the request, but the engine is overloaded and applies backpressure: " + reason
            + ". Retry after a short back-off.");
  }
}
