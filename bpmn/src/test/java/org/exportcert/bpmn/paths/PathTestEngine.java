package org.exportcert.bpmn.paths;

import io.camunda.client.CamundaClient;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;

/**
 * One ExportCert engine for every path test in the JVM. Camunda Process Test runs in its remote
 * mode against it, purging state and resetting the clock between tests, so the same tests can run
 * against a real Camunda cluster by pointing the builder elsewhere.
 */
final class PathTestEngine {

  static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0));

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ENGINE::close, "path-test-engine-stop"));
  }

  private PathTestEngine() {}

  static CamundaProcessTestExtension extension() {
    return new CamundaProcessTestExtension()
        .withRuntimeMode(CamundaProcessTestRuntimeMode.REMOTE)
        .withRemoteCamundaClientBuilderFactory(
            () -> CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()))
        .withRemoteCamundaMonitoringApiAddress(ENGINE.restAddress());
  }

  /** A client on the REST API, which every command of these tests uses. */
  static CamundaClient restClient() {
    return CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).build();
  }
}
