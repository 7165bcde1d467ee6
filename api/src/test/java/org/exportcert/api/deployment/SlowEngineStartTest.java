package org.exportcert.api.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14, defect 3, as a user meets it: the whole application starts against an engine whose
 * deployments are answered only after the first attempt has given up (15 s against the default
 * 10 s once ended the application; here 3 s against a first timeout of 2 s, the same rule without
 * the wait), and its shipped models are there once it is up.
 */
@SpringBootTest(
    properties = {
      "exportcert.data-dir=target/test-data/SlowEngineStartTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.smtp-port=0",
      // the local stack's own engine on a free port too (8088 may be taken on a shared machine)
      "exportcert.local-stack.engine-port=0",
      "exportcert.workers.enabled=false",
      "exportcert.models.deploy-first-timeout=2s"
    })
class SlowEngineStartTest {

  private static final ExportCertEngine ENGINE;
  private static final DelayingEngineProxy PROXY;

  static {
    TestDataDirectories.fresh("SlowEngineStartTest");
    ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0));
    try {
      PROXY = new DelayingEngineProxy(ENGINE.restAddress(), Duration.ofSeconds(3));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void slowEngine(DynamicPropertyRegistry registry) {
    registry.add("camunda.client.mode", () -> "self-managed");
    registry.add("camunda.client.rest-address", () -> PROXY.address().toString());
    registry.add("camunda.client.grpc-address", () -> ENGINE.grpcAddress().toString());
    registry.add("camunda.client.auth.method", () -> "basic");
    registry.add("camunda.client.auth.username", () -> ENGINE.credentials().username());
    registry.add("camunda.client.auth.password", () -> ENGINE.credentials().password());
  }

  @AfterAll
  static void stop() {
    PROXY.close();
    ENGINE.close();
  }

  @Autowired CamundaClient camunda;

  @Test
  void theApplicationIsUpWithTheShippedModelsDeployed() {
    assertThat(PROXY.deployments.get()).as("a timed-out attempt and a retry").isGreaterThanOrEqualTo(2);
    var definitions = camunda.newProcessDefinitionSearchRequest()
        .filter(f -> f.processDefinitionId("certification-case")).send().join().items();
    assertThat(definitions).hasSize(1);
    assertThat(definitions.get(0).getVersion()).isEqualTo(1);
  }
}
