package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.client.api.response.Topology;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC gateway: the unchanged client with {@code preferRestOverGrpc(false)} runs the same
 * process as a REST client, job streaming never hands a job out twice, and rejections arrive as
 * the gRPC statuses the client maps.
 */
class GrpcGatewayTest extends EngineTestBase {

  private CamundaClient grpc;

  @BeforeEach
  void grpcClient() {
    grpc = grpcClient(env.engine());
  }

  static CamundaClient grpcClient(ExportCertEngine engine) {
    return CamundaClient.newClientBuilder()
        .restAddress(engine.restAddress())
        .grpcAddress(engine.grpcAddress())
        .preferRestOverGrpc(false)
        .defaultRequestTimeout(Duration.ofSeconds(20))
        .build();
  }

  @AfterEach
  void closeGrpc() {
    grpc.close();
  }

  private static final BpmnModelInstance REVIEW =
      Bpmn.createExecutableProcess("review").startEvent()
          .serviceTask("check", t -> t.zeebeJobType("check"))
          .exclusiveGateway("ok").defaultFlow()
          .serviceTask("reject", t -> t.zeebeJobType("reject")).endEvent("rejected")
          .moveToNode("ok").conditionExpression("= score >= 50")
          .serviceTask("certify", t -> t.zeebeJobType("certify")).endEvent("certified")
          .done();

  /** Runs the review process with one client and answers each step the same way. */
  private Map<String, String> runReview(CamundaClient c) {
    long pi = c.newCreateInstanceCommand().bpmnProcessId("review").latestVersion()
        .variables(Map.of("caseId", "C-7")).send().join().getProcessInstanceKey();
    ActivatedJob check = c.newActivateJobsCommand().jobType("check").maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs().get(0);
    assertThat(check.getVariablesAsMap()).containsEntry("caseId", "C-7");
    c.newFailCommand(check).retries(0).errorMessage("registry down").send().join();
    var incident = activeIncidents(pi).get(0);
    c.newUpdateRetriesCommand(check).retries(2).send().join();
    c.newResolveIncidentCommand(incident.getIncidentKey()).send().join();
    check = c.newActivateJobsCommand().jobType("check").maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs().get(0);
    c.newUpdateTimeoutCommand(check).timeout(Duration.ofMinutes(2)).send().join();
    c.newSetVariablesCommand(pi).variables(Map.of("reviewer", "anna")).send().join();
    c.newCompleteCommand(check).variables(Map.of("score", 80)).send().join();
    ActivatedJob certify = c.newActivateJobsCommand().jobType("certify").maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs().get(0);
    c.newCompleteCommand(certify).variables(Map.of("certified", true)).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    Map<String, String> variables = rootVariables(pi);
    assertThat(completedElements(pi)).contains("check", "certify", "certified").doesNotContain("reject");
    return variables;
  }

  @Test
  void grpcClientRunsTheSameProcessAsRestClient() {
    Topology topology = grpc.newTopologyRequest().send().join();
    assertThat(topology.getBrokers()).singleElement().satisfies(b -> assertThat(b.getPartitions()).hasSize(1));

    DeploymentEvent deployment = grpc.newDeployResourceCommand().addProcessModel(REVIEW, "review.bpmn").send().join();
    assertThat(deployment.getProcesses()).singleElement().satisfies(p -> assertThat(p.getVersion()).isEqualTo(1));
    DeploymentEvent again = client().newDeployResourceCommand().addProcessModel(REVIEW, "review.bpmn").send().join();
    assertThat(again.getProcesses().get(0).getProcessDefinitionKey())
        .isEqualTo(deployment.getProcesses().get(0).getProcessDefinitionKey());

    Map<String, String> overGrpc = runReview(grpc);
    Map<String, String> overRest = runReview(client());
    assertThat(overGrpc).isEqualTo(overRest).containsEntry("score", "80").containsEntry("reviewer", "\"anna\"");
  }

