package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 14, defect 1: on the application's local stack nobody reaches past ExportCert through the
 * engine port. Without the engine's credentials a user task can be neither searched nor completed,
 * no model deployed and no instance cancelled, on REST or gRPC; the application's own client
 * works with the generated secret, which is owner-only in the data directory.
 */
@SpringBootTest(
    properties = {
      "exportcert.data-dir=target/test-data/EnginePortAuthenticationTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.workers.enabled=false"
    })
class EnginePortAuthenticationTest {

  static {
    TestDataDirectories.fresh("EnginePortAuthenticationTest");
  }

  @Autowired CamundaClient camunda;
  private final HttpClient http = HttpClient.newHttpClient();

  private int post(String path, String body, String contentType) throws Exception {
    URI uri = URI.create(camunda.getConfiguration().getRestAddress().toString().replaceAll("/$", "") + path);
    return http.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void withoutCredentialsNoTaskIsSearchedOrCompletedNoModelDeployedAndNoInstanceCancelled() throws Exception {
    camunda.newDeployResourceCommand().addProcessModel(
        Bpmn.createExecutableProcess("engine-port-probe").startEvent()
            .userTask("decide", u -> u.zeebeUserTask()).endEvent().done(), "engine-port-probe.bpmn")
        .send().join();
    long instance = camunda.newCreateInstanceCommand().bpmnProcessId("engine-port-probe").latestVersion()
        .send().join().getProcessInstanceKey();
    long task = Awaitility.await().atMost(Duration.ofSeconds(20)).until(
        () -> camunda.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join().items(),
        items -> items.size() == 1).get(0).getUserTaskKey();

    assertThat(post("/v2/user-tasks/search", "{}", "application/json")).isEqualTo(401);
    assertThat(post("/v2/user-tasks/" + task + "/completion", "{\"variables\":{\"decisionOutcome\":\"GRANT\"}}",
        "application/json")).isEqualTo(401);
    assertThat(post("/v2/process-instances/" + instance + "/cancellation", "{}", "application/json")).isEqualTo(401);
    assertThat(post("/v2/deployments", "--x--\r\n", "multipart/form-data; boundary=x")).isEqualTo(401);

    try (CamundaClient anonymous = CamundaClient.newClientBuilder()
        .restAddress(camunda.getConfiguration().getRestAddress())
        .grpcAddress(camunda.getConfiguration().getGrpcAddress())
        .preferRestOverGrpc(false).build()) {
      for (Runnable call : List.<Runnable>of(
          () -> anonymous.newCancelInstanceCommand(instance).send().join(),
          () -> anonymous.newDeployResourceCommand().addProcessModel(
              Bpmn.createExecutableProcess("intruder").startEvent().endEvent().done(), "intruder.bpmn").send().join(),
          () -> anonymous.newActivateJobsCommand().jobType("any").maxJobsToActivate(1).send().join(),
          () -> anonymous.newTopologyRequest().send().join())) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClientStatusException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      }
    }

    // nothing happened: the task is still open, the instance active, no intruder deployed
    assertThat(camunda.newUserTaskGetRequest(task).send().join().getState()).isEqualTo(UserTaskState.CREATED);
    assertThat(camunda.newProcessInstanceGetRequest(instance).send().join().getState().name()).isEqualTo("ACTIVE");
    assertThat(camunda.newProcessDefinitionSearchRequest().filter(f -> f.processDefinitionId("intruder"))
        .send().join().items()).isEmpty();
    camunda.newCancelInstanceCommand(instance).send().join();
  }

  @Test
  void theGeneratedSecretIsOwnerOnlyInTheEngineDataDirectory() throws Exception {
    Path file = Path.of("target/test-data/EnginePortAuthenticationTest/engine/client-credentials.properties");
    assertThat(file).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}
