package org.exportcert.engine;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.exportcert.engine.bench.BenchmarkClient;
import org.exportcert.engine.bench.EngineProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of the engine with durability on (journal fsync per batch) and
 * authentication as shipped (basic, generated secret), the official Java client in its OWN JVM
 * ({@link BenchmarkClient}). Each scenario gets a fresh engine and data directory; the baselines
 * (the disk's synchronous-write rate, a fresh JVM's CPU share) are measured in the same run, before
 * and after, because the machine is shared. Run on demand (docs/benchmarks.md):
 * {@code mvn -B -pl engine -am verify -Pbenchmarks -Dtest=EngineBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; the table goes to stdout and
 * {@code engine/target/benchmark-engine.md}.
 *
 * <p>Scenarios ({@code -Dbench.scenarios}, comma-separated) read {@code <worker>-<completion>@<rate>}:
 * worker {@code poll<ms>} (long polling with that poll interval) or {@code stream<ms>} (gRPC job
 * streaming, polling as fallback); completion {@code pipe} (sent without waiting, like
 * auto-complete) or {@code wait} (the handler waits for the answer); rate instances/s or {@code max}.
 *
 * <p>Against an older engine in the same run: {@code -Dbench.baselineJar=<its standalone jar>}
 * starts that jar and this build's engine ({@code EngineMain} from the test classpath) each in its
 * own JVM ({@code -Xmx} from {@code bench.engineHeap}, 1g) with a fresh data directory and the
 * settings each version ships, and runs every scenario baseline, this build, baseline, this build
 * ({@code bench.rounds}, 2) so that the shared machine's load drift hits both; the report adds a
 * table of this build's figures over the baseline's. {@code -Dbench.profileDir=<dir>} records a
 * Flight Recorder profile of each engine JVM there.
 */
@Tag("benchmark")
class EngineBenchmark {

  private static final String DEFAULT_SCENARIOS = "poll100-wait@40,poll100-pipe@40,poll10-pipe@40,"
      + "stream100-wait@40,stream100-pipe@40,poll100-wait@max,poll100-pipe@max,stream100-pipe@max";
  private static final boolean FSYNC = !"false".equals(System.getProperty("bench.fsync"));
  private static final int INSTANCES = Integer.getInteger("bench.instances", 600);
  private static final int SATURATION_INSTANCES = Integer.getInteger("bench.saturationInstances", 2000);
  /** The standalone jar of the engine to compare with (e.g. built from an older commit); none: this build only. */
  private static final Path BASELINE_JAR = System.getProperty("bench.baselineJar", "").isBlank()
      ? null : Path.of(System.getProperty("bench.baselineJar")).toAbsolutePath();
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  /** With a baseline jar: a Flight Recorder profile of each engine JVM into this directory. */
  private static final Path PROFILE_DIR = System.getProperty("bench.profileDir", "").isBlank()
      ? null : Path.of(System.getProperty("bench.profileDir")).toAbsolutePath();
  private static int profiles;
  /** JVM flags of both engines when compared (each in its own JVM). */
  private static final List<String> ENGINE_FLAGS = List.of("-Xmx" + System.getProperty("bench.engineHeap", "1g"),
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"); // a shaded jar logs INFO otherwise, the test classpath nothing

  @Test
  void tenServiceTasksWithTheClientInItsOwnJvm() throws Exception {
    Path root = Files.createTempDirectory("engine-bench");
    StringBuilder report = new StringBuilder();
    report.append(String.format("Engine benchmark %s, %d cores, durability %s, client in its own JVM%s%n%n", Instant.now(),
        Runtime.getRuntime().availableProcessors(), FSYNC ? "on (fsync per batch)" : "OFF",
        BASELINE_JAR == null ? "" : ", each engine in its own JVM (" + String.join(" ", ENGINE_FLAGS) + "), baseline "
            + BASELINE_JAR.getFileName() + " and this build interleaved, " + ROUNDS + " rounds"));
    report.append("| baseline (same run) | before | after |\n|---|---|---|\n");
    double[] fsyncBefore = fsyncRate(root);
    double cpuBefore = childCpuMiBps();
    List<String[]> rows = new ArrayList<>();
    List<String> comparisons = new ArrayList<>();
    for (String scenario : System.getProperty("bench.scenarios", DEFAULT_SCENARIOS).split(",")) {
      if (BASELINE_JAR == null) {
        rows.add(run(root, scenario.trim()));
        continue;
      }
      // baseline, this build, baseline, this build: drift in the machine's load hits both alike
      List<Map<String, String>> baseline = new ArrayList<>();
      List<Map<String, String>> current = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        baseline.add(runChild(root, scenario.trim(), BASELINE_JAR, "baseline", rows));
        current.add(runChild(root, scenario.trim(), null, "this build", rows));
      }
      comparisons.add(compare(scenario.trim(), baseline, current));
    }
    double[] fsyncAfter = fsyncRate(root);
    double cpuAfter = childCpuMiBps();
    report.append(String.format("| disk: 4 KiB write + fsync per second (p50 / p99 ms) | %.0f/s (%.1f / %.1f) | %.0f/s (%.1f / %.1f) |%n",
        fsyncBefore[0], fsyncBefore[1], fsyncBefore[2], fsyncAfter[0], fsyncAfter[1], fsyncAfter[2]));
    report.append(String.format("| fresh JVM's CPU: SHA-256 MiB/s | %.0f | %.0f |%n%n", cpuBefore, cpuAfter));
    if (!comparisons.isEmpty()) {
      report.append("| scenario | job completions/s: baseline (runs) | this build (runs) | this / baseline"
          + " | engine CPU ms per 1,000 jobs: baseline | this build | this / baseline"
          + " | start→end p99 ms: baseline | this build | this / baseline | complete-job p99 ms: baseline | this build | this / baseline |\n");
      report.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      comparisons.forEach(report::append);
      report.append('\n');
    }
    report.append("| engine | scenario | load avg before–after | done | job completions/s | instances/s | start→end p50 / p99 ms"
        + " | complete-job p50 / p99 ms | create p50 / p99 ms | refused creations | step hand-off p50 / p99 ms | job delivery p50 / p99 ms"
        + " | engine command p50 / p99 ms | commands per fsync avg |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> report.append("| ").append(String.join(" | ", r)).append(" |\n"));
    System.out.println();
    System.out.println(report);
    Path out = Path.of("target", "benchmark-engine.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  /** One scenario against a fresh engine in this JVM; returns its table row. */
  private static String[] run(Path root, String scenario) throws Exception {
    Path dir = Files.createTempDirectory(root, "engine");
    try (ExportCertEngine engine = ExportCertEngine.start(new EngineConfig("127.0.0.1", 0, dir, FSYNC))) {
      double loadBefore = loadAverage();
      Map<String, String> result = client(scenario, engine.restAddress().toString(), engine.grpcAddress().toString(),
          engine.credentials().username(), engine.credentials().password());
      return row("this build (in the test JVM)", scenario, loadBefore, result,
          String.format("%.1f / %.1f", engine.stats().percentileMillis(50), engine.stats().percentileMillis(99)),
          String.format("%.1f", engine.stats().averageBatch()));
    }
  }

  /**
   * One scenario against a fresh engine in a child JVM: the baseline jar, or (jar null) this
   * build's engine from the test classpath. Adds its row, returns the client's result.
   */
  private static Map<String, String> runChild(Path root, String scenario, Path jar, String label, List<String[]> rows)
      throws Exception {
    List<String> flags = new ArrayList<>(ENGINE_FLAGS);
    if (PROFILE_DIR != null) { // where each engine's CPU goes, to compare the two (jfr print --events jdk.ExecutionSample)
      flags.add("-XX:StartFlightRecording=settings=" + System.getProperty("bench.profileSettings", "profile") + ",filename=" + PROFILE_DIR.resolve(
          (label + "-" + scenario + "-" + (++profiles) + ".jfr").replaceAll("[^A-Za-z0-9.@-]", "_")));
    }
    try (EngineProcess engine = new EngineProcess(jar, flags, FSYNC, root)) {
      double loadBefore = loadAverage();
      long cpuBefore = engine.cpuTime().toMillis();
      Map<String, String> result = client(scenario, engine.rest(), engine.grpc(), engine.username(), engine.password());
      // CPU per job does not depend on how much of the shared machine the engine got, unlike jobs/s
      double jobs = Double.parseDouble(result.get("jobsPerSecond")) * Double.parseDouble(result.get("seconds"));
      result = new java.util.HashMap<>(result);
      result.put("cpuPer1kJobs", String.format(java.util.Locale.ROOT, "%.0f", (engine.cpuTime().toMillis() - cpuBefore) / jobs * 1000));
      // the child engine's own command latency and batch sizes are not visible from here
      rows.add(row(label, scenario, loadBefore, result, "—", "—"));
      return result;
    }
  }

  /** Runs the benchmark client for one scenario against the engine at those addresses. */
  private static Map<String, String> client(String scenario, String rest, String grpc, String user, String password)
      throws Exception {
    String[] workerAndRate = scenario.split("@");
    String[] workerAndCompletion = workerAndRate[0].split("-");
    boolean stream = workerAndCompletion[0].startsWith("stream");
    String pollMs = workerAndCompletion[0].replaceAll("\\D", "");
    boolean wait = "wait".equals(workerAndCompletion[1]);
    boolean saturation = "max".equals(workerAndRate[1]);
    int rate = saturation ? 0 : Integer.parseInt(workerAndRate[1]);
    return child(List.of(
        "-Dbench.rest=" + rest, "-Dbench.grpc=" + grpc, "-Dbench.user=" + user, "-Dbench.password=" + password,
        "-Dbench.instances=" + (saturation ? SATURATION_INSTANCES : INSTANCES), "-Dbench.rate=" + rate,
        "-Dbench.stream=" + stream, "-Dbench.wait=" + wait, "-Dbench.pollInterval=" + (pollMs.isEmpty() ? "100" : pollMs),
        "-Dbench.maxJobsActive=" + Integer.getInteger("bench.maxJobsActive", 32),
        "-Dbench.threads=" + Integer.getInteger("bench.threads", 4)));
  }

  private static String[] row(String engine, String scenario, double loadBefore, Map<String, String> result,
      String engineCommand, String perFsync) {
    String[] row = {
        engine, scenario, String.format("%.1f–%.1f", loadBefore, loadAverage()), result.getOrDefault("done", "?"),
        result.get("jobsPerSecond"), result.get("instancesPerSecond"), result.get("e2eP50") + " / " + result.get("e2eP99"),
        result.get("completeP50") + " / " + result.get("completeP99"), result.get("createP50") + " / " + result.get("createP99"),
        result.get("refused"), result.get("handoffP50") + " / " + result.get("handoffP99"),
        result.get("deliveryP50") + " / " + result.get("deliveryP99"), engineCommand, perFsync};
    System.out.println("BENCHMARK " + String.join(" | ", row));
    return row;
  }

  /** The comparison row of one scenario: means over the rounds, and this build's mean over the baseline's. */
  private static String compare(String scenario, List<Map<String, String>> baseline, List<Map<String, String>> current) {
    StringBuilder line = new StringBuilder("| ").append(scenario);
    for (String key : List.of("jobsPerSecond", "cpuPer1kJobs", "e2eP99", "completeP99")) {
      double base = mean(baseline, key);
      double ours = mean(current, key);
      line.append(String.format(" | %.0f (%s) | %.0f (%s) | **%.2f**", base, runs(baseline, key), ours, runs(current, key),
          ours / base));
    }
    return line.append(" |\n").toString();
  }

  private static double mean(List<Map<String, String>> results, String key) {
    return results.stream().mapToDouble(r -> Double.parseDouble(r.get(key))).average().orElse(Double.NaN);
  }

  private static String runs(List<Map<String, String>> results, String key) {
    return String.join(", ", results.stream().map(r -> String.format("%.0f", Double.parseDouble(r.get(key)))).toList());
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double childCpuMiBps() throws Exception {
    return Double.parseDouble(child(List.of(), "cpu").get("cpuMiBps"));
  }

  /** Runs {@link BenchmarkClient} in a child JVM and returns its RESULT line's pairs. */
  private static Map<String, String> child(List<String> properties, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + System.getProperty("bench.clientHeap", "512m"));
    command.addAll(properties);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchmarkClient.class.getName()));
    command.addAll(Arrays.asList(args));
    File log = File.createTempFile("bench-client", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("benchmark client did not finish; its output: " + log);
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : Files.readAllLines(log.toPath())) {
      if (line.startsWith("RESULT ")) {
        for (String pair : line.substring(7).trim().split(" ")) {
          String[] kv = pair.split("=", 2);
          result.put(kv[0], kv[1]);
        }
      }
    }
    if (result.isEmpty()) {
      throw new IllegalStateException("benchmark client printed no result (exit " + process.exitValue() + "); its output: " + log);
    }
    Files.delete(log.toPath());
    return result;
  }

  /** The disk's synchronous-write rate [per second, p50 ms, p99 ms]: the ceiling without group commit. */
  private static double[] fsyncRate(Path dir) throws IOException {
    Path file = dir.resolve("fsync-probe");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      long begin = System.nanoTime();
      long end = begin + 2_000_000_000L;
      List<Long> latencies = new ArrayList<>();
      while (System.nanoTime() < end) {
        long start = System.nanoTime();
        block.clear();
        channel.write(block);
        channel.force(false);
        latencies.add(System.nanoTime() - start);
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      return new double[] {sorted.length / seconds, sorted[sorted.length / 2] / 1e6,
          sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6};
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
