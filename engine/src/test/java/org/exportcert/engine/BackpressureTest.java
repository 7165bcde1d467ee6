package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure as the official client meets it: while the processor's backlog is over its limit,
 * creations and publications are refused (REST 503 RESOURCE_EXHAUSTED with Retry-After, gRPC
 * RESOURCE_EXHAUSTED), job completions are still taken, and once the backlog drains the same
 * calls succeed - the gRPC client's own retry policy gets through without the caller noticing.
 * The backlog is built deterministically: a query holds the processor thread on a latch while
 * further queries queue up behind it.
 */
class BackpressureTest {

  private static final int LIMIT = 3;

  private ExportCertEngine engine;
  private CamundaClient rest;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<CompletableFuture<?>> backlog = new ArrayList<>();

  @TempDir Path dataDirectory;

  @BeforeEach
  void start() throws Exception {
    engine = ExportCertEngine.start(EngineConfig.of(0, dataDirectory).withoutAuthentication());
    rest = EngineExtension.newClient(engine);
    rest.newDeployResourceCommand().addProcessModel(
        Bpmn.createExecutableProcess("bp").startEvent()
            .serviceTask("work", t -> t.zeebeJobType("bp-work"))
            .endEvent().done(), "bp.bpmn").send().join();
    engine.backpressure().limits(LIMIT, 0);
  }

  @AfterEach
  void stop() {
    release.countDown();
    rest.close();
    engine.close();
  }

  /** Holds the processor thread and queues {@link #LIMIT} queries behind it. */
  private void fillBacklog() throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    backlog.add(engine.processor().query(state -> {
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }));
    held.await();
    for (int i = 0; i < LIMIT; i++) {
      backlog.add(engine.processor().query(state -> null));
    }
    assertThat(engine.processor().backlog()).isEqualTo(LIMIT);
  }

  private void drain() {
    release.countDown();
    backlog.forEach(CompletableFuture::join);
  }

  private CamundaClient grpcClient(boolean retry) {
    return CamundaClient.newClientBuilder()
        .restAddress(engine.restAddress())
        .grpcAddress(engine.grpcAddress())
        .preferRestOverGrpc(false)
        .useDefaultRetryPolicy(retry)
        .defaultRequestTimeout(Duration.ofSeconds(20))
        .build();
  }

  @Test
  void restCreationsAndPublicationsAreRefusedWith503UntilTheBacklogDrains() throws Exception {
    fillBacklog();

    assertThatThrownBy(() -> rest.newCreateInstanceCommand().bpmnProcessId("bp").latestVersion().send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(503);
          assertThat(e.details().getTitle()).isEqualTo("RESOURCE_EXHAUSTED");
        });
    assertThatThrownBy(() -> rest.newPublishMessageCommand().messageName("m").correlationKey("k").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(503));

    HttpResponse<String> raw = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(engine.restAddress() + "/v2/process-instances"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"processDefinitionId\":\"bp\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(503);
    assertThat(raw.headers().firstValue("Retry-After")).contains("1");
    assertThat(raw.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(raw.body()).contains("urn:exportcert:problem:resource-exhausted").contains("RESOURCE_EXHAUSTED");
    assertThat(engine.backpressure().refused()).as("every attempt refused, the client's own retries included").isGreaterThanOrEqualTo(3);

    drain();
    long key = rest.newCreateInstanceCommand().bpmnProcessId("bp").latestVersion().send().join().getProcessInstanceKey();
    assertThat(key).isPositive();
  }

  @Test
  void jobCompletionsAreTakenWhileCreationsAreRefused() throws Exception {
    rest.newCreateInstanceCommand().bpmnProcessId("bp").latestVersion().send().join();
    ActivatedJob job = rest.newActivateJobsCommand().jobType("bp-work").maxJobsToActivate(1).send().join().getJobs().get(0);
    fillBacklog();

    CamundaFuture<?> completion = rest.newCompleteCommand(job).send();
    // the completion waits in the backlog instead of being refused
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> engine.processor().backlog() == LIMIT + 1);
    assertThat(completion.isDone()).as("completion answered while the processor is held").isFalse();
    assertThat(engine.backpressure().refused()).isZero();

    drain();
    completion.join();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        rest.newProcessInstanceSearchRequest().send().join().items().get(0).getState().name().equals("COMPLETED"));
  }

  @Test
  void grpcSeesResourceExhaustedAndTheClientRetryGetsThroughOnceItDrains() throws Exception {
    try (CamundaClient noRetry = grpcClient(false); CamundaClient retrying = grpcClient(true)) {
      noRetry.newTopologyRequest().send().join(); // channel up before the processor is held
      retrying.newTopologyRequest().send().join();
      fillBacklog();

      assertThatThrownBy(() -> noRetry.newCreateInstanceCommand().bpmnProcessId("bp").latestVersion().send().join())
          .isInstanceOfSatisfying(ClientStatusException.class,
              e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
      assertThatThrownBy(() -> noRetry.newPublishMessageCommand().messageName("m").correlationKey("k").send().join())
          .isInstanceOfSatisfying(ClientStatusException.class,
              e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
      long refusedBefore = engine.backpressure().refused();

      CamundaFuture<ProcessInstanceEvent> retried =
          retrying.newCreateInstanceCommand().bpmnProcessId("bp").latestVersion().send();
      // refused at least once, then the retry policy (0.1 s back-off, growing) tries again
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> engine.backpressure().refused() > refusedBefore);
      drain();
      assertThat(retried.join().getProcessInstanceKey()).isPositive();
    }
  }
}
