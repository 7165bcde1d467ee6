package org.exportcert.api.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 14, defect 3: start-up never gives up on a slow engine. The real engine sits behind a stub
 * that answers deployments only after longer than the first attempt waits (15 s against the default
 * 10 s once ended the application; here 3 s against a first timeout of 2 s, the same rule without
 * the wait); the shipped models still get deployed, each attempt is logged, and the retried
 * deployment creates no second version.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShippedModelsDeployerTest {

  private ExportCertEngine engine;
  private DelayingEngineProxy proxy;
  private CamundaClient client;

  @BeforeEach
  void start() throws Exception {
    engine = ExportCertEngine.start(EngineConfig.inMemory(0).withGrpcPort(-1));
    proxy = new DelayingEngineProxy(engine.restAddress(), Duration.ofSeconds(3));
    client = CamundaClient.newClientBuilder()
        .restAddress(proxy.address())
        .defaultRequestTimeout(Duration.ofSeconds(10)) // the starter's default
        .credentialsProvider(CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
            .username(engine.credentials().username()).password(engine.credentials().password()).build())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
    engine.close();
  }

  private static ModelDeploymentProperties settings() {
    return settings(Duration.ofSeconds(10));
  }

  private static ModelDeploymentProperties settings(Duration firstTimeout) {
    return new ModelDeploymentProperties(true, firstTimeout, Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  @Test
  void aDeploymentAnsweredAfterTheFirstAttemptGaveUpStillSucceeds(CapturedOutput output) {
    List<ShippedModelsDeployer.ShippedResource> shipped = ShippedModelsDeployer.shippedResources();
    assertThat(shipped).extracting(ShippedModelsDeployer.ShippedResource::name)
        .contains("certification-case.bpmn").anyMatch(n -> n.endsWith(".dmn")).anyMatch(n -> n.endsWith(".form"));

    int attempts = new ShippedModelsDeployer(client, settings(Duration.ofSeconds(2))).deploy(shipped).attempts();

    // the first attempt gives up after 2 s; later ones wait longer (4 s, 8 s, ...) until one
    // outlasts the 3 s (on a loaded machine the engine's own time comes on top)
    assertThat(attempts).isGreaterThanOrEqualTo(2);
    assertThat(proxy.deployments).hasValue(attempts);
    assertThat(output).contains("attempt 1, waiting up to 2 s", "failed on attempt 1", "attempt 2, waiting up to 4 s",
        "Shipped models deployed on attempt " + attempts);
    try (CamundaClient direct = directClient()) {
      var definitions = direct.newProcessDefinitionSearchRequest()
          .filter(f -> f.processDefinitionId("certification-case")).send().join().items();
      assertThat(definitions).hasSize(1);
      assertThat(definitions.get(0).getVersion()).as("the late first attempt and the retry: one version").isEqualTo(1);
    }
  }

  @Test
  void modelsTheEngineRefusesStopTheStartAtOnceWithTheReason() {
    var broken = List.of(new ShippedModelsDeployer.ShippedResource("broken.bpmn",
        "<definitions xmlns='http://www.omg.org/spec/BPMN/20100524/MODEL'><process id='x'".getBytes(StandardCharsets.UTF_8)));
    try (CamundaClient direct = directClient()) {
      assertThatThrownBy(() -> new ShippedModelsDeployer(direct, settings()).deploy(broken))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("The engine refused the shipped models: the models are invalid");
    }
  }

  @Test
  void wrongCredentialsStopTheStartWithAClearMessage() {
    try (CamundaClient wrong = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
        .credentialsProvider(CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
            .username("exportcert").password("not-the-generated-one").build()).build()) {
      assertThatThrownBy(() -> new ShippedModelsDeployer(wrong, settings()).deploy(ShippedModelsDeployer.shippedResources()))
          .hasMessageContaining("does not accept the client's credentials");
    }
  }

  private CamundaClient directClient() {
    return CamundaClient.newClientBuilder().restAddress(engine.restAddress())
        .credentialsProvider(CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
            .username(engine.credentials().username()).password(engine.credentials().password()).build())
        .build();
  }
}
