package org.exportcert.engine.state;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The open jobs of each type that an activation has to look at: all but the activated ones whose
 * deadline has not passed. At saturation nearly every open job is activated and waiting for its
 * worker, and an activation that walked all open jobs of its type (one per streamed job) took a
 * quarter of the processor's time (docs/benchmarks.md). A superset: the activation still asks
 * {@link Job#isActivatable}, and walks the candidates in key order, the order of the full walk.
 *
 * <p>Membership follows from a job's state and whether it is open ({@link #changed}), kept up at every
 * {@link EngineState#jobChanged}, {@link EngineState#openJob} and {@link EngineState#closeJob};
 * built from the open jobs on first use, so it is never in a snapshot.
 */
public final class ActivatableJobs {

  private record Timeout(long deadline, long key) {}

  private static final Comparator<Timeout> BY_DEADLINE =
      Comparator.comparingLong(Timeout::deadline).thenComparingLong(Timeout::key);

  private final Map<String, TreeSet<Long>> candidates = new HashMap<>();
  /** Activated jobs by type, by deadline: candidates again once it has passed. */
  private final Map<String, TreeSet<Timeout>> activated = new HashMap<>();
  private final Map<Long, Timeout> timeoutOf = new HashMap<>();

  static ActivatableJobs build(EngineState state) {
    ActivatableJobs built = new ActivatableJobs();
    state.openJobsByType.values().forEach(keys -> keys.forEach(key -> built.changed(state.jobs.get(key), true)));
    return built;
  }

  /**
   * Files a job where its state puts it: nowhere unless {@code open} (listed among the open jobs
   * of its type, what the full walk went through), by deadline while activated, else a candidate.
   */
  void changed(Job job, boolean open) {
    if (job == null) {
      return;
    }
    Timeout old = timeoutOf.remove(job.key);
    if (old != null) {
      activated.get(job.type).remove(old);
    }
    if (!open) {
      TreeSet<Long> keys = candidates.get(job.type);
      if (keys != null) {
        keys.remove(job.key);
      }
    } else if (job.state == Job.State.ACTIVATED) {
      TreeSet<Long> keys = candidates.get(job.type);
      if (keys != null) {
        keys.remove(job.key);
      }
      Timeout timeout = new Timeout(job.deadline, job.key);
      timeoutOf.put(job.key, timeout);
      activated.computeIfAbsent(job.type, t -> new TreeSet<>(BY_DEADLINE)).add(timeout);
    } else {
      candidates.computeIfAbsent(job.type, t -> new TreeSet<>()).add(job.key);
    }
  }

  /**
   * The keys of the type's jobs an activation at {@code now} walks, in key order; activated jobs
   * whose deadline has passed are among them again. Live: walk it with {@code higher}, as
   * activating a job removes it.
   */
  public NavigableSet<Long> candidates(String type, long now) {
    TreeSet<Timeout> waiting = activated.get(type);
    TreeSet<Long> keys = candidates.computeIfAbsent(type, t -> new TreeSet<>());
    while (waiting != null && !waiting.isEmpty() && waiting.first().deadline() <= now) {
      Timeout passed = waiting.pollFirst();
      timeoutOf.remove(passed.key());
      keys.add(passed.key());
    }
    return keys;
  }
}
