package org.exportcert.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.exportcert.engine.runtime.Backpressure;
import org.exportcert.engine.runtime.CommandProcessor;
import org.exportcert.engine.runtime.Json;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live heap per active and per finished trivial instance (start, one service task, end) and
 * restart time with many finished instances, for today's engine ("baseline": no history store, no
 * snapshots, so every instance stays on the heap and a start replays the whole journal) and with
 * the history store and snapshots, in the same run. Commands go straight to the command processor
 * (no HTTP), journal without fsync, so the figures are the engine's own.
 *
 * <p>{@code mvn -B -pl engine -am test -Pbenchmarks -Dtest=MemoryRestartBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.finished=10000,100000] [-Dbench.active=10000]}
 */
@Tag("benchmark")
class MemoryRestartBenchmark {

  private static final int ACTIVE = Integer.getInteger("bench.active", 10_000);

  @Test
  void heapAndRestart() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("| engine | finished | active | heap per active | heap per finished | live heap total | restart | data dir | load |");
    lines.add("|---|---|---|---|---|---|---|---|---|");
    List<String> modes = List.of(System.getProperty("bench.modes", "baseline,history").split(","));
    for (String finished : System.getProperty("bench.finished", "10000,100000").split(",")) {
      int n = Integer.parseInt(finished.trim());
      for (boolean history : new boolean[] {false, true}) {
        if (!modes.contains(history ? "history" : "baseline")) {
          continue;
        }
        lines.add(run(history, n));
        report(lines.get(lines.size() - 1));
      }
    }
    System.out.println(String.join("\n", lines));
  }

  private static CommandProcessor processor(Path dir, boolean history) {
    SnapshotPolicy snapshots = history ? SnapshotPolicy.defaults() : new SnapshotPolicy(0, 0);
    return new CommandProcessor(dir, false, new Backpressure(0, 0), snapshots, history);
  }

  private static String run(boolean history, int finished) throws Exception {
    String keep = System.getProperty("bench.keep");
    Path dir = keep == null ? Files.createTempDirectory("bench-heap")
        : Files.createDirectories(Path.of(keep, (history ? "history-" : "baseline-") + finished));
    long generating = System.nanoTime();
    CommandProcessor processor = processor(dir, history);
    // the same trivial process twice: instances of "waiting" stay active, those of "trivial" finish
    ObjectNode deploy = Json.object();
    for (String id : List.of("trivial", "waiting")) {
      ObjectNode resource = deploy.withArray("resources").addObject();
      resource.put("name", id + ".bpmn");
      resource.put("content", Base64.getEncoder().encodeToString(Bpmn.convertToString(
          Bpmn.createExecutableProcess(id).startEvent().serviceTask("task", t -> t.zeebeJobType(id))
              .endEvent().done()).getBytes(StandardCharsets.UTF_8)));
    }
    processor.submit("deploy", deploy).join();
    long h0 = liveHeap();
    create(processor, "waiting", ACTIVE);
    long h1 = liveHeap();
    if (Boolean.getBoolean("bench.histogram")) {
      printHistogram();
    }
    for (int done = 0; done < finished; done += 1000) {
      int batch = Math.min(1000, finished - done);
      create(processor, "trivial", batch);
      complete(processor, batch);
      if ((done + batch) % 100_000 == 0) {
        System.out.printf("%,d finished after %,d s, load average %.1f%n", done + batch,
            (System.nanoTime() - generating) / 1_000_000_000, loadAverage());
      }
    }
    long h2 = liveHeap();
    processor.close();
    long cpu0 = processCpuNanos();
    long started = System.nanoTime();
    CommandProcessor restarted = processor(dir, history);
    restarted.query(s -> null).join();
    long restartMs = (System.nanoTime() - started) / 1_000_000;
    long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
    restarted.close();
    long bytes;
    try (var files = Files.walk(dir)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    return String.format("| %s | %,d | %,d | %,d B | %,d B | %,.1f MiB | %,d ms (CPU %,d ms) | %,.1f MiB | %.1f |",
        history ? "history store + snapshots" : "baseline (all on heap, full replay)", finished, ACTIVE,
        (h1 - h0) / ACTIVE, (h2 - h1) / Math.max(1, finished), (h2 - h0) / 1048576.0, restartMs, cpuMs, bytes / 1048576.0,
        loadAverage());
  }

  private static void create(CommandProcessor processor, String processId, int count) {
    List<CompletableFuture<JsonNode>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ObjectNode body = Json.object();
      body.put("processDefinitionId", processId);
      pending.add(processor.submit("create", body));
    }
    pending.forEach(CompletableFuture::join);
  }

  /** Activates and completes {@code count} of the open jobs (the newest are not guaranteed: any open ones). */
  private static void complete(CommandProcessor processor, int count) {
    int left = count;
    while (left > 0) {
      ObjectNode activate = Json.object();
      activate.put("type", "trivial");
      activate.put("maxJobsToActivate", Math.min(left, 1000));
      activate.put("timeout", 600_000);
      activate.put("worker", "bench");
      activate.put("requestTimeout", -1);
      JsonNode jobs = processor.submit("activate", activate).join().path("jobs");
      List<CompletableFuture<JsonNode>> pending = new ArrayList<>();
      for (JsonNode job : jobs) {
        ObjectNode body = Json.object();
        body.put("key", Long.parseLong(job.path("jobKey").asText()));
        pending.add(processor.submit("complete-job", body));
      }
      pending.forEach(CompletableFuture::join);
      left -= jobs.size();
    }
  }

  /** The classes taking most of the live heap (jcmd on this JVM): what an active instance is made of. */
  private static void printHistogram() throws Exception {
    String pid = String.valueOf(ProcessHandle.current().pid());
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid,
        "GC.class_histogram").redirectErrorStream(true).start();
    List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    jcmd.waitFor();
    lines.stream().limit(Integer.getInteger("bench.histogramLines", 40)).forEach(System.out::println);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * A restart in a fresh JVM of a data directory kept by an earlier run ({@code -Dbench.keep=DIR}):
   * {@code -Dbench.restart=DIR/history-1000000}: the time until the first query is answered and the
   * live heap after it, with what the restored state holds.
   */
  @Test
  void restartKeptDirectory() throws Exception {
    String restart = System.getProperty("bench.restart");
    org.junit.jupiter.api.Assumptions.assumeTrue(restart != null, "-Dbench.restart=<kept data directory> not given");
    Path dir = Path.of(restart);
    boolean history = dir.getFileName().toString().startsWith("history");
    long h0 = liveHeap();
    double load = loadAverage();
    long cpu0 = processCpuNanos();
    long started = System.nanoTime();
    CommandProcessor restarted = processor(dir, history);
    JsonNode held = restarted.query(s -> {
      ObjectNode node = Json.object();
      node.put("processInstances", s.processInstances.size());
      node.put("elementInstances", s.elementInstances.size());
      node.put("jobs", s.jobs.size());
      return node;
    }).join();
    long restartMs = (System.nanoTime() - started) / 1_000_000;
    long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
    long h1 = liveHeap();
    restarted.close();
    report(String.format("| restart of %s (fresh JVM) | %,d ms (CPU %,d ms) | live heap after %,.1f MiB (empty engine %,.1f MiB) | "
            + "in memory: %,d process instances, %,d element instances, %,d jobs | load average %.1f |",
        dir.getFileName(), restartMs, cpuMs, h1 / 1048576.0, h0 / 1048576.0, held.path("processInstances").asLong(),
        held.path("elementInstances").asLong(), held.path("jobs").asLong(), load));
  }

  /** CPU time of this JVM (all threads): what a restart costs whatever the machine's load. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Prints a result line and appends it to {@code -Dbench.report} (surefire may drop a long run's output). */
  private static void report(String line) {
    System.out.println(line);
    String file = System.getProperty("bench.report");
    if (file != null) {
      try {
        Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static long liveHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
