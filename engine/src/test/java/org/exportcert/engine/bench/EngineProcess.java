package org.exportcert.engine.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An engine started through its standalone entry point ({@code EngineMain}) in a child JVM, so that
 * two engine versions run under the same conditions in one benchmark: the same JVM flags, a fresh
 * temporary data directory each, durability and every other setting as that version ships them
 * (no {@code EXPORTCERT_ENGINE_*} variable passed on except the basic-auth credentials), REST and
 * gRPC on free ports. Both versions' {@code EngineMain} take {@code --port 0 --grpc-port 0
 * --data-dir DIR} and print "serving REST and gRPC GRPC" once they listen.
 */
public final class EngineProcess implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("serving (\\S+) and gRPC (\\S+)");
  private static final String MAIN = "org.exportcert.engine.EngineMain";

  private final Process process;
  private final Path dataDirectory;
  private final Path log;
  private final String rest;
  private final String grpc;
  private final String username = "bench";
  private final String password;

  /**
   * @param jar the standalone jar to run, or null for this build's engine from the test classpath
   * @param jvmFlags heap and other JVM flags, the same for every engine of a run
   * @param fsync false passes {@code --no-fsync} (comparison runs only; shipped is fsync on)
   */
  public EngineProcess(Path jar, List<String> jvmFlags, boolean fsync, Path parent) throws IOException, InterruptedException {
    this.dataDirectory = Files.createTempDirectory(parent, "engine-data");
    this.log = Files.createTempFile(parent, "engine", ".log");
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    this.password = HexFormat.of().formatHex(secret);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    if (jar != null) {
      command.addAll(List.of("-jar", jar.toString()));
    } else {
      command.addAll(List.of("-cp", shippedClasspath(), MAIN));
    }
    command.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--grpc-port", "0", "--data-dir", dataDirectory.toString()));
    if (!fsync) {
      command.add("--no-fsync");
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("EXPORTCERT_ENGINE_"));
    env.put("EXPORTCERT_ENGINE_USERNAME", username);
    env.put("EXPORTCERT_ENGINE_PASSWORD", password);
    this.process = builder.start();
    CompletableFuture<Matcher> serving = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyOutput(serving), "engine-process-output");
    reader.setDaemon(true);
    reader.start();
    Matcher addresses;
    try {
      addresses = serving.get(3, TimeUnit.MINUTES);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("engine " + (jar == null ? "(test classpath)" : jar) + " did not start; its output: " + log, e);
    }
    this.rest = addresses.group(1);
    this.grpc = addresses.group(2);
  }

  /**
   * The test classpath as the standalone jar ships it: the test classpath brings logback (through
   * the Spring starter) with its default of DEBUG to the console, the jar slf4j-simple at INFO.
   */
  private static String shippedClasspath() {
    List<String> entries = new ArrayList<>();
    String slf4jApi = null;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("logback-") || name.startsWith("log4j-to-slf4j") || name.startsWith("jul-to-slf4j")) {
        continue;
      }
      if (name.startsWith("slf4j-api-")) {
        slf4jApi = entry;
      }
      entries.add(entry);
    }
    if (slf4jApi != null) { // ~/.m2/.../slf4j-api/V/slf4j-api-V.jar -> .../slf4j-simple/V/slf4j-simple-V.jar
      Path api = Path.of(slf4jApi);
      String version = api.getParent().getFileName().toString();
      Path simple = api.getParent().getParent().resolveSibling("slf4j-simple").resolve(version)
          .resolve("slf4j-simple-" + version + ".jar");
      if (Files.exists(simple)) {
        entries.add(simple.toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Copies the child's output to the log file and completes {@code serving} at the address line. */
  private void copyOutput(CompletableFuture<Matcher> serving) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        Matcher matcher = SERVING.matcher(line);
        if (!serving.isDone() && matcher.find()) {
          serving.complete(matcher);
        }
      }
    } catch (IOException e) {
      serving.completeExceptionally(e);
    }
    serving.completeExceptionally(new IllegalStateException("the engine's output ended before it listened"));
  }

  /** CPU time the engine's JVM has used so far (all its threads), for CPU per job. */
  public java.time.Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  public String rest() {
    return rest;
  }

  public String grpc() {
    return grpc;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Stops the engine as an operator would (SIGTERM: its shutdown hook closes it) and removes its data. */
  @Override
  public void close() throws InterruptedException, IOException {
    stop();
    Files.deleteIfExists(log);
  }

  /** Stops the process and removes the data directory; the log stays (for a failed start). */
  private void stop() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
