package org.exportcert.engine;

import static io.camunda.process.test.api.CamundaAssert.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Camunda Process Test 8.8 in remote mode with the clients it injects: they are built with
 * {@code preferRestOverGrpc(false)}, so deployment, instance creation and the job workers of
 * {@code mockJobWorker} go through the engine's gRPC gateway.
 */
class CamundaProcessTestGrpcTest {

  private static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0).withManagementPort(0));

  @RegisterExtension
  static final CamundaProcessTestExtension EXTENSION =
      new CamundaProcessTestExtension()
          .withRuntimeMode(CamundaProcessTestRuntimeMode.REMOTE)
          .withRemoteCamundaClientBuilderFactory(() -> CamundaClient.newClientBuilder()
              .restAddress(ENGINE.restAddress()).grpcAddress(ENGINE.grpcAddress())
              .credentialsProvider(EngineExtension.credentials(ENGINE)))
          .withRemoteCamundaMonitoringApiAddress(ENGINE.managementAddress());

  private static final BpmnModelInstance ASSESS =
      Bpmn.createExecutableProcess("assess").startEvent("Start")
          .serviceTask("Task_Score", t -> t.zeebeJobType("score"))
          .businessRuleTask("Task_Fee", t -> t.zeebeCalledDecisionId("fee").zeebeResultVariable("fee")
              .zeebeBindingType(ZeebeBindingType.deployment))
          .businessRuleTask("Task_Checks", t -> t.zeebeCalledDecisionId("checks").zeebeResultVariable("checks"))
          .serviceTask("Task_Notify", t -> t.zeebeJobType("notify"))
          .endEvent("End")
          .done();

  /** Injected by the extension: gRPC preferred. */
  private CamundaClient client;
  private CamundaProcessTestContext context;

  @AfterAll
  static void stopEngine() {
    ENGINE.close();
  }

  @Test
  void injectedClientRunsProcessWithDecisionsOverGrpc() {
    org.assertj.core.api.Assertions.assertThat(client.getConfiguration().preferRestOverGrpc()).isFalse();
    client.newDeployResourceCommand().addProcessModel(ASSESS, "assess.bpmn")
        .addResourceFromClasspath("dmn/certification-rules.dmn").send().join();
    context.mockJobWorker("score").thenComplete(Map.of("tier", "gold", "risk", 4));
    context.mockJobWorker("notify").thenComplete(Map.of("notified", true));

    ProcessInstanceEvent instance = client.newCreateInstanceCommand().bpmnProcessId("assess").latestVersion()
        .variables(Map.of("caseId", "CASE-9")).send().join();

    assertThat(instance).isCompleted()
        .hasCompletedElementsInOrder("Start", "Task_Score", "Task_Fee", "Task_Checks", "Task_Notify", "End")
        .hasVariable("fee", 100)
        .hasVariable("checks", List.of("interview", "documents"))
        .hasVariable("notified", true);
  }

  @Test
  void injectedClientEvaluatesDecisionsAndWaitsForResults() {
    client.newDeployResourceCommand().addResourceFromClasspath("dmn/certification-rules.dmn").send().join();
    String output = client.newEvaluateDecisionCommand().decisionId("fee").variables(Map.of("tier", "silver"))
        .send().join().getDecisionOutput();
    org.assertj.core.api.Assertions.assertThat(output).isEqualTo("50");

    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("sum").startEvent()
        .scriptTask("add", s -> s.zeebeExpression("a + b").zeebeResultVariable("c")).endEvent().done(), "sum.bpmn").send().join();
    var result = client.newCreateInstanceCommand().bpmnProcessId("sum").latestVersion()
        .variables(Map.of("a", 1, "b", 2)).withResult().requestTimeout(Duration.ofSeconds(10)).send().join();
    org.assertj.core.api.Assertions.assertThat(result.getVariablesAsMap()).containsEntry("c", 3);
  }
}
