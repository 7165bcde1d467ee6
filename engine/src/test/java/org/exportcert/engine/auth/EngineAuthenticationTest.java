package org.exportcert.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.engine.runtime.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine a real start uses requires credentials on both ports: without them no search,
 * completion, deployment, cancellation or purge happens, and the generated secret is owner-only
 * and survives a restart.
 */
class EngineAuthenticationTest {

  @TempDir Path dataDirectory;
  private final HttpClient http = HttpClient.newHttpClient();
  private ExportCertEngine engine;

  @BeforeEach
  void start() {
    engine = ExportCertEngine.start(EngineConfig.of(0, dataDirectory));
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.restAddress() + path))
        .method(method, HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private CredentialsProvider basic(String username, String password) {
    return CredentialsProvider.newBasicAuthCredentialsProviderBuilder().username(username).password(password).build();
  }

  @Test
  void restRefusesEveryDataCallWithoutValidCredentialsAsProblemJson() throws Exception {
    String wrong = "Basic " + Base64.getEncoder().encodeToString("exportcert:not-the-secret-123".getBytes(StandardCharsets.UTF_8));
    List<String[]> calls = List.of(
        new String[] {"POST", "/v2/user-tasks/search"},
        new String[] {"POST", "/v2/user-tasks/2251799813685249/completion"},
        new String[] {"POST", "/v2/deployments"},
        new String[] {"POST", "/v2/process-instances/2251799813685249/cancellation"},
        new String[] {"POST", "/v2/variables/search"},
        new String[] {"POST", "/actuator/cluster/purge"},
        new String[] {"POST", "/actuator/clock/add"});
    for (String[] call : calls) {
      for (String authorization : new String[] {null, wrong, "Bearer abc.def.ghi", "Digest x"}) {
        HttpResponse<String> response = send(call[0], call[1], authorization);
        assertThat(response.statusCode()).as(call[0] + " " + call[1] + " with " + authorization).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        JsonNode problem = Json.read(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:exportcert:problem:unauthenticated");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("instance").asText()).isEqualTo(call[1]);
      }
    }
    // the right credentials pass the check (and then meet the API's own answers)
    assertThat(send("POST", "/v2/user-tasks/search", engine.credentials().authorizationHeader()).statusCode()).isEqualTo(200);
  }

  @Test
  void probesAndTheClusterShapeStayPublic() throws Exception {
    assertThat(send("GET", "/v2/status", null).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/v2/topology", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/actuator/clock", null).statusCode()).isEqualTo(401);
    assertThat(engine.managementAddress()).as("no unauthenticated management port unless asked for").isNull();
  }

  @Test
  void grpcRefusesCallsWithoutValidCredentials() {
    var model = Bpmn.createExecutableProcess("p").startEvent().userTask("t", u -> u.zeebeUserTask()).endEvent().done();
    for (CredentialsProvider credentials : new CredentialsProvider[] {null, basic("exportcert", "not-the-secret-123")}) {
      var builder = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
          .grpcAddress(engine.grpcAddress()).preferRestOverGrpc(false);
      if (credentials != null) {
        builder.credentialsProvider(credentials);
      }
      try (CamundaClient client = builder.build()) {
        assertUnauthenticated(() -> client.newDeployResourceCommand().addProcessModel(model, "p.bpmn").send().join());
        assertUnauthenticated(() -> client.newCancelInstanceCommand(2251799813685249L).send().join());
        assertUnauthenticated(() -> client.newTopologyRequest().send().join());
        assertUnauthenticated(() -> client.newActivateJobsCommand().jobType("x").maxJobsToActivate(1).send().join());
      }
    }
    try (CamundaClient client = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
        .grpcAddress(engine.grpcAddress()).preferRestOverGrpc(false)
        .credentialsProvider(basic(engine.credentials().username(), engine.credentials().password())).build()) {
      long key = client.newDeployResourceCommand().addProcessModel(model, "p.bpmn").send().join()
          .getProcesses().get(0).getProcessDefinitionKey();
      assertThat(key).isPositive();
      long instance = client.newCreateInstanceCommand().bpmnProcessId("p").latestVersion().send().join().getProcessInstanceKey();
      client.newCancelInstanceCommand(instance).send().join();
    }
  }

  private static void assertUnauthenticated(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(ClientStatusException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void theGeneratedSecretIsOwnerOnlyAndSurvivesARestart() throws Exception {
    Path file = dataDirectory.resolve(EngineCredentials.FILE_NAME);
    assertThat(engine.credentials().file()).isEqualTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String password = engine.credentials().password();
    assertThat(password).hasSizeGreaterThanOrEqualTo(40);
    assertThat(Files.readString(file)).contains("password=" + password);

    engine.close();
    engine = ExportCertEngine.start(EngineConfig.of(0, dataDirectory));
    assertThat(engine.credentials().password()).isEqualTo(password);
    assertThat(send("POST", "/v2/process-instances/search", engine.credentials().authorizationHeader()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aFileOthersCouldReadIsRestrictedToTheOwnerOnTheNextStart() throws Exception {
    Path file = dataDirectory.resolve(EngineCredentials.FILE_NAME);
    engine.close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    engine = ExportCertEngine.start(EngineConfig.of(0, dataDirectory));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void givenCredentialsReplaceTheGeneratedOnes() throws Exception {
    engine.close();
    engine = ExportCertEngine.start(EngineConfig.inMemory(0).withSecurity(EngineSecurity.basic("ops", "a-long-given-password")));
    String ops = "Basic " + Base64.getEncoder().encodeToString("ops:a-long-given-password".getBytes(StandardCharsets.UTF_8));
    assertThat(send("POST", "/v2/jobs/search", ops).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/v2/jobs/search", "Basic " + Base64.getEncoder().encodeToString("ops:wrong".getBytes(StandardCharsets.UTF_8))).statusCode())
        .isEqualTo(401);
    assertThatThrownBy(() -> EngineSecurity.basic("ops", "short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theManagementPortServesOnlyTheActuatorWhenAskedFor() throws Exception {
    engine.close();
    engine = ExportCertEngine.start(EngineConfig.inMemory(0).withManagementPort(0));
    URI management = engine.managementAddress();
    HttpResponse<String> clock = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/clock")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(clock.statusCode()).isEqualTo(200);
    HttpResponse<String> data = http.send(HttpRequest.newBuilder(URI.create(management + "/v2/user-tasks/search"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(data.statusCode()).isEqualTo(404);
  }
}