  @Test
  void createWithResultThrowErrorCancelAndDecisionsOverGrpc() {
    grpc.newDeployResourceCommand()
        .addProcessModel(Bpmn.createExecutableProcess("quick").startEvent()
            .scriptTask("calc", s -> s.zeebeExpression("1 + x").zeebeResultVariable("y")).endEvent().done(), "quick.bpmn")
        .addProcessModel(Bpmn.createExecutableProcess("risky").startEvent()
            .serviceTask("work", t -> t.zeebeJobType("risky-work"))
            .boundaryEvent("failed", b -> b.error("E1")).endEvent("handled")
            .moveToActivity("work").endEvent("done").done(), "risky.bpmn")
        .addResourceFromClasspath("dmn/certification-rules.dmn")
        .send().join();

    ProcessInstanceResult result = grpc.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion()
        .variables(Map.of("x", 41)).withResult().send().join();
    assertThat(result.getVariablesAsMap()).containsEntry("y", 42);

    long risky = grpc.newCreateInstanceCommand().bpmnProcessId("risky").latestVersion().send().join().getProcessInstanceKey();
    ActivatedJob job = grpc.newActivateJobsCommand().jobType("risky-work").maxJobsToActivate(1).send().join().getJobs().get(0);
    grpc.newThrowErrorCommand(job).errorCode("E1").errorMessage("no").send().join();
    assertThat(state(risky)).isEqualTo("COMPLETED");
    assertThat(completedElements(risky)).contains("handled");

    long cancelled = grpc.newCreateInstanceCommand().bpmnProcessId("risky").latestVersion().send().join().getProcessInstanceKey();
    grpc.newCancelInstanceCommand(cancelled).send().join();
    assertThat(state(cancelled)).isEqualTo("TERMINATED");

    var evaluation = grpc.newEvaluateDecisionCommand().decisionId("checks").variables(Map.of("risk", 6)).send().join();
    assertThat(evaluation.getDecisionOutput()).isEqualTo("[\"audit\",\"interview\",\"documents\"]");
    assertThat(evaluation.getEvaluatedDecisions().get(0).getMatchedRules()).hasSize(3);
  }

