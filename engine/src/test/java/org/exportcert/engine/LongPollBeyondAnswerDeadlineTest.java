package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivateJobsResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A job worker configured with a request timeout longer than the engine's own 60 s answer deadline
 * (as operators set on a loaded machine, CAMUNDA_CLIENT_REQUEST_TIMEOUT=PT60S and more) gets an empty
 * answer after its long poll, not a 504 that the client logs as a failed activation. Found by the
 * reliability suite: every idle poller logged "Failed to activate jobs … 504" once a minute.
 */
class LongPollBeyondAnswerDeadlineTest extends EngineTestBase {

  @Test
  void aLongPollLongerThanTheEnginesAnswerDeadlineAnswersEmpty() throws Exception {
    ActivateJobsResponse response = client().newActivateJobsCommand().jobType("nobody-creates-this")
        .maxJobsToActivate(1).requestTimeout(Duration.ofSeconds(61)).send().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
    assertThat(response.getJobs()).isEmpty();
  }
}
