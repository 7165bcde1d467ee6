package org.exportcert.engine.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The open jobs of each type that an activation has to look at: all but the activated ones whose
 * deadline has not passed. At saturation nearly every open job is activated and waiting for its
 * worker, and an activation that walked all open jobs of its type (one per streamed job) took a
 * quarter of the processor's time (docs/benchmarks.md). A superset: {@link #take} still asks
 * whether each candidate is activatable, and walks the candidates in key order, the order of the
 * full walk.
 *
 * <p>Cheap on the common path (each job: filed when opened, moved when activated, dropped when
 * done): the jobs themselves are kept, in identity-hashed sets, and each job notes where it is
 * filed, so a state change that does not move it costs one comparison. A job joins its type's
 * {@code fresh} set when opened, in key order since keys only grow; one that becomes a candidate
 * again (failed, deadline passed) goes to the small sorted {@code returned} set. Activated jobs
 * wait in {@code activated}, with a lower bound of their earliest deadline, so deadlines are read
 * only once one can have passed.
 *
 * <p>Kept up at every {@link EngineState#jobChanged}, {@link EngineState#openJob} and
 * {@link EngineState#closeJob}; built from the open jobs on first use, so never in a snapshot.
 */
public final class ActivatableJobs {

  /** Where a job is filed. */
  enum Filed { FRESH, RETURNED, ACTIVATED }

  private static final Comparator<Job> BY_KEY = Comparator.comparingLong(job -> job.key);

  private static final class OfType {
    final Set<Job> fresh = new LinkedHashSet<>();
    final TreeSet<Job> returned = new TreeSet<>(BY_KEY);
    final Set<Job> activated = new LinkedHashSet<>();
    /** At most the earliest deadline in {@link #activated}. */
    long earliestDeadline = Long.MAX_VALUE;
    /** The highest key ever in {@link #fresh}: a job that left it comes back to {@link #returned}. */
    long highestFresh = Long.MIN_VALUE;
  }

  private final Map<String, OfType> types = new HashMap<>();

  static ActivatableJobs build(EngineState state) {
    ActivatableJobs built = new ActivatableJobs();
    state.jobs.values().forEach(job -> {
      job.filed = null;
      job.listedOpen = false;
    });
    state.openJobsByType.values().forEach(keys -> keys.forEach(key -> {
      Job job = state.jobs.get(key);
      job.listedOpen = true;
      built.changed(job);
    }));
    return built;
  }

  /**
   * Files a job where its state puts it: nowhere unless listed among the open jobs of its type
   * (what the full walk went through), among the activated while activated, else a candidate.
   */
  void changed(Job job) {
    Filed wanted = placeFor(job);
    if (wanted == Filed.ACTIVATED && job.filed == Filed.ACTIVATED) {
      of(job).earliestDeadline = Math.min(of(job).earliestDeadline, job.deadline); // a new timeout
      return;
    }
    if (wanted == job.filed) {
      return;
    }
    OfType of = of(job);
    if (job.filed != null) {
      switch (job.filed) {
        case FRESH -> of.fresh.remove(job);
        case RETURNED -> of.returned.remove(job);
        case ACTIVATED -> of.activated.remove(job);
      }
    }
    job.filed = wanted;
    if (wanted != null) {
      switch (wanted) {
        case FRESH -> {
          of.fresh.add(job); // a new job: keys only grow, so fresh stays in key order
          of.highestFresh = job.key;
        }
        case RETURNED -> of.returned.add(job);
        case ACTIVATED -> {
          of.activated.add(job);
          of.earliestDeadline = Math.min(of.earliestDeadline, job.deadline);
        }
      }
    }
  }

  /** Nowhere once closed; among the activated while activated; else where it is, or fresh if new. */
  private Filed placeFor(Job job) {
    if (!job.listedOpen) {
      return null;
    }
    if (job.state == Job.State.ACTIVATED) {
      return Filed.ACTIVATED;
    }
    if (job.filed == Filed.FRESH || job.filed == Filed.RETURNED) {
      return job.filed; // a candidate stays in place: fresh keeps its key order
    }
    return job.key > highestFresh(job) ? Filed.FRESH : Filed.RETURNED;
  }

  private OfType of(Job job) {
    return types.computeIfAbsent(job.type, t -> new OfType());
  }

  private long highestFresh(Job job) {
    OfType of = types.get(job.type);
    return of == null ? Long.MIN_VALUE : of.highestFresh;
  }

  /**
   * Up to {@code max} of the type's jobs that {@code activatable} accepts at {@code now}, in key
   * order; activated jobs whose deadline has passed are candidates again. Nothing else changes
   * here: activating them files them anew through {@link EngineState#jobChanged}.
   */
  public List<Job> take(String type, long now, int max, Predicate<Job> activatable) {
    OfType of = types.get(type);
    List<Job> taken = new ArrayList<>();
    if (of == null) {
      return taken;
    }
    if (now >= of.earliestDeadline) {
      release(of, now);
    }
    Iterator<Job> fresh = of.fresh.iterator();
    Iterator<Job> returned = of.returned.iterator();
    Job f = fresh.hasNext() ? fresh.next() : null;
    Job r = returned.hasNext() ? returned.next() : null;
    while (taken.size() < max && (f != null || r != null)) {
      Job job;
      if (r == null || (f != null && f.key < r.key)) {
        job = f;
        f = fresh.hasNext() ? fresh.next() : null;
      } else {
        job = r;
        r = returned.hasNext() ? returned.next() : null;
      }
      if (activatable.test(job)) {
        taken.add(job);
      }
    }
    return taken;
  }

  /** Moves the activated jobs whose deadline has passed back among the candidates. */
  private static void release(OfType of, long now) {
    long earliest = Long.MAX_VALUE;
    Iterator<Job> jobs = of.activated.iterator();
    while (jobs.hasNext()) {
      Job job = jobs.next();
      if (job.deadline <= now) {
        jobs.remove();
        job.filed = Filed.RETURNED; // left fresh when it was activated
        of.returned.add(job);
      } else {
        earliest = Math.min(earliest, job.deadline);
      }
    }
    of.earliestDeadline = earliest;
  }
}