  @Test
  void rejectionsArriveAsGrpcStatuses() {
    assertThatThrownBy(() -> grpc.newCompleteCommand(12345L).send().join())
        .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(() -> grpc.newCreateInstanceCommand().bpmnProcessId("nope").latestVersion().send().join())
        .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(() -> grpc.newDeployResourceCommand().addResourceStringUtf8("<broken", "broken.bpmn").send().join())
        .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    grpc.newPublishMessageCommand().messageName("m").correlationKey("k").messageId("once").timeToLive(Duration.ofMinutes(1)).send().join();
    assertThatThrownBy(() -> grpc.newPublishMessageCommand().messageName("m").correlationKey("k").messageId("once").send().join())
        .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    assertThatThrownBy(() -> grpc.newDeleteResourceCommand(12345L).send().join())
        .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void publishedMessageCorrelatesOverGrpc() {
    grpc.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("waiting").startEvent()
        .receiveTask("wait").message(m -> m.name("documents-received").zeebeCorrelationKeyExpression("caseId"))
        .endEvent().done(), "waiting.bpmn").send().join();
    long pi = grpc.newCreateInstanceCommand().bpmnProcessId("waiting").latestVersion()
        .variables(Map.of("caseId", "C-42")).send().join().getProcessInstanceKey();
    long messageKey = grpc.newPublishMessageCommand().messageName("documents-received").correlationKey("C-42")
        .variables(Map.of("pages", 3)).send().join().getMessageKey();
    assertThat(messageKey).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> state(pi).equals("COMPLETED"));
    assertThat(rootVariables(pi)).containsEntry("pages", "3");
  }

  @Test
  void streamedJobIsPushedOnceAndNeverHandedToAPoll() throws Exception {
    deploy(Bpmn.createExecutableProcess("pushed").startEvent().serviceTask("t", t -> t.zeebeJobType("pushed")).endEvent().done());
    ManagedChannel channel = NettyChannelBuilder.forAddress(env.engine().grpcAddress().getHost(), env.engine().grpcAddress().getPort())
        .usePlaintext().build();
    LinkedBlockingQueue<GatewayOuterClass.ActivatedJob> pushed = new LinkedBlockingQueue<>();
    try {
      GatewayGrpc.newStub(channel).streamActivatedJobs(
          GatewayOuterClass.StreamActivatedJobsRequest.newBuilder().setType("pushed").setWorker("streamer").setTimeout(60_000).build(),
          new StreamObserver<>() {
            @Override public void onNext(GatewayOuterClass.ActivatedJob job) { pushed.add(job); }
            @Override public void onError(Throwable t) { }
            @Override public void onCompleted() { }
          });
      // the stream registers asynchronously: wait until a job created now is pushed to it
      long first = start("pushed", Map.of("n", 1));
      GatewayOuterClass.ActivatedJob job = null;
      while (job == null) {
        job = pushed.poll(10, TimeUnit.SECONDS);
        if (job == null) {
          throw new AssertionError("no job pushed");
        }
      }
      assertThat(job.getProcessInstanceKey()).isEqualTo(first);
      assertThat(job.getWorker()).isEqualTo("streamer");
      assertThat(job.getVariables()).contains("\"n\":1");
      for (int i = 0; i < 5; i++) {
        start("pushed", Map.of("n", i));
      }
      List<GatewayOuterClass.ActivatedJob> more = new ArrayList<>();
      while (more.size() < 5) {
        GatewayOuterClass.ActivatedJob next = pushed.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("pushed job").isNotNull();
        more.add(next);
      }
      assertThat(activate("pushed", 10)).as("pushed jobs are activated: a poll gets none").isEmpty();
      assertThat(pushed).isEmpty();
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void streamingWorkerAndPollerInParallelNeverDoubleActivate() {
    deploy(Bpmn.createExecutableProcess("load").startEvent().serviceTask("t", t -> t.zeebeJobType("load")).endEvent().done());
    Map<Long, AtomicInteger> handled = new ConcurrentHashMap<>();
    List<String> handlers = new CopyOnWriteArrayList<>();
    JobWorker streaming = grpc.newWorker().jobType("load").handler((jobClient, job) -> {
      handled.computeIfAbsent(job.getKey(), k -> new AtomicInteger()).incrementAndGet();
      handlers.add("stream-worker");
      jobClient.newCompleteCommand(job).send().join();
    }).name("stream-worker").streamEnabled(true).timeout(Duration.ofMinutes(5)).open();
    // the stream is open before the poller races it (a first job reaches the streaming worker)
    start("load", Map.of("i", -1));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> handlers.contains("stream-worker"));
    } catch (RuntimeException e) {
      streaming.close();
      throw e;
    }
    JobWorker polling = client().newWorker().jobType("load").handler((jobClient, job) -> {
      handled.computeIfAbsent(job.getKey(), k -> new AtomicInteger()).incrementAndGet();
      handlers.add("poller");
      jobClient.newCompleteCommand(job).send().join();
    }).name("poller").pollInterval(Duration.ofMillis(10)).timeout(Duration.ofMinutes(5)).open();
    try {
      int count = 60;
      List<Long> instances = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        instances.add(start("load", Map.of("i", i)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == count + 1);
      await().atMost(Duration.ofSeconds(10)).until(() ->
          client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId("load")
              .state(io.camunda.client.api.search.enums.ProcessInstanceState.COMPLETED)).send().join().page().totalItems() == count + 1);
      assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).as("activations of one job").isEqualTo(1));
      assertThat(handlers).as("one handling per job, whoever got it").hasSize(count + 1);
    } finally {
      streaming.close();
      polling.close();
    }
  }
}
