package org.exportcert.api.containers;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test on {@link CamundaContainersBackend} only in the conformance profile
 * ({@code -Pcamunda-it}, which sets {@value #PROPERTY}{@code =camunda}) and only where Docker
 * exists; otherwise it is skipped with the reason, never failed. Outside the profile Docker is
 * never asked about.
 */
public final class CamundaContainersCondition implements ExecutionCondition {

  /** The back end the build chose; the parent pom passes it, {@code embedded} by default. */
  public static final String PROPERTY = "exportcert.backend";

  private static Boolean dockerAvailable;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return evaluate(System.getProperty(PROPERTY), CamundaContainersCondition::dockerAvailable);
  }

  static ConditionEvaluationResult evaluate(String backend, BooleanSupplier docker) {
    if (!"camunda".equalsIgnoreCase(backend == null ? "" : backend.trim())) {
      return ConditionEvaluationResult.disabled(
          "runs only in the conformance profile: mvn -B verify -Pcamunda-it (" + PROPERTY + "="
              + backend + " here)");
    }
    String images =
        CamundaContainersBackend.camundaImage() + ", " + CamundaContainersBackend.POSTGRES_IMAGE
            + " and " + CamundaContainersBackend.MINIO_IMAGE;
    if (!docker.getAsBoolean()) {
      return ConditionEvaluationResult.disabled(
          "Docker is not available: the conformance profile (-Pcamunda-it) runs this test on "
              + images + " started with Testcontainers, so it is skipped here, not failed");
    }
    return ConditionEvaluationResult.enabled("Docker is available: running on " + images);
  }

  /** Asked once per JVM; Testcontainers tries every configured way to reach a Docker engine. */
  private static synchronized boolean dockerAvailable() {
    if (dockerAvailable == null) {
      dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
    }
    return dockerAvailable;
  }
}
