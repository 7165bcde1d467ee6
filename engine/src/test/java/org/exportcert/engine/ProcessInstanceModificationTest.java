package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Process instance modification (REST {@code /v2/process-instances/{key}/modification}, gRPC
 * ModifyProcessInstance) with the unchanged client: activate and terminate instructions, variable
 * instructions, ancestor selection and Zeebe's rejections.
 */
class ProcessInstanceModificationTest extends EngineTestBase {

  private static final BpmnModelInstance TWO_STEPS = Bpmn.createExecutableProcess("two-steps").startEvent("start")
      .serviceTask("A", t -> t.zeebeJobType("a")).serviceTask("B", t -> t.zeebeJobType("b")).endEvent().done();

  private static final BpmnModelInstance WITH_SUBPROCESS = Bpmn.createExecutableProcess("with-sub").startEvent()
      .serviceTask("prepare", t -> t.zeebeJobType("prepare"))
      .subProcess("sub", s -> s.embeddedSubProcess().startEvent().serviceTask("inner", t -> t.zeebeJobType("inner")).endEvent())
      .endEvent().done();

  private static final BpmnModelInstance MULTI = Bpmn.createExecutableProcess("multi").startEvent()
      .serviceTask("first", t -> t.zeebeJobType("first"))
      .subProcess("each", s -> s.multiInstance(m -> m.parallel().zeebeInputCollectionExpression("items").zeebeInputElement("item"))
          .embeddedSubProcess().startEvent().serviceTask("check", t -> t.zeebeJobType("check")).endEvent())
      .endEvent().done();

