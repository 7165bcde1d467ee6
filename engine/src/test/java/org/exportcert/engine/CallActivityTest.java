package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Call activities: child instances, variable propagation, cancel, incidents and errors across the call. */
class CallActivityTest extends EngineTestBase {

  private static final BpmnModelInstance CHILD =
      Bpmn.createExecutableProcess("child").startEvent().serviceTask("Task_Test", t -> t.zeebeJobType("run-test")).endEvent().done();

  private List<ProcessInstance> children(long parent) {
    return client().newProcessInstanceSearchRequest().filter(f -> f.parentProcessInstanceKey(parent)).send().join().items();
  }

  @Test
  void parentWaitsForChildAndGetsItsVariables() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("parent").startEvent()
        .callActivity("CallActivity_Testing", c -> c.zeebeProcessId("child"))
        .serviceTask("after", t -> t.zeebeJobType("after-call")).endEvent().done());
    long parent = start("parent", Map.of("caseId", "C-1"));
    ActivatedJob job = activateOne("run-test");
    assertThat(job.getVariablesAsMap()).containsEntry("caseId", "C-1");
    ProcessInstance child = children(parent).get(0);
    assertThat(child.getProcessInstanceKey()).isEqualTo(job.getProcessInstanceKey());
    assertThat(child.getParentProcessInstanceKey()).isEqualTo(parent);
    client().newCompleteCommand(job).variables(Map.of("testResult", "passed")).send().join();
    assertThat(activateOne("after-call").getVariablesAsMap()).containsEntry("testResult", "passed");
    assertThat(state(child.getProcessInstanceKey())).isEqualTo("COMPLETED");
  }

  @Test
  void mappingsWithoutPropagation() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("mapped").startEvent()
        .callActivity("call", c -> c.zeebeProcessIdExpression("\"child\"").zeebePropagateAllChildVariables(false)
            .zeebeInputExpression("caseId", "childCase").zeebeOutputExpression("testResult", "result"))
        .serviceTask("after", t -> t.zeebeJobType("after-mapped")).endEvent().done());
    long parent = start("mapped", Map.of("caseId", "C-2"));
    ActivatedJob job = activateOne("run-test");
    assertThat(job.getVariablesAsMap()).containsEntry("childCase", "C-2");
    client().newCompleteCommand(job).variables(Map.of("testResult", "failed", "noise", 1)).send().join();
    assertThat(activateOne("after-mapped").getVariablesAsMap()).containsEntry("result", "failed").doesNotContainKeys("noise", "testResult");
    assertThat(rootVariables(parent)).doesNotContainKey("noise");
  }

  @Test
  void cancellingTheParentCancelsTheChildAndChildrenCannotBeCancelledAlone() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("parent2").startEvent().callActivity("call", c -> c.zeebeProcessId("child")).endEvent().done());
    long parent = start("parent2", Map.of());
    long child = children(parent).get(0).getProcessInstanceKey();
    assertThatThrownBy(() -> client().newCancelInstanceCommand(child).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(409));
    client().newCancelInstanceCommand(parent).send().join();
    assertThat(state(child)).isEqualTo("TERMINATED");
    assertThat(activate("run-test", 1)).isEmpty();
  }

  @Test
  void incidentInTheChildShowsOnTheParentAndMissingProcessIsAnIncident() {
    deploy(Bpmn.createExecutableProcess("parent3").startEvent().callActivity("call", c -> c.zeebeProcessId("child")).endEvent().done());
    long parent = start("parent3", Map.of());
    assertThat(activeIncidents(parent)).singleElement().satisfies(i -> assertThat(i.getErrorType().name()).isEqualTo("CALLED_ELEMENT_ERROR"));
    deploy(CHILD);
    client().newResolveIncidentCommand(activeIncidents(parent).get(0).getIncidentKey()).send().join();
    client().newFailCommand(activateOne("run-test")).retries(0).errorMessage("lab down").send().join();
    assertThat(instance(parent).getHasIncident()).isTrue();
  }

  @Test
  void boundaryErrorOnTheCallActivityCatchesTheChildsError() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("parent4").startEvent()
        .callActivity("CallActivity_Testing", c -> c.zeebeProcessId("child")).endEvent("End_Passed")
        .moveToActivity("CallActivity_Testing").boundaryEvent("Boundary_TestFailed", b -> b.error("TEST_FAILED")).endEvent("End_Failed")
        .done());
    long parent = start("parent4", Map.of());
    ActivatedJob job = activateOne("run-test");
    client().newThrowErrorCommand(job).errorCode("TEST_FAILED").send().join();
    assertThat(state(parent)).isEqualTo("COMPLETED");
    assertThat(completedElements(parent)).contains("End_Failed");
    assertThat(state(job.getProcessInstanceKey())).isEqualTo("TERMINATED");
  }

  /**
   * Camunda 8.8's results name a called instance's parent (process instance and call activity) and
   * carry no {@code rootProcessInstanceKey} (an 8.9 field): every entity of a child instance, live
   * and after the hierarchy finished and moved to the history store.
   */
  @Test
  void childEntitiesCarryTheirOwnInstanceAndNoRootKeyLiveAndFinished() throws Exception {
    deploy(Bpmn.createExecutableProcess("child-all").startEvent().parallelGateway("fork")
        .userTask("approve", u -> u.zeebeUserTask()).parallelGateway("join").endEvent()
        .moveToNode("fork").intermediateCatchEvent("paid", e -> e.message(m -> m.name("paid").zeebeCorrelationKeyExpression("orderId")))
        .connectTo("join")
        .moveToNode("fork").serviceTask("charge", t -> t.zeebeJobType("charge-all")).connectTo("join").done());
    deploy(Bpmn.createExecutableProcess("parent-all").startEvent().callActivity("call", c -> c.zeebeProcessId("child-all")).endEvent().done());
    long parent = start("parent-all", Map.of("orderId", "O-1"));
    long child = children(parent).get(0).getProcessInstanceKey();
    long call = rest("/v2/element-instances/search", "{\"filter\":{\"processInstanceKey\":\"" + parent + "\",\"elementId\":\"call\"}}")
        .path("items").get(0).path("elementInstanceKey").asLong();

    JsonNode activated = rest("/v2/jobs/activation", "{\"type\":\"charge-all\",\"maxJobsToActivate\":1,\"timeout\":60000,\"worker\":\"w\"}")
        .path("jobs").get(0);
    assertOwnInstanceOnly(activated, child);
    long job = activated.path("jobKey").asLong();
    client().newFailCommand(job).retries(0).errorMessage("card declined").send().join();
    assertChildEntities(parent, call, child, "live");

    client().newUpdateRetriesCommand(job).retries(1).send().join();
    client().newResolveIncidentCommand(activeIncidents(child).get(0).getIncidentKey()).send().join();
    client().newCompleteCommand(activateOne("charge-all")).send().join();
    client().newCorrelateMessageCommand().messageName("paid").correlationKey("O-1").send().join();
    client().newCompleteUserTaskCommand(userTasks(child).get(0).getUserTaskKey()).send().join();
    assertThat(state(parent)).isEqualTo("COMPLETED");
    assertThat(env.engine().processor().query(s -> com.fasterxml.jackson.databind.node.IntNode.valueOf(s.processInstances.size()))
        .join().asInt()).as("the finished hierarchy left the live state").isZero();
    assertChildEntities(parent, call, child, "finished");
  }

  private void assertChildEntities(long parent, long call, long child, String when) throws Exception {
    JsonNode instance = rest("/v2/process-instances/search", "{\"filter\":{\"processInstanceKey\":\"" + child + "\"}}").path("items").get(0);
    assertThat(instance.path("parentProcessInstanceKey").asText()).as(when).isEqualTo(String.valueOf(parent));
    assertThat(instance.path("parentElementInstanceKey").asText()).as(when).isEqualTo(String.valueOf(call));
    assertOwnInstanceOnly(instance, child);
    for (String entity : List.of("element-instances", "variables", "jobs", "user-tasks", "incidents", "message-subscriptions")) {
      JsonNode items = rest("/v2/" + entity + "/search", "{\"filter\":{\"processInstanceKey\":\"" + child + "\"}}").path("items");
      assertThat(items).as(when + " " + entity).isNotEmpty();
      items.forEach(item -> assertOwnInstanceOnly(item, child));
    }
  }

  private static void assertOwnInstanceOnly(JsonNode item, long child) {
    assertThat(item.path("processInstanceKey").asText()).as(item.toString()).isEqualTo(String.valueOf(child));
    assertThat(item.has("rootProcessInstanceKey")).as(item.toString()).isFalse();
  }

  private JsonNode rest(String path, String body) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(env.engine().restAddress() + path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
