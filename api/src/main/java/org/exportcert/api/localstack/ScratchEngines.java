package org.exportcert.api.localstack;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import java.time.Duration;
import java.time.Instant;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.springframework.stereotype.Component;

/**
 * Throw-away engines for trying models out: ExportCert's own engine, in memory, in this process,
 * on free loopback ports with its own generated credentials, and a client of it whose clock the
 * caller moves. Nothing of it survives {@link Scratch#close()}; the real engine is never touched.
 */
@Component
public class ScratchEngines {

  /** One scratch engine and its client; the engine's clock is pinned and only moves forward. */
  public interface Scratch extends AutoCloseable {
    CamundaClient client();

    void advance(Duration by);

    @Override
    void close();
  }

  public Scratch start() {
    ExportCertEngine engine = ExportCertEngine.start(EngineConfig.inMemory(0));
    CamundaClient client;
    try {
      client = CamundaClient.newClientBuilder()
          .restAddress(engine.restAddress())
          .grpcAddress(engine.grpcAddress())
          .preferRestOverGrpc(true)
          .defaultRequestTimeout(Duration.ofSeconds(60))
          .credentialsProvider(CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
              .username(engine.credentials().username())
              .password(engine.credentials().password())
              .build())
          .build();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    Instant[] now = {Instant.now()};
    client.newPinClockCommand().time(now[0]).send().join();
    return new Scratch() {
      @Override
      public CamundaClient client() {
        return client;
      }

      @Override
      public synchronized void advance(Duration by) {
        now[0] = now[0].plus(by);
        client.newPinClockCommand().time(now[0]).send().join();
      }

      @Override
      public void close() {
        try {
          client.close();
        } finally {
          engine.close();
        }
      }
    };
  }
}
