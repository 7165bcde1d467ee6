package org.exportcert.engine;

import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts a fresh engine (port 0, journal in a temp directory) and a default client per test. */
public final class EngineExtension implements BeforeEachCallback, AfterEachCallback {

  private Path dataDirectory;
  private ExportCertEngine engine;
  private CamundaClient client;

  @Override
  public void beforeEach(ExtensionContext context) {
    try {
      dataDirectory = Files.createTempDirectory("engine-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    engine = ExportCertEngine.start(EngineConfig.of(0, dataDirectory));
    client = newClient(engine);
  }

  public static CamundaClient newClient(ExportCertEngine engine) {
    return CamundaClient.newClientBuilder()
        .restAddress(engine.restAddress())
        .defaultRequestTimeout(Duration.ofSeconds(20))
        .build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  public ExportCertEngine engine() {
    return engine;
  }

  public CamundaClient client() {
    return client;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Replaces the engine (e.g. after a simulated crash) and reconnects the client. */
  public void restart(ExportCertEngine fresh) {
    client.close();
    engine = fresh;
    client = newClient(fresh);
  }
}