  private List<ElementInstance> active(long pi, String elementId) {
    return client().newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(pi).elementId(elementId).state(ElementInstanceState.ACTIVE)).send().join().items();
  }

  private long activeKey(long pi, String elementId) {
    List<ElementInstance> instances = active(pi, elementId);
    assertThat(instances).hasSize(1);
    return instances.get(0).getElementInstanceKey();
  }

  @Test
  void activateTheNextStepAndTerminateTheCurrentOne() {
    deploy(TWO_STEPS);
    long pi = start("two-steps", Map.of());
    long a = activeKey(pi, "A");

    client().newModifyProcessInstanceCommand(pi).activateElement("B").and().terminateElement(a).send().join();

    assertThat(activate("a", 5)).isEmpty();
    ActivatedJob b = activateOne("b");
    assertThat(active(pi, "A")).isEmpty();
    client().newCompleteCommand(b).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void variableInstructionsGoToTheGlobalScopeAndToACreatedSubprocess() {
    deploy(WITH_SUBPROCESS);
    long pi = start("with-sub", Map.of("caseId", "C-7"));
    long prepare = activeKey(pi, "prepare");

    client().newModifyProcessInstanceCommand(pi)
        .activateElement("inner").withVariables(Map.of("reviewer", "li"), "sub").withVariables(Map.of("skipped", true))
        .and().terminateElement(prepare).send().join();

    ActivatedJob inner = activateOne("inner");
    assertThat(inner.getVariablesAsMap()).containsEntry("reviewer", "li").containsEntry("skipped", true).containsEntry("caseId", "C-7");
    assertThat(rootVariables(pi)).containsEntry("skipped", "true").doesNotContainKey("reviewer");
    long sub = activeKey(pi, "sub");
    assertThat(client().newVariableSearchRequest().filter(f -> f.scopeKey(sub)).send().join().items())
        .extracting(v -> v.getName()).containsExactly("reviewer");
    // the created subprocess completes normally and the process goes on
    client().newCompleteCommand(inner).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void ancestorSelectionCreatesANewFlowScopeInstance() {
    deploy(WITH_SUBPROCESS);
    long pi = start("with-sub", Map.of());
    client().newCompleteCommand(activateOne("prepare")).send().join();
    long sub = activeKey(pi, "sub");

    // without an ancestor: the element goes into the one active subprocess instance
    client().newModifyProcessInstanceCommand(pi).activateElement("inner").send().join();
    assertThat(active(pi, "inner")).hasSize(2);
    assertThat(active(pi, "sub")).extracting(ElementInstance::getElementInstanceKey).containsExactly(sub);

    // the process instance as ancestor: a second subprocess instance around the element
    client().newModifyProcessInstanceCommand(pi).activateElement("inner", pi).send().join();
    assertThat(active(pi, "sub")).hasSize(2);
    assertThat(active(pi, "inner")).hasSize(3);

    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("inner").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("more than one active instance: 'sub'");
        });
    long innerKey = active(pi, "inner").get(0).getElementInstanceKey();
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("inner", innerKey).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("not an ancestor"));
  }

  @Test
  void terminatingTheLastActiveElementTerminatesTheInstance() {
    deploy(WITH_SUBPROCESS);
    long pi = start("with-sub", Map.of());
    client().newCompleteCommand(activateOne("prepare")).send().join();

    client().newModifyProcessInstanceCommand(pi).terminateElement(activeKey(pi, "inner")).send().join();

    assertThat(state(pi)).isEqualTo("TERMINATED");
    assertThat(client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(pi).elementId("sub")).send().join()
        .items()).singleElement().satisfies(e -> assertThat(e.getState()).isEqualTo(ElementInstanceState.TERMINATED));
  }

  @Test
  void rejectionsLeaveTheInstanceUnchanged() {
    deploy(TWO_STEPS);
    deploy(MULTI);
    long pi = start("two-steps", Map.of());
    long multi = start("multi", Map.of("items", List.of(1, 2)));
    client().newCompleteCommand(activateOne("first")).send().join(); // two inner instances of 'each' now

    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("nope").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("with an element that could not be found: 'nope'");
        });
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("start").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("type 'START_EVENT' is not supported"));
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).terminateElement(123L).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("could not be found: '123'"));
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("B").withVariables(Map.of("x", 1), "A").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("doesn't belong to the activating element's flow scope"));
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(multi).activateElement("check").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("more than one active instance: 'each'"));
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(12345L).activateElement("B").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));

    assertThat(activeElements(pi)).containsExactly("A");

    client().newCancelInstanceCommand(pi).send().join();
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("B").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void activatingInsideAMultiInstanceBodyWithoutAnInnerInstanceIsRefused() {
    deploy(MULTI);
    long pi = start("multi", Map.of("items", List.of(1, 2)));

    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("check").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("multi-instance element 'each'");
        });
    // the multi-instance activity itself can be activated: its body starts an inner instance per item
    client().newModifyProcessInstanceCommand(pi).activateElement("each").and().terminateElement(activeKey(pi, "first")).send().join();
    assertThat(activate("check", 10)).hasSize(2);
  }

  @Test
  void malformedOrOversizedRequestsAreRejectedAs400() throws Exception {
    deploy(TWO_STEPS);
    long pi = start("two-steps", Map.of());
    HttpClient http = HttpClient.newHttpClient();
    String tooMany = "{\"terminateInstructions\":[" + String.join(",", java.util.Collections.nCopies(1001, "{\"elementInstanceKey\":\"1\"}")) + "]}";
    for (String body : List.of(tooMany,
        "{\"activateInstructions\":[{\"elementId\":\"B\",\"variableInstructions\":[{\"variables\":[1]}]}]}",
        "{\"activateInstructions\":[{\"elementId\":\"B\",\"ancestorElementInstanceKey\":\"abc\"}]}",
        "{\"activateInstructions\":[{}]}",
        "{\"terminateInstructions\":[{\"elementInstanceKey\":null}]}",
        "[]")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/process-instances/" + pi + "/modification"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(body.length() > 200 ? "1001 instructions" : body).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
    assertThat(activeElements(pi)).containsExactly("A");
  }

  @Test
  void grpcModifiesAndRejectsLikeRest() {
    deploy(TWO_STEPS);
    long pi = start("two-steps", Map.of());
    long a = activeKey(pi, "A");
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      grpc.newModifyProcessInstanceCommand(pi).activateElement("B").withVariable("note", "moved").and().terminateElement(a).send().join();

      assertThat(activateOne("b").getVariablesAsMap()).containsEntry("note", "moved");
      assertThatThrownBy(() -> grpc.newModifyProcessInstanceCommand(pi).activateElement("nope").send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
      assertThatThrownBy(() -> grpc.newModifyProcessInstanceCommand(1L).activateElement("B").send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void modificationSurvivesACrash() {
    deploy(TWO_STEPS);
    long pi = start("two-steps", Map.of());
    client().newModifyProcessInstanceCommand(pi).activateElement("B").and().terminateElement(activeKey(pi, "A")).send().join();

    // abandon the engine as kill -9 would, then open the same data directory
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));

    assertThat(activeElements(pi)).containsExactly("B");
    client().newCompleteCommand(activateOne("b")).send().join();
    awaitState(pi, "COMPLETED");
  }
}
