package org.exportcert.bpmn.paths;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;

/**
 * The Camunda Process Test extension of every path test, on the back end {@link PathTestBackend}
 * chooses. By default that is one in-memory ExportCert engine for the whole JVM, reached with
 * Camunda Process Test's remote runtime; under {@code -Pcamunda-it} it is Camunda's official
 * image, started by Camunda Process Test's managed (Testcontainers) runtime. Either way the tests
 * touch the engine only through Camunda Process Test and the Camunda client: deploying, commands,
 * job workers, the clock ({@link CamundaProcessTestContext#increaseTime}) and the purge between
 * tests are requests a real cluster answers as well.
 */
final class PathTestEngine {

  private PathTestEngine() {}

  /** Started on first use, so the Camunda back end never starts an embedded engine. */
  private static final class Embedded {
    // authenticated like every real engine; the management port is what Camunda Process Test's
    // remote mode uses, without credentials, for the clock and the purge between tests
    static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0).withManagementPort(0));

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(ENGINE::close, "path-test-engine-stop"));
    }
  }

  static CamundaProcessTestExtension extension() {
    return extension(PathTestBackend.current());
  }

  static CamundaProcessTestExtension extension(PathTestBackend backend) {
    CamundaProcessTestExtension extension =
        new CamundaProcessTestExtension().withRuntimeMode(backend.runtimeMode());
    return switch (backend) {
      case EMBEDDED ->
          extension
              .withRemoteCamundaClientBuilderFactory(
                  () -> CamundaClient.newClientBuilder()
                      .restAddress(Embedded.ENGINE.restAddress())
                      .credentialsProvider(
                          CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
                              .username(Embedded.ENGINE.credentials().username())
                              .password(Embedded.ENGINE.credentials().password())
                              .build()))
              .withRemoteCamundaMonitoringApiAddress(Embedded.ENGINE.managementAddress());
      case CAMUNDA ->
          // Camunda Process Test's default is this image already; pinned so the profile never
          // follows a changed default.
          extension
              .withCamundaDockerImageName(PathTestBackend.CAMUNDA_IMAGE_NAME)
              .withCamundaDockerImageVersion(PathTestBackend.camundaImageVersion());
    };
  }

  /**
   * A client of the running back end, on the REST API, which every command of these tests uses.
   * Camunda Process Test closes it after the test.
   */
  static CamundaClient restClient(CamundaProcessTestContext context) {
    return context.createClient(builder -> builder.preferRestOverGrpc(true));
  }
}
