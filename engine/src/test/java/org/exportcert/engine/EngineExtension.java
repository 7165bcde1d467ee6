package org.exportcert.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.client.CredentialsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a fresh engine (port 0, journal in a temp directory) and a default client per test. These
 * are unit tests of the engine's semantics, so the engine runs without authentication (the
 * explicit test-only setting); the authenticated engine every real start uses is covered by
 * {@code EngineAuthenticationTest} and the Camunda Process Test suites.
 */
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
    engine = startOnSameData();
    client = newClient(engine);
  }

  /**
   * An engine like this extension's on its data directory, e.g. to simulate a restart. A current
   * engine not closed before is abandoned as a kill -9 would leave it (nothing more written, its
   * files let go), so the new one can open the data directory.
   */
  public ExportCertEngine startOnSameData() {
    abandonEngine();
    return ExportCertEngine.start(EngineConfig.of(0, dataDirectory).withoutAuthentication());
  }

  /** A client of the engine, with its credentials when it requires them (as a user would). */
  public static CamundaClient newClient(ExportCertEngine engine) {
    CamundaClientBuilder builder = CamundaClient.newClientBuilder()
        .restAddress(engine.restAddress())
        .defaultRequestTimeout(Duration.ofSeconds(20));
    if (engine.credentials() != null) {
      builder.credentialsProvider(credentials(engine));
    }
    return builder.build();
  }

  /** The Camunda client's basic-auth provider for the engine's credentials. */
  public static CredentialsProvider credentials(ExportCertEngine engine) {
    return CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
        .username(engine.credentials().username())
        .password(engine.credentials().password())
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
    deleteRecursively(dataDirectory);
  }

  /** Removes a test's data directory (tests ran 7,000 engines a day into /tmp). */
  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + dir, e);
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

  /** Leaves the current engine as a kill -9 would (a no-op once it is closed). */
  public void abandonEngine() {
    if (engine != null) {
      engine.abandon();
    }
  }

  /** A read of the engine's state on its processor thread, for tests in other packages. */
  public static com.fasterxml.jackson.databind.JsonNode query(ExportCertEngine engine,
      java.util.function.Function<org.exportcert.engine.state.EngineState, com.fasterxml.jackson.databind.JsonNode> read) {
    return engine.processor().query(read).join();
  }

  /** Replaces the engine (e.g. after a simulated crash) and reconnects the client. */
  public void restart(ExportCertEngine fresh) {
    client.close();
    engine = fresh;
    client = newClient(fresh);
  }
}
