package org.exportcert.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded servers and starts a crashed one again. A part that cannot be brought back
 * after {@code maxAttempts} tries in a row is reported as failed (and still tried now and then), so
 * liveness can say DOWN and whatever supervises the application restarts it.
 */
public final class Supervisor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  /** What a part is doing, for the health endpoint. */
  public enum State { UP, RESTARTING, FAILED }

  public record PartState(State state, int restarts, String lastError) {}

  private final List<Supervised> parts;
  private final int maxAttempts;
  private final ScheduledExecutorService timer;
  private final Map<String, PartState> states = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

  public Supervisor(List<Supervised> parts, Duration period, int maxAttempts) {
    this.parts = List.copyOf(parts);
    this.maxAttempts = maxAttempts;
    for (Supervised p : parts) {
      states.put(p.name(), new PartState(State.UP, 0, null));
      failures.put(p.name(), new AtomicInteger());
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "exportcert-local-stack-supervisor");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    // while the JVM shuts down the parts stop on purpose (embedded PostgreSQL has a hook of its
    // own): starting them again then only fails with "Shutdown in progress"
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(timer::shutdownNow, "exportcert-supervisor-stop"));
    } catch (IllegalStateException shuttingDown) {
      timer.shutdownNow();
    }
  }

  /** One round: every dead part gets one restart attempt. Public for tests that drive rounds. */
  public synchronized void check() {
    for (Supervised part : parts) {
      PartState before = states.get(part.name());
      if (part.alive()) {
        if (before.state() != State.UP) {
          states.put(part.name(), new PartState(State.UP, before.restarts(), null));
        }
        failures.get(part.name()).set(0);
        continue;
      }
      int attempt = failures.get(part.name()).incrementAndGet();
      // after maxAttempts, retry only every few rounds: a broken disk is not fixed by hammering
      if (attempt > maxAttempts && attempt % maxAttempts != 0) {
        continue;
      }
      log.warn("Embedded {} is not running; starting it again (attempt {})", part.name(), attempt);
      states.put(part.name(), new PartState(
          attempt >= maxAttempts ? State.FAILED : State.RESTARTING, before.restarts(), before.lastError()));
      try {
        part.restart();
        states.put(part.name(), new PartState(State.UP, before.restarts() + 1, null));
        failures.get(part.name()).set(0);
        log.warn("Embedded {} is running again", part.name());
      } catch (RuntimeException e) {
        String error = e.getMessage();
        states.put(part.name(), new PartState(
            attempt >= maxAttempts ? State.FAILED : State.RESTARTING, before.restarts(), error));
        log.error("Embedded {} could not be started again (attempt {}): {}", part.name(), attempt, error);
      }
    }
  }

  public Map<String, PartState> states() {
    return Map.copyOf(states);
  }

  /** True when some part could not be brought back. */
  public boolean anyFailed() {
    return states.values().stream().anyMatch(s -> s.state() == State.FAILED);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
