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
 */
@Tag("benchmark")
class EngineBenchmark {

  private static final String DEFAULT_SCENARIOS = "poll100-wait@40,poll100-pipe@40,poll10-pipe@40,"
      + "stream100-wait@40,stream100-pipe@40,poll100-wait@max,poll100-pipe@max,stream100-pipe@max";
  private static final boolean FSYNC = !"false".equals(System.getProperty("bench.fsync"));
  private static final int INSTANCES = Integer.getInteger("bench.instances", 600);
  private static final int SATURATION_INSTANCES = Integer.getInteger("bench.saturationInstances", 2000);

  @Test
  void tenServiceTasksWithTheClientInItsOwnJvm() throws Exception {
    Path root = Files.createTempDirectory("engine-bench");
    StringBuilder report = new StringBuilder();
    report.append(String.format("Engine benchmark %s, %d cores, durability %s, client in its own JVM%n%n", Instant.now(),
        Runtime.getRuntime().availableProcessors(), FSYNC ? "on (fsync per batch)" : "OFF"));
    report.append("| baseline (same run) | before | after |\n|---|---|---|\n");
    double[] fsyncBefore = fsyncRate(root);
    double cpuBefore = childCpuMiBps();
    List<String[]> rows = new ArrayList<>();
    for (String scenario : System.getProperty("bench.scenarios", DEFAULT_SCENARIOS).split(",")) {
      rows.add(run(root, scenario.trim()));
    }
    double[] fsyncAfter = fsyncRate(root);
    double cpuAfter = childCpuMiBps();
    report.append(String.format("| disk: 4 KiB write + fsync per second (p50 / p99 ms) | %.0f/s (%.1f / %.1f) | %.0f/s (%.1f / %.1f) |%n",
        fsyncBefore[0], fsyncBefore[1], fsyncBefore[2], fsyncAfter[0], fsyncAfter[1], fsyncAfter[2]));
    report.append(String.format("| fresh JVM's CPU: SHA-256 MiB/s | %.0f | %.0f |%n%n", cpuBefore, cpuAfter));
    report.append("| scenario | load avg | done | job completions/s | instances/s | start→end p50 / p99 ms"
        + " | complete-job p50 / p99 ms | create p50 / p99 ms | refused creations | step hand-off p50 / p99 ms | job delivery p50 / p99 ms"
        + " | engine command p50 / p99 ms | commands per fsync avg |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> report.append("| ").append(String.join(" | ", r)).append(" |\n"));
    System.out.println();
    System.out.println(report);
    Path out = Path.of("target", "benchmark-engine.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  /** One scenario against a fresh engine; returns its table row. */
  private static String[] run(Path root, String scenario) throws Exception {
    String[] workerAndRate = scenario.split("@");
    String[] workerAndCompletion = workerAndRate[0].split("-");
    boolean stream = workerAndCompletion[0].startsWith("stream");
    String pollMs = workerAndCompletion[0].replaceAll("\\D", "");
    boolean wait = "wait".equals(workerAndCompletion[1]);
    boolean saturation = "max".equals(workerAndRate[1]);
    int rate = saturation ? 0 : Integer.parseInt(workerAndRate[1]);
    Path dir = Files.createTempDirectory(root, "engine");
    try (ExportCertEngine engine = ExportCertEngine.start(new EngineConfig("127.0.0.1", 0, dir, FSYNC))) {
      Map<String, String> result = child(List.of(
          "-Dbench.rest=" + engine.restAddress(), "-Dbench.grpc=" + engine.grpcAddress(),
          "-Dbench.user=" + engine.credentials().username(), "-Dbench.password=" + engine.credentials().password(),
          "-Dbench.instances=" + (saturation ? SATURATION_INSTANCES : INSTANCES), "-Dbench.rate=" + rate,
          "-Dbench.stream=" + stream, "-Dbench.wait=" + wait, "-Dbench.pollInterval=" + (pollMs.isEmpty() ? "100" : pollMs),
          "-Dbench.maxJobsActive=" + Integer.getInteger("bench.maxJobsActive", 32),
          "-Dbench.threads=" + Integer.getInteger("bench.threads", 4)));
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      String[] row = {
          scenario, String.format("%.0f", load), result.getOrDefault("done", "?"), result.get("jobsPerSecond"),
          result.get("instancesPerSecond"), result.get("e2eP50") + " / " + result.get("e2eP99"),
          result.get("completeP50") + " / " + result.get("completeP99"), result.get("createP50") + " / " + result.get("createP99"),
          result.get("refused"), result.get("handoffP50") + " / " + result.get("handoffP99"),
          result.get("deliveryP50") + " / " + result.get("deliveryP99"),
          String.format("%.1f / %.1f", engine.stats().percentileMillis(50), engine.stats().percentileMillis(99)),
          String.format("%.1f", engine.stats().averageBatch())};
      System.out.println("BENCHMARK " + String.join(" | ", row));
      return row;
    }
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
