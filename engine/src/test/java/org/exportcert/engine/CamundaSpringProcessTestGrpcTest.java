package org.exportcert.engine;

import static io.camunda.process.test.api.CamundaAssert.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.Deployment;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.impl.util.Environment;
import io.camunda.process.test.api.CamundaSpringProcessTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @CamundaSpringProcessTest} in remote mode against the engine: the client CPT injects into
 * the application (and its {@code @JobWorker}s) prefers gRPC, here with job streaming on, against
 * the engine with its basic authentication on.
 */
@SpringBootTest(classes = CamundaSpringProcessTestGrpcTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@CamundaSpringProcessTest
class CamundaSpringProcessTestGrpcTest {

  // The engine's basic authentication is on, configured as a user of Camunda Process Test 8.8's
  // Spring remote mode must: that mode builds its self-managed client from the rest/grpc address
  // and timeout only and ignores camunda.process-test.remote.client.auth.* (only SaaS gets
  // credentials), but the client it builds reads CAMUNDA_BASIC_AUTH_USERNAME / _PASSWORD from the
  // environment. The test puts them into the client's view of the environment (its Environment
  // holder, as if exported in the shell) for this class only.
  private static final String USERNAME = "cpt-runner";
  private static final String PASSWORD = "cpt-remote-" + java.util.UUID.randomUUID();
  private static final ExportCertEngine ENGINE =
      ExportCertEngine.start(EngineConfig.inMemory(0)
          .withSecurity(org.exportcert.engine.auth.EngineSecurity.basic(USERNAME, PASSWORD))
          .withManagementPort(0));

  static {
    Environment.system().put("CAMUNDA_BASIC_AUTH_USERNAME", USERNAME);
    Environment.system().put("CAMUNDA_BASIC_AUTH_PASSWORD", PASSWORD);
  }

  @AfterAll
  static void forgetCredentials() {
    Environment.system().remove("CAMUNDA_BASIC_AUTH_USERNAME");
    Environment.system().remove("CAMUNDA_BASIC_AUTH_PASSWORD");
  }

  @DynamicPropertySource
  static void camunda(DynamicPropertyRegistry registry) {
    registry.add("camunda.process-test.runtime-mode", () -> "remote");
    registry.add("camunda.process-test.remote.client.rest-address", () -> ENGINE.restAddress().toString());
    registry.add("camunda.process-test.remote.client.grpc-address", () -> ENGINE.grpcAddress().toString());
    registry.add("camunda.process-test.remote.camunda-monitoring-api-address", () -> ENGINE.managementAddress().toString());
    registry.add("camunda.client.worker.defaults.stream-enabled", () -> "true");
    // the deployment before each test waited more than the default 10 s on a machine at load 25
    registry.add("camunda.process-test.remote.client.request-timeout", () -> "PT60S");
  }

  // Left running like SpringStarterTest's engine: Spring caches the context and its workers.

  @SpringBootApplication
  @org.springframework.context.annotation.Import(ScoreWorker.class)
  @Deployment(resources = {"classpath:dmn/certification-rules.dmn", "classpath:starter/assess.bpmn"})
  static class App {}

  @Component
  public static class ScoreWorker {
    @JobWorker(type = "score")
    public Map<String, Object> score(@Variable String caseId) {
      return Map.of("tier", "gold", "risk", 6, "scoredCase", caseId);
    }
  }

  @Autowired CamundaClient client;

  @Test
  void theEngineRefusesCallsWithoutTheCredentials() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var anonymous = http.send(java.net.http.HttpRequest.newBuilder(ENGINE.restAddress().resolve("/v2/process-definitions/search"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    org.assertj.core.api.Assertions.assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void applicationWorkerAndDecisionsRunThroughTheInjectedGrpcClient() {
    org.assertj.core.api.Assertions.assertThat(client.getConfiguration().preferRestOverGrpc()).isFalse();
    ProcessInstanceEvent instance = client.newCreateInstanceCommand().bpmnProcessId("assess").latestVersion()
        .variables(Map.of("caseId", "CASE-3")).send().join();
    assertThat(instance).isCompleted()
        .hasVariable("scoredCase", "CASE-3")
        .hasVariable("fee", 100)
        .hasVariable("checks", List.of("audit", "interview", "documents"));
  }
}
