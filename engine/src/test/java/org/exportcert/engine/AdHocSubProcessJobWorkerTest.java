package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job-worker-controlled ad-hoc subprocess of Camunda 8.8 (what AI agent connectors use): one job
 * at a time carrying the activatable elements; the job result activates elements or fulfils the
 * completion; every finished inner flow replaces the job.
 */
class AdHocSubProcessJobWorkerTest extends EngineTestBase {

  static final String TOOLS = """
      <bpmn:serviceTask id="lookup" name="Look up">
        <bpmn:documentation>Searches the register</bpmn:documentation>
        <bpmn:extensionElements>
          <zeebe:taskDefinition type="lookup"/>
          <zeebe:properties><zeebe:property name="category" value="search"/></zeebe:properties>
          <zeebe:ioMapping>
            <zeebe:input source="=fromAi(toolCall.query, &quot;the search words&quot;, &quot;string&quot;)" target="query"/>
          </zeebe:ioMapping>
        </bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:scriptTask id="clock" name="Clock">
        <bpmn:extensionElements><zeebe:script expression="=&quot;noon&quot;" resultVariable="toolCallResult"/></bpmn:extensionElements>
      </bpmn:scriptTask>
      """;

  static final String MODEL = AdHocSubProcessTest.model("",
      "<zeebe:taskDefinition type=\"agent\" retries=\"2\"/>"
          + "<zeebe:adHoc outputCollection=\"toolCallResults\" outputElement=\"={id: toolCallId, result: toolCallResult}\"/>",
      TOOLS, null);

  long startAgent() {
    client().newDeployResourceCommand().addResourceStringUtf8(MODEL, "agent.bpmn").send().join();
    return start("adhoc", Map.of("prompt", "find tea"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theJobCarriesTheActivatableElementsAndItsResultActivatesThemWithVariables() {
    long pi = startAgent();
    ActivatedJob agent = activateOne("agent");
    assertThat(agent.getKind().name()).isEqualTo("AD_HOC_SUB_PROCESS");
    assertThat(agent.getElementId()).isEqualTo("ahsp");
    List<Map<String, Object>> elements = (List<Map<String, Object>>) agent.getVariablesAsMap().get("adHocSubProcessElements");
    assertThat(elements).extracting(e -> e.get("elementId")).containsExactly("lookup", "clock");
    Map<String, Object> lookup = elements.get(0);
    assertThat(lookup).containsEntry("elementName", "Look up").containsEntry("documentation", "Searches the register")
        .containsEntry("properties", Map.of("category", "search"));
    assertThat((List<Map<String, Object>>) lookup.get("parameters")).singleElement()
        .satisfies(p -> assertThat(p).containsEntry("name", "query").containsEntry("description", "the search words")
            .containsEntry("type", "string"));

    client().newCompleteCommand(agent).variables(Map.of("agent", Map.of("step", 1)))
        .withResult(r -> r.forAdHocSubProcess().activateElement("lookup")
            .variables(Map.of("toolCall", Map.of("query", "tea"), "toolCallId", "1")))
        .send().join();
    ActivatedJob tool = activateOne("lookup");
    assertThat(tool.getVariablesAsMap()).as("fromAi returns its value").containsEntry("query", "tea");
    assertThat(activate("agent", 1)).as("no agent job while its tools run").isEmpty();

    client().newCompleteCommand(tool).variables(Map.of("toolCallResult", "found")).send().join();
    ActivatedJob next = activateOne("agent");
    assertThat(next.getVariablesAsMap()).containsEntry("agent", Map.of("step", 1))
        .containsEntry("toolCallResults", List.of(Map.of("id", "1", "result", "found")));

    client().newCompleteCommand(next).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("toolCallResults", "[{\"id\":\"1\",\"result\":\"found\"}]")
        .containsEntry("agent", "{\"step\":1}");
  }

  @Test
  void everyFinishedFlowReplacesTheJobSoAnOlderJobIsGone() {
    long pi = startAgent();
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().activateElement("lookup").variables(Map.of("toolCallId", "1"))
            .activateElement("clock").variables(Map.of("toolCallId", "2")))
        .send().join();
    ActivatedJob afterClock = activateOne("agent"); // the script finished at once: a new job
    client().newCompleteCommand(activateOne("lookup")).variables(Map.of("toolCallResult", "found")).send().join();
    assertThatThrownBy(() -> client().newCompleteCommand(afterClock).send().join())
        .as("replaced when lookup finished").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    ActivatedJob latest = activateOne("agent");
    assertThat(latest.getVariablesAsMap().get("toolCallResults")).asList().hasSize(2);
    client().newCompleteCommand(latest).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void fulfillingWhileToolsRunCancelsThemOnlyWhenAsked() {
    long pi = startAgent();
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().activateElement("lookup")).send().join();
    // the lookup is still running; a second decision arrives through the activation API's sibling: a new job after a flow
    client().newActivateAdHocSubProcessActivitiesCommand(String.valueOf(adHocKey(pi))).activateElement("clock").send().join();
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true).cancelRemainingInstances(false)).send().join();
    assertThat(state(pi)).as("waits for the running lookup").isEqualTo("ACTIVE");
    client().newCompleteCommand(activateOne("lookup")).send().join();
    awaitState(pi, "COMPLETED");

    long second = start("adhoc", Map.of());
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().activateElement("lookup").activateElement("clock")).send().join();
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true).cancelRemainingInstances(true)).send().join();
    awaitState(second, "COMPLETED");
    assertThat(activate("lookup", 5)).as("the running lookup was terminated with its job").isEmpty();
  }

  @Test
  void resultsZeebeRejectsAreRejectedAndChangeNothing() {
    long pi = startAgent();
    ActivatedJob agent = activateOne("agent");
    assertThatThrownBy(() -> client().newCompleteCommand(agent)
        .withResult(r -> r.forAdHocSubProcess().activateElement("nope")).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> client().newCompleteCommand(agent)
        .withResult(r -> r.forAdHocSubProcess().activateElement("lookup").completionConditionFulfilled(true)).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThat(activeElements(pi)).containsExactly("ahsp");
    client().newCompleteCommand(agent).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void theJobResultWorksOverGrpcToo() {
    long pi = startAgent();
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      ActivatedJob agent = grpc.newActivateJobsCommand().jobType("agent").maxJobsToActivate(1).send().join().getJobs().get(0);
      grpc.newCompleteCommand(agent).withResult(r -> r.forAdHocSubProcess().activateElement("clock")
          .variables(Map.of("toolCallId", "c1"))).send().join();
      ActivatedJob next = grpc.newActivateJobsCommand().jobType("agent").maxJobsToActivate(1).send().join().getJobs().get(0);
      assertThat(next.getVariablesAsMap()).containsEntry("toolCallResults", List.of(Map.of("id", "c1", "result", "noon")));
      assertThatThrownBy(() -> grpc.newCompleteCommand(next).withResult(r -> r.forAdHocSubProcess().activateElement("nope")).send().join())
          .isInstanceOf(ClientStatusException.class);
      grpc.newCompleteCommand(next).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
    }
    awaitState(pi, "COMPLETED");
  }

  long adHocKey(long pi) {
    return client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(pi).elementId("ahsp")).send().join()
        .items().get(0).getElementInstanceKey();
  }
}
