package org.exportcert.engine.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.exportcert.engine.EngineMain;
import org.exportcert.engine.auth.EngineCredentials;

/**
 * The standalone engine ({@link EngineMain}) in a child JVM on a data directory, to be killed with
 * SIGKILL: what the crash tests run. The client uses the credentials the engine generated into its
 * data directory, as an operator would.
 */
final class ChildEngine implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;
  private final EngineCredentials credentials;

  /** Starts it with the given system properties (fault injection) and environment; returns once it answers. */
  ChildEngine(Path dataDir, Path work, Map<String, String> properties, Map<String, String> environment) throws Exception {
    this(dataDir, work, properties, environment, true);
  }

  /** As above; {@code awaitReady} false returns once the process runs (to kill it while it opens its data). */
  ChildEngine(Path dataDir, Path work, Map<String, String> properties, Map<String, String> environment,
      boolean awaitReady) throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.addAll(List.of(EngineMain.class.getName(), "--port", String.valueOf(port), "--grpc-port", "0",
        "--data-dir", dataDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("EXPORTCERT_ENGINE_"));
    builder.environment().putAll(environment);
    log = Files.createTempFile(work, "engine-child", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    process = builder.start();
    if (!awaitReady) {
      credentials = null;
      return;
    }
    Path file = dataDir.resolve(EngineCredentials.FILE_NAME);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file) || !process.isAlive());
    Properties read = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      read.load(in);
    }
    credentials = new EngineCredentials(read.getProperty("username"), read.getProperty("password"), file);
    try (CamundaClient client = client()) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> !client.newTopologyRequest().send().join().getBrokers().isEmpty());
    }
  }

  CamundaClient client() {
    return CamundaClient.newClientBuilder().restAddress(URI.create("http://127.0.0.1:" + port))
        .credentialsProvider(CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
            .username(credentials.username()).password(credentials.password()).build())
        .build();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** The exit code once the process ended by itself (a start it refused), null if it still runs after 60 s. */
  Integer exitCode() throws InterruptedException {
    return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  /** POST of a JSON body to the REST API of an engine at {@code rest} with {@code credentials}. */
  static JsonNode post(String rest, EngineCredentials credentials, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(rest + path))
        .header("Authorization", credentials.authorizationHeader()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
}
