package org.exportcert.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An activation walks {@link ActivatableJobs#candidates} instead of every open job of its type: it
 * must find the same activatable jobs in the same order as the full walk, whatever happened to the
 * jobs before (created, activated with a deadline, failed with a back-off, completed, errors
 * thrown, incidents, time passing, the timeout changed) and whether the index was built before or
 * after (a snapshot load builds it from the open jobs).
 */
class ActivatableJobsTest {

  private static final List<String> TYPES = List.of("a", "b", "c");

  private static List<Long> fullWalk(EngineState state, String type, long now) {
    List<Long> found = new ArrayList<>();
    for (Long key : state.openJobsByType.getOrDefault(type, java.util.Set.of())) {
      if (state.jobs.get(key).isActivatable(now)) {
        found.add(key);
      }
    }
    return found;
  }

  private static List<Long> candidateWalk(EngineState state, String type, long now) {
    return state.activatable().take(type, now, Integer.MAX_VALUE, job -> job.isActivatable(now)).stream()
        .map(job -> job.key).toList();
  }

  @Test
  void takesNoMoreThanAskedForInKeyOrder() {
    EngineState state = new EngineState();
    for (long key = 1; key <= 5; key++) {
      Job job = new Job();
      job.key = key;
      job.type = "a";
      state.jobs.put(key, job);
      state.openJob(job);
    }
    assertThat(state.activatable().take("a", 0, 2, job -> job.key != 1)).extracting(job -> job.key).containsExactly(2L, 3L);
    assertThat(state.activatable().take("b", 0, 2, job -> true)).isEmpty();
  }

  @Test
  void findsWhatTheFullWalkFindsInItsOrderThroughRandomJobLives() {
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      EngineState state = new EngineState();
      if (seed % 2 == 0) {
        state.activatable(); // built empty and kept up from the start; odd seeds build it at step 200
      }
      long now = 1_000;
      long nextKey = 1;
      for (int step = 0; step < 400; step++) {
        List<Job> open = new ArrayList<>();
        state.openJobsByType.values().forEach(keys -> keys.forEach(key -> open.add(state.jobs.get(key))));
        Job job = open.isEmpty() ? null : open.get(random.nextInt(open.size()));
        switch (random.nextInt(9)) {
          case 0, 1 -> { // created
            Job created = new Job();
            created.key = nextKey++;
            created.type = TYPES.get(random.nextInt(TYPES.size()));
            created.retries = 3;
            state.jobs.put(created.key, created);
            state.jobChanged(created);
            state.openJob(created);
          }
          case 2 -> { // activated, as an activation does: only what it may take
            if (job != null && job.isActivatable(now)) {
              job.state = Job.State.ACTIVATED;
              job.deadline = now + random.nextInt(50);
              state.jobChanged(job);
            }
          }
          case 3 -> { // failed, with or without a back-off and retries left
            if (job != null) {
              job.state = Job.State.FAILED;
              job.retries = random.nextInt(2);
              job.retryAt = now + random.nextInt(30);
              job.deadline = -1;
              state.jobChanged(job);
            }
          }
          case 4 -> { // completed: closed first, as the engine does
            if (job != null) {
              job.state = Job.State.COMPLETED;
              state.closeJob(job);
              state.jobChanged(job);
            }
          }
          case 5 -> { // an error thrown and caught: closed, then its state changes once more
            if (job != null) {
              state.closeJob(job);
              job.state = Job.State.ERROR_THROWN;
              state.jobChanged(job);
            }
          }
          case 6 -> { // an incident raised or resolved
            if (job != null) {
              job.incidentKey = job.incidentKey == null ? Long.valueOf(-job.key) : null;
              state.jobChanged(job);
            }
          }
          case 7 -> { // the timeout of an activated job changed
            if (job != null && job.state == Job.State.ACTIVATED) {
              job.deadline = now + random.nextInt(80);
              state.jobChanged(job);
            }
          }
          default -> now += random.nextInt(20); // time passes
        }
        for (String type : seed % 2 == 0 || step >= 200 ? TYPES : List.<String>of()) {
          assertThat(candidateWalk(state, type, now)).as("seed %d step %d type %s", seed, step, type)
              .isEqualTo(fullWalk(state, type, now));
        }
      }
    }
  }
}
