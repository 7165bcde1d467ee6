package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart rebinds the REST and gRPC ports at once: the engine closes its listeners before
 * {@code close} returns, and binds with SO_REUSEADDR, so connections the old engine closed (left in
 * TIME_WAIT on these ports) never hold the new one off.
 */
class EngineRestartTest {

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void startStopStartOnTheSameFixedPortsImmediately() throws Exception {
    int restPort = freePort();
    int grpcPort = freePort();
    EngineConfig config = new EngineConfig("127.0.0.1", restPort, null, false, grpcPort).withoutAuthentication();
    for (int round = 0; round < 3; round++) {
      ExportCertEngine engine = ExportCertEngine.start(config);
      try (CamundaClient rest = EngineExtension.newClient(engine);
          CamundaClient grpc = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
              .grpcAddress(engine.grpcAddress()).preferRestOverGrpc(false)
              .defaultRequestTimeout(Duration.ofSeconds(20)).build()) {
        assertThat(engine.port()).isEqualTo(restPort);
        assertThat(engine.grpcAddress().getPort()).isEqualTo(grpcPort);
        // open connections on both ports, which the engine (not the client) then closes
        assertThat(rest.newTopologyRequest().send().join().getBrokers()).isNotEmpty();
        assertThat(grpc.newTopologyRequest().send().join().getBrokers()).isNotEmpty();
        engine.close();
      }
    }
  }

  /**
   * The standalone engine, stopped with SIGTERM as a service manager does, and started again on
   * the same ports the moment the old process has exited (issue 14, defect 10).
   */
  @Test
  void theStandaloneEngineRestartsOnItsPortsRightAfterStopping(@TempDir java.nio.file.Path work) throws Exception {
    int restPort = freePort();
    int grpcPort = freePort();
    Path dataDir = Files.createDirectory(work.resolve("data"));
    String password = "restart-test-password";
    for (int round = 0; round < 2; round++) {
      File log = work.resolve("engine-round-" + round + ".log").toFile();
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), EngineMain.class.getName(),
          "--port", String.valueOf(restPort), "--grpc-port", String.valueOf(grpcPort),
          "--data-dir", dataDir.toString(), "--no-fsync");
      builder.environment().put("EXPORTCERT_ENGINE_PASSWORD", password);
      Process child = builder.redirectErrorStream(true).redirectOutput(log).start();
      try (CamundaClient grpc = CamundaClient.newClientBuilder()
          .restAddress(URI.create("http://127.0.0.1:" + restPort))
          .grpcAddress(URI.create("http://127.0.0.1:" + grpcPort)).preferRestOverGrpc(false)
          .credentialsProvider(CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
              .username("exportcert").password(password).build())
          .build()) {
        Awaitility.await("engine round " + round + " (log " + log + ")").atMost(Duration.ofSeconds(60))
            .failFast("the engine process exited", () -> !child.isAlive())
            .ignoreExceptions()
            .until(() -> !grpc.newTopologyRequest().send().join().getBrokers().isEmpty());
        assertThat(Files.readString(log.toPath())).as("no bind failure").doesNotContain("Address already in use")
            .contains("password: the value of EXPORTCERT_ENGINE_PASSWORD");
      } finally {
        child.destroy(); // SIGTERM
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
