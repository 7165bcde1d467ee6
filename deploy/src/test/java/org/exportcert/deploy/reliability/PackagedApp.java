package org.exportcert.deploy.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application jar ({@code api/target/exportcert.jar}, built by the reactor before this
 * module) run as a child process on its embedded stack, as a user runs it: ports, passwords and the
 * data directory from the environment only. It can be killed with SIGKILL and started again on the
 * same data directory; its embedded PostgreSQL processes can be stopped and killed.
 */
final class PackagedApp implements AutoCloseable {

  static final List<String> USERS = List.of("applicant", "applicant2", "cbreviewer", "evaluator", "lab",
      "reviewer", "committee", "registrar", "appeals", "manager", "manager2", "operator");

  final Path dataDirectory;
  final int port;
  final int enginePort;
  final int engineGrpcPort;
  private final Map<String, String> extraEnv;
  private final Path log;
  private Process process;
  private int starts;

  PackagedApp(Path dataDirectory, Map<String, String> extraEnv) {
    this.dataDirectory = dataDirectory;
    this.extraEnv = Map.copyOf(extraEnv);
    this.port = freePort();
    this.enginePort = freePort();
    this.engineGrpcPort = freePort();
    // kept under target/reliability after the run (the data directory is a test's temporary one)
    Path logs = Path.of("target", "reliability");
    try {
      java.nio.file.Files.createDirectories(logs);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    this.log = logs.resolve("app-" + java.time.LocalDateTime.now().toString().replace(':', '-') + "-" + port + ".log").toAbsolutePath();
  }

  static String password(String user) {
    return user + "-reliability-pw";
  }

  static Path jar() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("api/target/exportcert.jar"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("api/target/exportcert.jar not found: run `mvn -B verify -Preliability`"
          + " from the repository root (the api module packages before this one)");
    }
    Path jar = dir.resolve("api/target/exportcert.jar");
    Path newer = newestSource(dir, jar);
    if (newer != null) {
      // `-pl deploy -am` does not build the api module: the figures would be a stale build's
      throw new IllegalStateException(newer + " is newer than " + jar + ": build the jar with the suite,"
          + " `mvn -B -pl api,deploy -am verify -Preliability` (or from the root without -pl)");
    }
    return jar;
  }

  /** A source of the modules packed into the jar that changed after the jar was built, if any. */
  private static Path newestSource(Path root, Path jar) {
    try {
      java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(jar);
      for (String module : List.of("engine", "localstack", "bpmn", "certification", "workers", "api")) {
        Path sources = root.resolve(module).resolve("src/main");
        if (!Files.isDirectory(sources)) {
          continue;
        }
        try (var files = Files.walk(sources)) {
          var newer = files.filter(Files::isRegularFile).filter(f -> {
            try {
              return Files.getLastModifiedTime(f).compareTo(built) > 0;
            } catch (IOException e) {
              return false;
            }
          }).findFirst();
          if (newer.isPresent()) {
            return newer.get();
          }
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the jar and waits (up to 12 minutes on a loaded machine) until it reports ready. */
  PackagedApp start() {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-jar", jar().toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(
        k -> k.startsWith("SPRING_") || k.startsWith("EXPORTCERT_") || k.startsWith("CAMUNDA_"));
    Map<String, String> env = new HashMap<>();
    env.put("PORT", Integer.toString(port));
    env.put("EXPORTCERT_DATA_DIR", dataDirectory.toString());
    env.put("EXPORTCERT_LOCAL_STACK_ENGINE_PORT", Integer.toString(enginePort));
    env.put("EXPORTCERT_LOCAL_STACK_ENGINE_GRPC_PORT", Integer.toString(engineGrpcPort));
    env.put("EXPORTCERT_LOCAL_STACK_POSTGRES_PORT", "0");
    env.put("EXPORTCERT_LOCAL_STACK_S3_PORT", "0");
    env.put("EXPORTCERT_LOCAL_STACK_SMTP_PORT", "0");
    // the shipped models take a while to deploy on a loaded machine
    env.put("CAMUNDA_CLIENT_REQUEST_TIMEOUT", "PT60S");
    env.put("EXPORTCERT_MODELS_DEPLOYFIRSTTIMEOUT", "60s");
    for (String user : USERS) {
      env.put("EXPORTCERT_SECURITY_USERS_" + user.toUpperCase() + "_PASSWORD", password(user));
    }
    env.putAll(extraEnv);
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    starts++;
    awaitReady(Duration.ofMinutes(12));
    return this;
  }

  private void awaitReady(Duration atMost) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the application exited with " + process.exitValue() + "; see " + log);
      }
      try {
        int status = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause(Duration.ofMillis(500));
    }
    throw new IllegalStateException("the application did not become ready within " + atMost + "; see " + log);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  /** kill -9 of the JVM: no shutdown hook runs, the embedded PostgreSQL is left orphaned. */
  void kill9() {
    process.destroyForcibly();
    try {
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The embedded PostgreSQL's processes: the postmaster serving this data directory (started
   * detached by pg_ctl, so not a child of the JVM) and its backends.
   */
  List<ProcessHandle> postgresProcesses() {
    String dataDir = dataDirectory.resolve("postgres").toString();
    List<ProcessHandle> found = new java.util.ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir)).orElse(false))
        .forEach(postmaster -> {
          found.add(postmaster);
          postmaster.descendants().forEach(found::add);
        });
    return found;
  }

  /** The basic credentials the embedded engine generated into the data directory. */
  Properties engineCredentials() {
    Properties credentials = new Properties();
    try (var in = Files.newBufferedReader(dataDirectory.resolve("engine/client-credentials.properties"))) {
      credentials.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return credentials;
  }

  /** One {@code kill} for all of them, so that they stop (or die) together, not one spawn apart. */
  static void signal(String signal, List<ProcessHandle> processes) {
    List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
    processes.forEach(p -> command.add(Long.toString(p.pid())));
    try {
      Process kill = new ProcessBuilder(command).inheritIO().start();
      kill.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM and wait; SIGKILL after a minute. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  int starts() {
    return starts;
  }
}
