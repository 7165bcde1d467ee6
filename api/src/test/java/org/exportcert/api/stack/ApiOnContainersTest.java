package org.exportcert.api.stack;

import org.exportcert.api.containers.CamundaContainersBackend;
import org.exportcert.api.containers.OnCamundaContainers;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ApiScenario} on real services: Camunda's official image, PostgreSQL and MinIO in Docker,
 * reached through the production settings only. Part of the conformance profile
 * ({@code mvn -B verify -Pcamunda-it}); skipped with the reason outside it or without Docker.
 */
@OnCamundaContainers
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "exportcert.data-dir=target/test-data/ApiOnContainersTest")
class ApiOnContainersTest extends ApiScenario {

  static final CamundaContainersBackend BACKEND = new CamundaContainersBackend();

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    BACKEND.registerProperties(registry);
  }
}
