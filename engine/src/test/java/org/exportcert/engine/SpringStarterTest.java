package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.Deployment;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ProcessInstanceResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Camunda Spring starter against the engine: {@code @Deployment} at start-up, a {@code @JobWorker} runs the process. */
@SpringBootTest(classes = SpringStarterTest.StarterApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SpringStarterTest {

  private static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0));

  @DynamicPropertySource
  static void camunda(DynamicPropertyRegistry registry) {
    registry.add("camunda.client.mode", () -> "self-managed");
    registry.add("camunda.client.rest-address", () -> ENGINE.restAddress().toString());
    registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:1");
    // the starter's documented basic-auth settings, as the application sets them
    registry.add("camunda.client.auth.method", () -> "basic");
    registry.add("camunda.client.auth.username", () -> ENGINE.credentials().username());
    registry.add("camunda.client.auth.password", () -> ENGINE.credentials().password());
    registry.add("camunda.client.worker.defaults.poll-interval", () -> "50ms");
  }

  // The engine is left running (in memory, daemon threads) because Spring caches the context,
  // whose workers keep polling until the JVM ends; closing it first would only log poll failures.

  @SpringBootApplication
  @org.springframework.context.annotation.Import(GreetWorker.class)
  @Deployment(resources = "classpath:starter/starter_greeting.bpmn")
  static class StarterApp {}

  @Component
  public static class GreetWorker {
    @JobWorker(type = "greet")
    public Map<String, Object> greet(@Variable String name) {
      return Map.of("greeting", "Hello " + name);
    }
  }

  @Autowired CamundaClient client;

  @Test
  void deploymentAndJobWorkerRunTheProcessToCompletion() {
    ProcessInstanceResult result = client.newCreateInstanceCommand().bpmnProcessId("starter_greeting").latestVersion()
        .variables(Map.of("name", "ExportCert")).withResult().requestTimeout(Duration.ofSeconds(15)).send().join();
    assertThat(result.getVariablesAsMap()).containsEntry("greeting", "Hello ExportCert");
    assertThat(client.newProcessInstanceGetRequest(result.getProcessInstanceKey()).send().join().getState().name())
        .isEqualTo("COMPLETED");
  }
}
