package org.exportcert.bpmn.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import io.camunda.process.test.impl.runtime.CamundaProcessTestRuntimeBuilder;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The switch between the two back ends of the path tests: the system property picks the runtime
 * mode of the very extension the path tests register. Starts no engine and no container.
 */
class PathTestBackendTest {

  @Test
  void thePropertyPicksTheBackEnd() {
    assertThat(PathTestBackend.of(null)).isEqualTo(PathTestBackend.EMBEDDED);
    assertThat(PathTestBackend.of(" ")).isEqualTo(PathTestBackend.EMBEDDED);
    assertThat(PathTestBackend.of("embedded")).isEqualTo(PathTestBackend.EMBEDDED);
    assertThat(PathTestBackend.of("camunda")).isEqualTo(PathTestBackend.CAMUNDA);
    assertThat(PathTestBackend.of("Camunda")).isEqualTo(PathTestBackend.CAMUNDA);
    assertThatThrownBy(() -> PathTestBackend.of("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PathTestBackend.PROPERTY);
  }

  @Test
  void theBuildAlwaysSaysWhichBackEnd() {
    // the parent pom passes it to every test JVM: `embedded`, or `camunda` under -Pcamunda-it
    String fromBuild = System.getProperty(PathTestBackend.PROPERTY);
    assertThat(fromBuild).isIn("embedded", "camunda");
    assertThat(PathTestBackend.current()).isEqualTo(PathTestBackend.of(fromBuild));
  }

  @Test
  void currentFollowsTheSystemProperty() {
    String before = System.getProperty(PathTestBackend.PROPERTY);
    try {
      System.setProperty(PathTestBackend.PROPERTY, "camunda");
      assertThat(PathTestBackend.current()).isEqualTo(PathTestBackend.CAMUNDA);
      System.setProperty(PathTestBackend.PROPERTY, "embedded");
      assertThat(PathTestBackend.current()).isEqualTo(PathTestBackend.EMBEDDED);
      System.clearProperty(PathTestBackend.PROPERTY);
      assertThat(PathTestBackend.current()).isEqualTo(PathTestBackend.EMBEDDED);
    } finally {
      if (before == null) {
        System.clearProperty(PathTestBackend.PROPERTY);
      } else {
        System.setProperty(PathTestBackend.PROPERTY, before);
      }
    }
  }

  @Test
  void theEmbeddedEngineIsReachedWithTheRemoteRuntime() throws Exception {
    CamundaProcessTestRuntimeBuilder runtime = runtimeOf(PathTestEngine.extension(PathTestBackend.EMBEDDED));

    assertThat(runtime.getRuntimeMode()).isEqualTo(CamundaProcessTestRuntimeMode.REMOTE);
    assertThat(runtime.getRemoteCamundaMonitoringApiAddress().getHost()).isIn("127.0.0.1", "localhost");
    try (var client = runtime.getRemoteCamundaClientBuilderFactory().get().build()) {
      assertThat(client.getConfiguration().getRestAddress().getHost()).isIn("127.0.0.1", "localhost");
      // the engine requires credentials; only its management port (clock, purge) takes none
      assertThat(client.getConfiguration().getCredentialsProvider())
          .isInstanceOf(io.camunda.client.impl.basicauth.BasicAuthCredentialsProvider.class);
      assertThat(client.getConfiguration().getRestAddress())
          .isNotEqualTo(runtime.getRemoteCamundaMonitoringApiAddress());
    }
  }

  @Test
  void camundaIsTheManagedRuntimeOnTheOfficialImageAtTheClientsVersion() throws Exception {
    CamundaProcessTestRuntimeBuilder runtime = runtimeOf(PathTestEngine.extension(PathTestBackend.CAMUNDA));

    assertThat(runtime.getRuntimeMode()).isEqualTo(CamundaProcessTestRuntimeMode.MANAGED);
    assertThat(runtime.getCamundaDockerImageName()).isEqualTo("camunda/camunda");
    assertThat(runtime.getCamundaDockerImageVersion())
        .isEqualTo(System.getProperty("exportcert.camundaVersion")) // camunda.version, from the parent pom
        .isEqualTo(PathTestBackend.camundaImageVersion());
  }

  /** The runtime configuration the extension will build at the start of a test class. */
  private static CamundaProcessTestRuntimeBuilder runtimeOf(CamundaProcessTestExtension extension)
      throws ReflectiveOperationException {
    Field field = CamundaProcessTestExtension.class.getDeclaredField("runtimeBuilder");
    field.setAccessible(true);
    return (CamundaProcessTestRuntimeBuilder) field.get(extension);
  }
}
