package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
