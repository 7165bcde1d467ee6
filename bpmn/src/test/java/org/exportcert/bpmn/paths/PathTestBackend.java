package org.exportcert.bpmn.paths;

import io.camunda.client.CamundaClient;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import java.util.Locale;

/**
 * Which engine the path tests run on, chosen by the system property {@value #PROPERTY}: the
 * embedded ExportCert engine by default, or Camunda itself under the {@code camunda-it} Maven
 * profile, which sets it to {@code camunda}. The same tests run on both back ends; only the
 * runtime of Camunda Process Test changes.
 */
enum PathTestBackend {

  /** ExportCert's in-memory engine in this JVM, reached with Camunda Process Test's remote runtime. */
  EMBEDDED(CamundaProcessTestRuntimeMode.REMOTE),

  /**
   * Camunda's official image {@code camunda/camunda}, started by Camunda Process Test's managed
   * runtime with Testcontainers. Needs Docker.
   */
  CAMUNDA(CamundaProcessTestRuntimeMode.MANAGED);

  static final String PROPERTY = "exportcert.backend";

  /** Camunda's official image; its tag is the version of the Camunda client on the class path. */
  static final String CAMUNDA_IMAGE_NAME = "camunda/camunda";

  private final CamundaProcessTestRuntimeMode runtimeMode;

  PathTestBackend(CamundaProcessTestRuntimeMode runtimeMode) {
    this.runtimeMode = runtimeMode;
  }

  CamundaProcessTestRuntimeMode runtimeMode() {
    return runtimeMode;
  }

  /** The back end this JVM's path tests use. */
  static PathTestBackend current() {
    return of(System.getProperty(PROPERTY));
  }

  /** {@code camunda} picks Camunda; nothing, blank or {@code embedded} the embedded engine. */
  static PathTestBackend of(String value) {
    if (value == null || value.isBlank()) {
      return EMBEDDED;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "embedded" -> EMBEDDED;
      case "camunda" -> CAMUNDA;
      default ->
          throw new IllegalArgumentException(
              PROPERTY + " must be 'embedded' or 'camunda', not '" + value + "'");
    };
  }

  /**
   * The tag of {@link #CAMUNDA_IMAGE_NAME}: the client's own version (the manifest of
   * camunda-client-java), so the cluster and the client are always the same release.
   */
  static String camundaImageVersion() {
    String version = CamundaClient.class.getPackage().getImplementationVersion();
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          "The Camunda client's jar names no Implementation-Version; cannot choose the image tag");
    }
    return version;
  }
}
