package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivateJobsResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job worker configured with a request timeout longer than the engine's own answer deadline (60 s;
 * operators set CAMUNDA_CLIENT_REQUEST_TIMEOUT=PT60S and more on a loaded machine) gets an empty
 * answer after its long poll, not a 504 that the client logs as a failed activation. Found by the
 * reliability suite: every idle poller logged "Failed to activate jobs … 504" once a minute. The
 * engine here has a 2 s deadline, so the same rule is checked without waiting a minute.
 */
class LongPollBeyondAnswerDeadlineTest {

  private static final long ANSWER_DEADLINE_MS = 2_000;

  @Test
  void aLongPollLongerThanTheEnginesAnswerDeadlineAnswersEmpty(@TempDir Path data) throws Exception {
    try (ExportCertEngine engine = ExportCertEngine.start(
            EngineConfig.of(0, data).withoutAuthentication(), SnapshotPolicy.fromEnvironment(), ANSWER_DEADLINE_MS);
        CamundaClient client = EngineExtension.newClient(engine)) {
      long started = System.nanoTime();
      ActivateJobsResponse response = client.newActivateJobsCommand().jobType("nobody-creates-this")
          .maxJobsToActivate(1).requestTimeout(Duration.ofMillis(ANSWER_DEADLINE_MS + 1_500)).send()
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(response.getJobs()).isEmpty();
      // the poll really outlived the deadline (the engine held it for its own timeout)
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(ANSWER_DEADLINE_MS));
    }
  }
}
