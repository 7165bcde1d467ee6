package org.exportcert.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the application's JVM while 200 applicants apply and upload at once: after a
 * restart on the same data directory every write the API acknowledged is there exactly once, and
 * every case goes on through the shipped models (workers and engine resume) to the review of its
 * application.
 */
class CrashRecoveryIT {

  static final int CLIENTS = Integer.getInteger("reliability.clients", 200);

  @TempDir Path work;

  @Test
  void nothingAcknowledgedIsLostOrDuplicatedByAKillNineUnderLoadAndEveryCaseGoesOn() throws Exception {
    try (PackagedApp app = new PackagedApp(work.resolve("data"), Map.of())) {
      long t0 = System.nanoTime();
      app.start();
      long startMillis = (System.nanoTime() - t0) / 1_000_000;
      Api api = new Api(app, Duration.ofSeconds(60));
      Workload load = new Workload(api, "crash");

      // every client has a request in flight when the JVM dies
      load.start(CLIENTS, Integer.MAX_VALUE);
      // the kill must hit the load, not a count: on a slow machine most answers are 503 (the
      // pool's 5 s wait) and a quarter of the clients' writes is enough acknowledged state
      await("acknowledged writes before the kill").atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> load.acknowledgedWrites.get() >= CLIENTS / 4);
      long killedAt = System.nanoTime();
      app.kill9();
      load.stop();
      load.awaitEnd(3);
      int inFlightFailed = (int) load.answers.stream().filter(a -> a.status() == -1).count();
      Figures.record("kill -9 under load", "answers before the kill by status "
          + load.answers.stream().collect(java.util.stream.Collectors.groupingBy(
              Api.Answer::status, java.util.TreeMap::new, java.util.stream.Collectors.counting())));

      long restart = System.nanoTime();
      app.start();
      long restartMillis = (System.nanoTime() - restart) / 1_000_000;

      Workload.Accounting accounting = load.account();
      Figures.record("kill -9 under load",
          CLIENTS + " concurrent clients, " + load.attempts.get() + " applications attempted, "
              + accounting.acknowledgedWrites() + " writes acknowledged (cases + uploads), "
              + accounting.foundAcknowledged() + " found after restart, " + accounting.lost().size() + " lost, "
              + accounting.duplicated().size() + " duplicated; " + inFlightFailed
              + " requests cut by the kill; " + accounting.casesFound() + " cases stored (acknowledged or not);"
              + " first start " + startMillis + " ms, restart " + restartMillis + " ms");
      assertThat(accounting.lost()).as("acknowledged but lost").isEmpty();
      assertThat(accounting.duplicated()).as("duplicated").isEmpty();
      assertThat(accounting.foundAcknowledged()).isEqualTo(accounting.acknowledgedWrites());

      long resume = System.nanoTime();
      await("every case under review after the restart").atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(2))
          .until(load::casesNotYetUnderReview, java.util.List::isEmpty);
      Figures.record("kill -9 under load", "all " + accounting.casesFound()
          + " cases reached ELIGIBILITY_REVIEW (workers and engine resumed) "
          + (System.nanoTime() - resume) / 1_000_000 + " ms after the restart; kill to all resumed "
          + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
    }
  }
}
