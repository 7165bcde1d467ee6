package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivateJobsResponse;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the engine clock pinned (PUT /v2/clock, as Camunda Process Test does), request timeouts
 * still run on the wall clock: a long poll that finds no job answers empty after its
 * requestTimeout, and a create-with-result call gives up after its own.
 */
class PinnedClockRequestTimeoutTest extends EngineTestBase {

  private void pinClock(Instant at) throws Exception {
    HttpResponse<String> pin = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/clock"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"timestamp\":" + at.toEpochMilli() + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(pin.statusCode()).isEqualTo(204);
  }

  @Test
  void longPollsAndCreateWithResultAnswerAfterTheirRequestTimeoutWhileTheClockIsPinned() throws Exception {
    pinClock(Instant.parse("2030-01-01T00:00:00Z"));
    ActivateJobsResponse rest = client().newActivateJobsCommand().jobType("nobody-creates-this").maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(1)).send().toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertThat(rest.getJobs()).isEmpty();
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      ActivateJobsResponse viaGrpc = grpc.newActivateJobsCommand().jobType("nobody-creates-this").maxJobsToActivate(1)
          .requestTimeout(Duration.ofSeconds(1)).send().toCompletableFuture().get(15, TimeUnit.SECONDS);
      assertThat(viaGrpc.getJobs()).isEmpty();
    }

    deploy(Bpmn.createExecutableProcess("waits").startEvent()
        .serviceTask("task", t -> t.zeebeJobType("never-worked")).endEvent().done());
    assertThatThrownBy(() -> client().newCreateInstanceCommand().bpmnProcessId("waits").latestVersion()
            .variables(Map.of()).withResult().requestTimeout(Duration.ofSeconds(1))
            .send().toCompletableFuture().get(15, TimeUnit.SECONDS))
        .as("gives up after its request timeout instead of hanging")
        .isInstanceOf(ExecutionException.class);
  }
}
