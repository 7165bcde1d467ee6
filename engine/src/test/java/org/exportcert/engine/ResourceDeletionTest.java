package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resource deletion (REST {@code POST /v2/resources/{key}/deletion}, gRPC DeleteResource) with the
 * unchanged client: Zeebe's rules for running instances, unknown keys, versions and start events.
 */
class ResourceDeletionTest extends EngineTestBase {

  private static BpmnModelInstance waiting(String id, String task) {
    return Bpmn.createExecutableProcess(id).startEvent().serviceTask(task, t -> t.zeebeJobType(task)).endEvent().done();
  }

  private static final String FORM = """
      {"id":"review-form","type":"default","components":[{"key":"ok","type":"checkbox","label":"OK"}]}""";

  @Test
  void processWithRunningInstanceIsRefusedThenDeletedAndCannotStart() {
    long key = deploy(waiting("doomed", "work"));
    long pi = start("doomed", Map.of());

    assertThatThrownBy(() -> client().newDeleteResourceCommand(key).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.details().getTitle()).isEqualTo("INVALID_STATE");
          assertThat(e.details().getDetail()).contains("`" + key + "` but there are still running instances");
        });
    assertThat(client().newProcessDefinitionGetRequest(key).send().join().getProcessDefinitionId()).isEqualTo("doomed");

    client().newCancelInstanceCommand(pi).send().join();
    client().newDeleteResourceCommand(key).send().join();

    assertThat(client().newProcessDefinitionSearchRequest().filter(f -> f.processDefinitionId("doomed")).send().join().items()).isEmpty();
    assertThatThrownBy(() -> client().newProcessDefinitionGetRequest(key).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> start("doomed", Map.of()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    // the finished instance keeps its history
    assertThat(state(pi)).isEqualTo("TERMINATED");
    // deleted twice: not found, as Zeebe answers
    assertThatThrownBy(() -> client().newDeleteResourceCommand(key).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(404);
          assertThat(e.details().getDetail()).contains("no resource found with key `" + key + "`");
        });
  }

  @Test
  void deletingTheLatestVersionMakesThePreviousOneLatestAndVersionsAreNotReused() {
    long v1 = deploy(waiting("versions", "one"));
    long v2 = deploy(waiting("versions", "two"));

    client().newDeleteResourceCommand(v2).send().join();

    long pi = start("versions", Map.of());
    assertThat(instance(pi).getProcessDefinitionKey()).isEqualTo(v1);
    assertThat(activateOne("one").getProcessInstanceKey()).isEqualTo(pi);
    long v3 = deploy(waiting("versions", "three"));
    assertThat(client().newProcessDefinitionGetRequest(v3).send().join().getVersion()).isEqualTo(3);
    assertThatThrownBy(() -> client().newCreateInstanceCommand().bpmnProcessId("versions").version(2).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void timerStartFollowsTheLatestRemainingVersion() throws Exception {
    BpmnModelInstance hourly = Bpmn.createExecutableProcess("hourly").startEvent().timerWithCycle("R/PT1H")
        .serviceTask("tick", t -> t.zeebeJobType("tick")).endEvent().done();
    long v1 = deploy(hourly);
    long v2 = deploy(waiting("hourly", "manual")); // no timer start: v1's timer closes

    client().newDeleteResourceCommand(v2).send().join(); // v1 is latest again: its timer opens
    advanceClock(Duration.ofMinutes(61));
    assertThat(activateOne("tick").getProcessDefinitionKey()).isEqualTo(v1);

    deploy(waiting("other", "x"));
    client().newCancelInstanceCommand(client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionKey(v1))
        .send().join().items().get(0).getProcessInstanceKey()).send().join();
    client().newDeleteResourceCommand(v1).send().join(); // the only version: no timer any more
    advanceClock(Duration.ofHours(3));
    assertThat(activate("tick", 10)).isEmpty();
    assertThat(client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId("hourly")).send().join().items()).hasSize(1);
  }

  private void advanceClock(Duration duration) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/actuator/clock/add"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + duration.toMillis() + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void decisionRequirementsAreDeletedWithTheirDecisions() {
    DeploymentEvent deployment = client().newDeployResourceCommand().addResourceFromClasspath("dmn/certification-rules.dmn").send().join();
    long drgKey = deployment.getDecisionRequirements().get(0).getDecisionRequirementsKey();
    assertThat(client().newDecisionDefinitionSearchRequest().send().join().items()).isNotEmpty();

    client().newDeleteResourceCommand(drgKey).send().join();

    assertThat(client().newDecisionDefinitionSearchRequest().send().join().items()).isEmpty();
    assertThat(client().newDecisionRequirementsSearchRequest().send().join().items()).isEmpty();
    assertThatThrownBy(() -> client().newEvaluateDecisionCommand().decisionId("fee").variables(Map.of("tier", "gold")).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void deletedFormIsNoLongerFoundByAUserTask() {
    long formKey = client().newDeployResourceCommand().addResourceBytes(FORM.getBytes(StandardCharsets.UTF_8), "review.form")
        .send().join().getForm().get(0).getFormKey();
    deploy(Bpmn.createExecutableProcess("reviewing").startEvent()
        .userTask("review", u -> u.zeebeUserTask().zeebeFormId("review-form")).endEvent().done());

    client().newDeleteResourceCommand(formKey).send().join();

    long pi = start("reviewing", Map.of());
    assertThat(activeIncidents(pi)).singleElement().satisfies(i -> assertThat(i.getErrorType().name()).isEqualTo("FORM_NOT_FOUND"));
  }

  @Test
  void grpcDeletesAndRejectsLikeRest() {
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      long key = grpc.newDeployResourceCommand().addProcessModel(waiting("over-grpc", "work"), "over-grpc.bpmn").send().join()
          .getProcesses().get(0).getProcessDefinitionKey();
      long pi = grpc.newCreateInstanceCommand().bpmnProcessId("over-grpc").latestVersion().send().join().getProcessInstanceKey();

      assertThatThrownBy(() -> grpc.newDeleteResourceCommand(key).send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getMessage()).contains("there are still running instances");
          });
      grpc.newCancelInstanceCommand(pi).send().join();
      grpc.newDeleteResourceCommand(key).send().join();

      assertThatThrownBy(() -> grpc.newCreateInstanceCommand().bpmnProcessId("over-grpc").latestVersion().send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
      assertThatThrownBy(() -> grpc.newDeleteResourceCommand(key).send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void deletionSurvivesACrash() {
    long key = deploy(waiting("gone", "work"));
    client().newDeleteResourceCommand(key).send().join();

    // abandon the engine as kill -9 would, then open the same data directory
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));

    assertThat(client().newProcessDefinitionSearchRequest().send().join().items()).isEmpty();
    long again = deploy(waiting("gone", "work"));
    assertThat(client().newProcessDefinitionGetRequest(again).send().join().getVersion()).isEqualTo(2);
  }
}
