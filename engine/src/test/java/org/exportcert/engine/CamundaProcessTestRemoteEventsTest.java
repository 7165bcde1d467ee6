package org.exportcert.engine;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import io.camunda.process.test.api.assertions.ProcessInstanceSelectors;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Part 2's events under Camunda Process Test 8.8 in remote mode (see {@link CamundaProcessTestRemoteTest}):
 * a timer start cycle driven by {@code increaseTime}, message start, signals, escalation and the
 * inclusive gateway, checked with {@code CamundaAssert}.
 */
class CamundaProcessTestRemoteEventsTest {

  private static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0).withManagementPort(0));

  @RegisterExtension
  static final CamundaProcessTestExtension EXTENSION =
      new CamundaProcessTestExtension()
          .withRuntimeMode(CamundaProcessTestRuntimeMode.REMOTE)
          .withRemoteCamundaClientBuilderFactory(() -> CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)))
          .withRemoteCamundaMonitoringApiAddress(ENGINE.managementAddress());

  /** Static, so the extension does not replace it with its gRPC-preferring client. */
  private static final CamundaClient client = CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)).build();

  private CamundaProcessTestContext context;

  @AfterAll
  static void stopEngine() {
    client.close();
    ENGINE.close();
  }

  private static List<ProcessInstance> instancesOf(String processId) {
    return client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(processId)).send().join().items()
        .stream().sorted(Comparator.comparing(ProcessInstance::getProcessInstanceKey)).toList();
  }

  @Test
  void timerStartCycleFiresExactlyThreeTimes() {
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("surveillance_reminder")
        .startEvent("Start_Every_Hour").timerWithCycle("R3/PT1H").endEvent("End_Reminded").done(), "reminder.bpmn").send().join();
    assertThat(instancesOf("surveillance_reminder")).isEmpty();
    for (int hour = 1; hour <= 3; hour++) {
      context.increaseTime(Duration.ofHours(1));
      assertThat(instancesOf("surveillance_reminder")).hasSize(hour);
    }
    context.increaseTime(Duration.ofDays(1));
    List<ProcessInstance> instances = instancesOf("surveillance_reminder");
    assertThat(instances).hasSize(3);
    for (ProcessInstance instance : instances) {
      assertThat(ProcessInstanceSelectors.byKey(instance.getProcessInstanceKey())).isCompleted()
          .hasCompletedElements("Start_Every_Hour", "End_Reminded");
    }
  }

  @Test
  void messageStartAndSignalCatchAndAnEscalation() {
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("renewal")
        .startEvent("Start_RenewalRequested").message("Message_RenewalRequested")
        .intermediateCatchEvent("Event_RulesChanged", e -> e.signal("rules-changed"))
        .intermediateThrowEvent("Event_Escalate", e -> e.escalation("REVIEW"))
        .endEvent("End_Renewed")
        .moveToProcess("renewal").eventSubProcess("EventSubProcess_Review", s -> s.startEvent("Start_Review").escalation("REVIEW")
            .interrupting(false).endEvent("End_Reviewed"))
        .done(), "renewal.bpmn").send().join();
    client.newPublishMessageCommand().messageName("Message_RenewalRequested").correlationKey("CERT-1")
        .variables(Map.of("certificate", "CERT-1")).send().join();
    client.newPublishMessageCommand().messageName("Message_RenewalRequested").correlationKey("CERT-1").send().join();
    assertThat(instancesOf("renewal")).as("one active instance per correlation key").hasSize(1);
    var renewal = ProcessInstanceSelectors.byProcessId("renewal");
    assertThat(renewal).isActive().hasActiveElements("Event_RulesChanged").hasVariable("certificate", "CERT-1");

    client.newBroadcastSignalCommand().signalName("rules-changed").send().join();

    assertThat(renewal).isCompleted().hasCompletedElements("Event_RulesChanged", "Event_Escalate", "Start_Review", "End_Reviewed", "End_Renewed");
  }

  @Test
  void inclusiveGatewayJoinsTheTakenPaths() {
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("markets")
        .startEvent().inclusiveGateway("Gateway_Markets")
        .defaultFlow().endEvent("End_NoMarket")
        .moveToNode("Gateway_Markets").conditionExpression("= list contains(markets, \"EU\")")
        .userTask("Task_EU", u -> u.zeebeUserTask()).inclusiveGateway("Gateway_Join").endEvent("End_Recognised")
        .moveToNode("Gateway_Markets").conditionExpression("= list contains(markets, \"UK\")")
        .userTask("Task_UK", u -> u.zeebeUserTask()).connectTo("Gateway_Join")
        .moveToNode("Gateway_Markets").conditionExpression("= list contains(markets, \"US\")")
        .userTask("Task_US", u -> u.zeebeUserTask()).connectTo("Gateway_Join")
        .done(), "markets.bpmn").send().join();
    var instance = client.newCreateInstanceCommand().bpmnProcessId("markets").latestVersion()
        .variables(Map.of("markets", List.of("EU", "US"))).send().join();
    assertThat(instance).isActive().hasActiveElements("Task_EU", "Task_US").hasNotActivatedElements("Task_UK");
    context.completeUserTask("Task_EU");
    assertThat(instance).isActive().hasActiveElements("Task_US").hasNotActivatedElements("Gateway_Join");
    context.completeUserTask("Task_US");
    assertThat(instance).isCompleted().hasCompletedElements("Gateway_Join", "End_Recognised").hasNotActivatedElements("End_NoMarket");
  }
}
