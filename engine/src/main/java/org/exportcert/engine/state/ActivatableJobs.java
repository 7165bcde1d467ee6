package org.exportcert.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * The open jobs of each type that an activation has to look at: all but the activated ones whose
 * deadline has not passed. At saturation nearly every open job is activated and waiting for its
 * worker, and an activation that walked all open jobs of its type (one per streamed job) took a
 * quarter of the processor's time (docs/benchmarks.md). A superset: {@link #take} still asks
 * whether each candidate is activatable, and walks the candidates in key order, the order of the
 * full walk.
 *
 * <p>Hash sets, not trees, on the common path (a tree's removals were 6% of the processor's time):
 * a job joins its type's {@code fresh} set when opened, in key order since keys only grow, and
 * leaves it when activated; a job that becomes a candidate again (failed, deadline passed) goes to
 * the small sorted {@code returned} set. Activated jobs are kept by key with their deadline and a
 * lower bound of the earliest one per type, so their deadlines are looked at only once one can
 * have passed.
 *
 * <p>Membership follows from a job's state and whether it is open ({@link #changed}), kept up at
 * every {@link EngineState#jobChanged}, {@link EngineState#openJob} and
 * {@link EngineState#closeJob}; built from the open jobs on first use, so never in a snapshot.
 */
public final class ActivatableJobs {

  private static final class OfType {
    final LinkedHashSet<Long> fresh = new LinkedHashSet<>();
    final TreeSet<Long> returned = new TreeSet<>();
    final Map<Long, Long> deadlines = new HashMap<>();
    /** At most the earliest deadline in {@link #deadlines}. */
    long earliestDeadline = Long.MAX_VALUE;
    /** The highest key ever in {@link #fresh}: a job that left it comes back to {@link #returned}. */
    long highestFresh = Long.MIN_VALUE;
  }

  private final Map<String, OfType> types = new HashMap<>();

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
    OfType of = types.computeIfAbsent(job.type, t -> new OfType());
    if (!open) {
      of.fresh.remove(job.key);
      of.returned.remove(job.key);
      of.deadlines.remove(job.key);
    } else if (job.state == Job.State.ACTIVATED) {
      if (!of.fresh.remove(job.key)) {
        of.returned.remove(job.key);
      }
      of.deadlines.put(job.key, job.deadline);
      of.earliestDeadline = Math.min(of.earliestDeadline, job.deadline);
    } else {
      of.deadlines.remove(job.key);
      candidate(of, job.key);
    }
  }

  private static void candidate(OfType of, long key) {
    if (of.fresh.contains(key)) {
      return;
    }
    if (key > of.highestFresh) {
      of.fresh.add(key); // a new job: keys only grow, so fresh stays in key order
      of.highestFresh = key;
    } else {
      of.returned.add(key);
    }
  }

  /**
   * Up to {@code max} keys of the type's jobs that {@code activatable} accepts at {@code now}, in
   * key order; activated jobs whose deadline has passed are candidates again. Nothing changes
   * here: activating them files them anew through {@link EngineState#jobChanged}.
   */
  public List<Long> take(String type, long now, int max, LongPredicate activatable) {
    OfType of = types.get(type);
    List<Long> taken = new ArrayList<>();
    if (of == null) {
      return taken;
    }
    if (now >= of.earliestDeadline) {
      release(of, now);
    }
    Iterator<Long> fresh = of.fresh.iterator();
    Iterator<Long> returned = of.returned.iterator();
    Long f = fresh.hasNext() ? fresh.next() : null;
    Long r = returned.hasNext() ? returned.next() : null;
    while (taken.size() < max && (f != null || r != null)) {
      Long key;
      if (r == null || (f != null && f < r)) {
        key = f;
        f = fresh.hasNext() ? fresh.next() : null;
      } else {
        key = r;
        r = returned.hasNext() ? returned.next() : null;
      }
      if (activatable.test(key)) {
        taken.add(key);
      }
    }
    return taken;
  }

  /** Moves the activated jobs whose deadline has passed back among the candidates. */
  private static void release(OfType of, long now) {
    long earliest = Long.MAX_VALUE;
    Iterator<Map.Entry<Long, Long>> entries = of.deadlines.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Long, Long> entry = entries.next();
      if (entry.getValue() <= now) {
        entries.remove();
        of.returned.add(entry.getKey()); // left fresh when it was activated
      } else {
        earliest = Math.min(earliest, entry.getValue());
      }
    }
    of.earliestDeadline = earliest;
  }
}
