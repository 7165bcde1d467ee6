package org.exportcert.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exportcert.localstack.LocalServicesMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch from the embedded stack to real services is configuration only: the packaged
 * application jar runs against a PostgreSQL and an S3 server in a process of their own and the
 * standalone engine, told about them only through the documented environment variables, and starts
 * none of its embedded parts.
 */
class ExternalServicesRunTest {

  private static final List<Process> processes = new ArrayList<>();
  @TempDir static Path work;

  @AfterAll
  static void stopAll() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy(); // SIGTERM: each shuts down cleanly
      try {
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void theApplicationJarRunsOnExternallyStartedServicesFromEnvironmentVariablesAlone()
      throws Exception {
    Path appJar = Repo.path("api/target/exportcert.jar");
    Path engineJar = standaloneEngineJar();
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!ci) {
      Assumptions.assumeTrue(
          Files.isRegularFile(appJar) && engineJar != null,
          "needs the packaged jars: run `mvn -B verify` from the root (the api and engine modules"
              + " package before this one)");
    }
    assertThat(appJar).as("api/target/exportcert.jar").isRegularFile();
    assertThat(engineJar).as("engine/target/*-standalone.jar").isNotNull();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    // PostgreSQL and S3 in a process of their own, as a managed database and MinIO would be
    Process services =
        start(
            List.of(java, "-cp", System.getProperty("java.class.path"),
                LocalServicesMain.class.getName(), "--dir", work.resolve("services").toString(),
                "--access-key", "external-key", "--secret-key", "external-secret-123"),
            Map.of(), work.resolve("services.log"));
    Map<String, String> addresses = readUntilReady(services);

    int enginePort = freePort();
    start(
        List.of(java, "-jar", engineJar.toString(), "--port", Integer.toString(enginePort),
            "--data-dir", work.resolve("engine").toString()),
        Map.of(), work.resolve("engine.log"));
    // The engine refuses calls without credentials; as an operator would, take the password it
    // generated into its data directory (where its start-up line says it is).
    Path engineCredentials = work.resolve("engine").resolve("client-credentials.properties");
    await("the engine's generated credentials (log: " + work.resolve("engine.log") + ")")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Files.isRegularFile(engineCredentials));
    java.util.Properties credentials = new java.util.Properties();
    try (var in = Files.newBufferedReader(engineCredentials)) {
      credentials.load(in);
    }

    int appPort = freePort();
    Path appData = work.resolve("app-data");
    Map<String, String> env = new HashMap<>();
    env.put("PORT", Integer.toString(appPort));
    env.put("EXPORTCERT_DATA_DIR", appData.toString());
    env.put("SPRING_DATASOURCE_URL", addresses.get("POSTGRES"));
    env.put("SPRING_DATASOURCE_USERNAME", addresses.get("POSTGRES_USER"));
    env.put("SPRING_DATASOURCE_PASSWORD", addresses.get("POSTGRES_PASSWORD"));
    env.put("EXPORTCERT_S3_ENDPOINT", addresses.get("S3"));
    env.put("EXPORTCERT_S3_ACCESS_KEY", "external-key");
    env.put("EXPORTCERT_S3_SECRET_KEY", "external-secret-123");
    env.put("EXPORTCERT_S3_BUCKET", "external-evidence");
    env.put("CAMUNDA_CLIENT_REST_ADDRESS", "http://127.0.0.1:" + enginePort);
    env.put("CAMUNDA_CLIENT_AUTH_METHOD", "basic");
    env.put("CAMUNDA_CLIENT_AUTH_USERNAME", credentials.getProperty("username"));
    env.put("CAMUNDA_CLIENT_AUTH_PASSWORD", credentials.getProperty("password"));
    // health shows its checks to operators only
    env.put("EXPORTCERT_SECURITY_USERS_OPERATOR_PASSWORD", "operator-run-pw");
    Path appLog = work.resolve("app.log");
    Process app = start(List.of(java, "-Xmx512m", "-jar", appJar.toString()), env, appLog);

    HttpClient http = HttpClient.newHttpClient();
    URI health = URI.create("http://127.0.0.1:" + appPort + "/actuator/health");
    await("the application to report healthy (log: " + appLog + ")")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          assertThat(app.isAlive()).as("application process alive, see " + appLog).isTrue();
          return status(http, health) == 200;
        });

    assertThat(Repo.JSON.readTree(get(http, health)).has("components"))
        .as("anonymous health shows the status only").isFalse();
    JsonNode components =
        Repo.JSON.readTree(getAsOperator(http, health)).path("components");
    assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("camundaClient").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("objectStorage").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("objectStorage").path("details").path("endpoint").asText())
        .isEqualTo(addresses.get("S3"));
    assertThat(components.path("objectStorage").path("details").path("bucket").asText())
        .isEqualTo("external-evidence");

    assertThat(Files.readString(work.resolve("engine.log")))
        .contains("Clients authenticate with HTTP basic as user 'exportcert'", engineCredentials.getFileName().toString())
        .doesNotContain(credentials.getProperty("password"));
    assertThat(anonymousSearch(http, enginePort)).as("the standalone engine refuses an anonymous call").isEqualTo(401);

    String log = Files.readString(appLog);
    assertThat(log).doesNotContain("Local PostgreSQL at", "Local S3 server at", "Local ExportCert engine");
    assertThat(appData.resolve("postgres")).doesNotExist();
    assertThat(appData.resolve("objects")).doesNotExist();
    assertThat(appData.resolve("engine")).doesNotExist();
  }

  private static Path standaloneEngineJar() throws IOException {
    Path target = Repo.path("engine/target");
    if (!Files.isDirectory(target)) {
      return null;
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-standalone.jar")).findFirst().orElse(null);
    }
  }

  private static Process start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("EXPORTCERT_") || k.startsWith("CAMUNDA_"));
    builder.environment().putAll(env);
    if (!command.contains(LocalServicesMain.class.getName())) {
      builder.redirectOutput(log.toFile());
    }
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Reads the services' address lines; the rest of their output is drained into the log. */
  private static Map<String, String> readUntilReady(Process services) throws IOException {
    Map<String, String> addresses = new HashMap<>();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(services.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.equals("READY")) {
      int space = line.indexOf(' ');
      if (space > 0 && (line.startsWith("POSTGRES") || line.startsWith("S3 "))) {
        addresses.put(line.substring(0, space), line.substring(space + 1).trim());
      }
    }
    assertThat(line).as("services process printed READY").isEqualTo("READY");
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "services-output");
    drain.setDaemon(true);
    drain.start();
    return addresses;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int status(HttpClient http, URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int anonymousSearch(HttpClient http, int enginePort) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + enginePort + "/v2/process-definitions/search"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String getAsOperator(HttpClient http, URI uri) throws IOException, InterruptedException {
    String credentials = java.util.Base64.getEncoder()
        .encodeToString("operator:operator-run-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + credentials).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
