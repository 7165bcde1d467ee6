package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.BroadcastSignalResponse;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signals: start, catch, boundary and event subprocess; broadcast over REST, gRPC and from throw events. */
class SignalTest extends EngineTestBase {

  private List<ProcessInstance> instancesOf(String processId) {
    return client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(processId)).send().join().items();
  }

  private BroadcastSignalResponse broadcast(String name, Map<String, Object> variables) {
    return client().newBroadcastSignalCommand().signalName(name).variables(variables).send().join();
  }

  @Test
  void signalStartCreatesAnInstanceOfEveryListeningProcessWithTheVariables() {
    deploy(Bpmn.createExecutableProcess("recall_a").startEvent("Start_Recall").signal("product-recall")
        .userTask("Task_Check", u -> u.zeebeUserTask()).endEvent().done());
    deploy(Bpmn.createExecutableProcess("recall_b").startEvent().signal("product-recall").userTask("Task_Check", u -> u.zeebeUserTask())
        .endEvent().done());
    BroadcastSignalResponse response = broadcast("product-recall", Map.of("product", "P-7"));
    assertThat(response.getKey()).isPositive();
    assertThat(instancesOf("recall_a")).singleElement()
        .satisfies(i -> assertThat(rootVariables(i.getProcessInstanceKey())).containsEntry("product", "\"P-7\""));
    assertThat(instancesOf("recall_b")).hasSize(1);
    broadcast("something-else", Map.of());
    assertThat(instancesOf("recall_a")).hasSize(1);
  }

  @Test
  void signalCatchEventCompletesInEveryWaitingInstance() {
    deploy(Bpmn.createExecutableProcess("await_go").startEvent()
        .intermediateCatchEvent("Event_Go", e -> e.signal("go")).endEvent("End").done());
    long first = start("await_go", Map.of());
    long second = start("await_go", Map.of());
    assertThat(activeElements(first)).containsExactly("Event_Go");
    broadcast("go", Map.of("decision", "approved"));
    assertThat(state(first)).isEqualTo("COMPLETED");
    assertThat(state(second)).isEqualTo("COMPLETED");
    assertThat(rootVariables(first)).containsEntry("decision", "\"approved\"");
    long later = start("await_go", Map.of());
    assertThat(activeElements(later)).as("a signal is not buffered").containsExactly("Event_Go");
  }

  @Test
  void interruptingAndNonInterruptingSignalBoundaries() {
    deploy(Bpmn.createExecutableProcess("watched").startEvent()
        .userTask("Task_Work", u -> u.zeebeUserTask()).endEvent("End_Done")
        .moveToActivity("Task_Work").boundaryEvent("Boundary_Notice", b -> b.signal("notice").cancelActivity(false))
        .endEvent("End_Noticed")
        .moveToActivity("Task_Work").boundaryEvent("Boundary_Stop", b -> b.signal("stop"))
        .endEvent("End_Stopped")
        .done());
    long pi = start("watched", Map.of());
    broadcast("notice", Map.of());
    broadcast("notice", Map.of());
    assertThat(activeElements(pi)).containsExactly("Task_Work");
    assertThat(completedElements(pi).stream().filter("End_Noticed"::equals).count()).isEqualTo(2);
    broadcast("stop", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Boundary_Stop", "End_Stopped").doesNotContain("End_Done");
    assertThat(userTasks(pi)).singleElement().satisfies(t -> assertThat(t.getState().name()).isEqualTo("CANCELED"));
  }

  @Test
  void signalEventSubprocessInterruptsTheProcess() {
    deploy(Bpmn.createExecutableProcess("suspendable")
        .eventSubProcess("EventSubProcess_Suspend", s -> s.startEvent("Start_Suspend").signal("suspend-all").interrupting(true)
            .endEvent("End_Suspended"))
        .startEvent().userTask("Task_Work", u -> u.zeebeUserTask()).endEvent("End_Done")
        .done());
    long pi = start("suspendable", Map.of());
    broadcast("suspend-all", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Start_Suspend", "End_Suspended").doesNotContain("End_Done");
  }

  @Test
  void nonInterruptingSignalEventSubprocessRunsForEachBroadcast() {
    deploy(Bpmn.createExecutableProcess("notified")
        .eventSubProcess("EventSubProcess_Notice", s -> s.startEvent("Start_Notice").signal("rules-changed").interrupting(false)
            .endEvent("End_Noted"))
        .startEvent().userTask("Task_Work", u -> u.zeebeUserTask()).endEvent("End_Done")
        .done());
    long pi = start("notified", Map.of());
    broadcast("rules-changed", Map.of());
    broadcast("rules-changed", Map.of());
    assertThat(activeElements(pi)).containsExactly("Task_Work");
    assertThat(completedElements(pi).stream().filter("End_Noted"::equals).count()).isEqualTo(2);
  }

  @Test
  void signalSubscriptionsAndSignalStartsSurviveAKill() {
    deploy(Bpmn.createExecutableProcess("await_go").startEvent()
        .intermediateCatchEvent("Event_Go", e -> e.signal("go")).endEvent().done());
    deploy(Bpmn.createExecutableProcess("on_go").startEvent().signal("go").endEvent().done());
    long pi = start("await_go", Map.of());
    env.restart(env.startOnSameData()); // old one abandoned, as by kill -9
    broadcast("go", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(instancesOf("on_go")).hasSize(1);
  }

  @Test
  void eventBasedGatewayWithASignal() {
    deploy(Bpmn.createExecutableProcess("race_signal").startEvent()
        .eventBasedGateway("Gateway_Race")
        .intermediateCatchEvent("Event_Signal", e -> e.signal("go")).endEvent("End_Signal")
        .moveToNode("Gateway_Race").intermediateCatchEvent("Event_Timeout", e -> e.timerWithDuration("P1D")).endEvent("End_Timeout")
        .done());
    long pi = start("race_signal", Map.of());
    broadcast("go", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Event_Signal", "End_Signal").doesNotContain("Event_Timeout");
  }

  @Test
  void signalThrowEventTriggersOtherInstancesWithItsInputVariables() {
    deploy(Bpmn.createExecutableProcess("listener").startEvent()
        .intermediateCatchEvent("Event_Wait", e -> e.signal("= \"case-closed-\" + caseId")).endEvent().done());
    deploy(Bpmn.createExecutableProcess("closer").startEvent()
        .intermediateThrowEvent("Event_Announce", e -> e.signal("= \"case-closed-\" + caseId").zeebeInputExpression("reason", "reason"))
        .endEvent("End_Signal", e -> e.signal("all-done")).done());
    deploy(Bpmn.createExecutableProcess("done_listener").startEvent().signal("all-done").endEvent().done());
    long listener = start("listener", Map.of("caseId", "C-1"));
    long unrelated = start("listener", Map.of("caseId", "C-2"));
    start("closer", Map.of("caseId", "C-1", "reason", "withdrawn"));
    assertThat(state(listener)).isEqualTo("COMPLETED");
    assertThat(rootVariables(listener)).containsEntry("reason", "\"withdrawn\"");
    assertThat(state(unrelated)).isEqualTo("ACTIVE");
    assertThat(instancesOf("done_listener")).hasSize(1);
  }

  @Test
  void broadcastOverGrpcAndRawRest() throws Exception {
    deploy(Bpmn.createExecutableProcess("await_grpc").startEvent()
        .intermediateCatchEvent("Event_Go", e -> e.signal("go-grpc")).endEvent().done());
    long pi = start("await_grpc", Map.of());
    try (CamundaClient grpc = CamundaClient.newClientBuilder().restAddress(env.engine().restAddress())
        .grpcAddress(env.engine().grpcAddress()).preferRestOverGrpc(false).build()) {
      BroadcastSignalResponse response = grpc.newBroadcastSignalCommand().signalName("go-grpc").variables(Map.of("via", "grpc")).send().join();
      assertThat(response.getKey()).isPositive();
      assertThat(response.getTenantId()).isEqualTo("<default>");
    }
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("via", "\"grpc\"");
    HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/signals/broadcast"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"signalName\":\"nobody\",\"variables\":{}}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).contains("\"signalKey\":\"").contains("\"tenantId\":\"<default>\"");
    assertThatThrownBy(() -> client().newBroadcastSignalCommand().signalName("").send().join()).isInstanceOf(ProblemException.class);
  }
}
