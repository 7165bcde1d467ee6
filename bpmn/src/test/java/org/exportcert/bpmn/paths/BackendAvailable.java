package org.exportcert.bpmn.paths;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a path test only where its back end can exist. The embedded engine always can, and then
 * Docker is never asked about. Camunda needs Docker: without it the test is skipped with the
 * reason, never failed, so {@code mvn verify -Pcamunda-it} passes on a machine without Docker and
 * says why nothing ran.
 */
final class BackendAvailable implements ExecutionCondition {

  private static Boolean dockerAvailable;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    PathTestBackend backend = PathTestBackend.current();
    if (backend == PathTestBackend.EMBEDDED) {
      return ConditionEvaluationResult.enabled("back end: the embedded ExportCert engine");
    }
    String image = PathTestBackend.CAMUNDA_IMAGE_NAME + ":" + PathTestBackend.camundaImageVersion();
    if (dockerAvailable()) {
      return ConditionEvaluationResult.enabled(
          "back end: " + image + ", started by Camunda Process Test with Testcontainers");
    }
    return ConditionEvaluationResult.disabled(
        "Docker is not available: the conformance profile (-Pcamunda-it, "
            + PathTestBackend.PROPERTY + "=camunda) runs this test on " + image
            + " started with Testcontainers, so it is skipped here, not failed");
  }

  /** Asked once per JVM; Testcontainers tries every configured way to reach a Docker engine. */
  private static synchronized boolean dockerAvailable() {
    if (dockerAvailable == null) {
      dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
    }
    return dockerAvailable;
  }
}
