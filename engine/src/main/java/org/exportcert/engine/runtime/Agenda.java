package org.exportcert.engine.runtime;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The element steps still to run (activate, complete, take a flow), in order. A command runs at
 * most {@link #STEPS_PER_SLICE} of them; the rest stay queued and the processor runs them as
 * their own journaled "continue" commands between other work, the way Zeebe processes each
 * element step as its own record. So a straight-through loop without a wait state keeps going
 * without stopping the engine: other requests are answered, and cancelling the instance ends it.
 */
final class Agenda {

  /** Enough for any ordinary instance to reach its wait states within the command that started it. */
  static final int STEPS_PER_SLICE = 1_000;

  private final Deque<Runnable> steps = new ArrayDeque<>();

  void add(Runnable step) {
    steps.add(step);
  }

  void clear() {
    steps.clear();
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Runs the next steps, at most one slice; deterministic, so a replayed journal leaves the same rest. */
  void runSlice() {
    Runnable step;
    for (int done = 0; done < STEPS_PER_SLICE && (step = steps.poll()) != null; done++) {
      step.run();
    }
  }
}
