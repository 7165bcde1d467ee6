package org.exportcert.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.builder.AbstractFlowNodeBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency with durability on (journal fsync per batch): a 10-service-task process,
 * one client job worker per task type (what each Spring {@code @JobWorker} runs underneath), and
 * instances started by a bounded number of concurrent creators. Prints the figures recorded in
 * docs/benchmarks.md. Run on demand:
 * {@code mvn -B -pl engine test -Dtest=EngineBenchmark -Dengine.excludedGroups=none}.
 */
@Tag("benchmark")
class EngineBenchmark {

  private static final int TASKS = 10;
  private static final int INSTANCES = Integer.getInteger("bench.instances", 3000);
  private static final int IN_FLIGHT_CREATES = Integer.getInteger("bench.inflight", 64);
  /** Instances started per second; 0 = as fast as the engine takes them (throughput run). */
  private static final int RATE = Integer.getInteger("bench.rate", 0);
  /** false = journal written but not fsync'd (comparison run only). */
  /** true = each handler waits for its completion's answer (the comparison for the async path). */
  private static final boolean WAIT_FOR_COMPLETION = Boolean.getBoolean("bench.wait");
  private static final boolean FSYNC = !"false".equals(System.getProperty("bench.fsync"));

  @Test
  void tenServiceTasks() throws Exception {
    Path dir = Files.createTempDirectory("engine-bench");
    double fsyncPerSecond = fsyncCeiling(dir);
    try (ExportCertEngine engine = ExportCertEngine.start(new EngineConfig("127.0.0.1", 0, dir, FSYNC));
        CamundaClient client = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
            .credentialsProvider(EngineExtension.credentials(engine)).numJobWorkerExecutionThreads(4)
            .defaultJobPollInterval(Duration.ofMillis(Long.getLong("bench.pollInterval", 10))).build()) {
      AbstractFlowNodeBuilder<?, ?> builder = Bpmn.createExecutableProcess("bench").startEvent();
      for (int i = 1; i <= TASKS; i++) {
        String type = "bench-" + i;
        builder = builder.serviceTask("Task_" + i, t -> t.zeebeJobType(type));
      }
      client.newDeployResourceCommand().addProcessModel(builder.endEvent().done(), "bench.bpmn").send().join();

      ConcurrentLinkedQueue<Long> completeLatencies = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Long> createLatencies = new ConcurrentLinkedQueue<>();
      CountDownLatch finished = new CountDownLatch(INSTANCES);
      java.util.concurrent.ConcurrentHashMap<Long, Long> startedAt = new java.util.concurrent.ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Long> endToEnd = new ConcurrentLinkedQueue<>();
      List<JobWorker> workers = new ArrayList<>();
      for (int i = 1; i <= TASKS; i++) {
        boolean last = i == TASKS;
        workers.add(client.newWorker().jobType("bench-" + i).handler((jobClient, job) -> {
          long start = System.nanoTime();
          // asynchronous like the starter's auto-completion: the handler thread is free at once
          var sent = jobClient.newCompleteCommand(job).variables(Map.of("step", job.getElementId())).send()
              .whenComplete((r, e) -> {
                completeLatencies.add(System.nanoTime() - start);
                if (last && e == null) {
                  Long started = startedAt.remove(job.getProcessInstanceKey());
                  if (started != null) {
                    endToEnd.add(System.nanoTime() - started);
                  }
                  finished.countDown();
                }
              });
          if (WAIT_FOR_COMPLETION) {
            sent.toCompletableFuture().join();
          }
        }).maxJobsActive(Integer.getInteger("bench.maxJobsActive", 32)).timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(5)).open());
      }

      Semaphore inFlight = new Semaphore(IN_FLIGHT_CREATES);
      ExecutorService creators = Executors.newFixedThreadPool(4);
      long begin = System.nanoTime();
      for (int n = 0; n < INSTANCES; n++) {
        if (RATE > 0) {
          long due = begin + (long) (n * 1e9 / RATE);
          while (System.nanoTime() < due) {
            java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
          }
        }
        inFlight.acquire();
        long start = System.nanoTime();
        int caseNo = n;
        client.newCreateInstanceCommand().bpmnProcessId("bench").latestVersion()
            .variables(Map.of("caseId", "CASE-" + caseNo)).send()
            .whenCompleteAsync((r, e) -> {
              createLatencies.add(System.nanoTime() - start);
              if (r != null) {
                startedAt.put(r.getProcessInstanceKey(), start);
              }
              inFlight.release();
            }, creators);
      }
      boolean done = finished.await(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - begin) / 1e9;
      workers.forEach(JobWorker::close);
      creators.shutdown();

      long journalBytes = Files.size(dir.resolve("journal.log"));
      System.out.printf("%nBENCHMARK (%s, start rate %s)%n", FSYNC ? "durability on, fsync per batch" : "NO fsync", RATE == 0 ? "unlimited" : RATE + "/s");
      System.out.printf("  completed: %s, instances: %d, tasks per instance: %d, elapsed: %.1f s%n", done, INSTANCES, TASKS, seconds);
      System.out.printf("  job completions/s: %.0f%n", INSTANCES * TASKS / seconds);
      System.out.printf("  process instances/s (end to end, 10 jobs each): %.0f%n", INSTANCES / seconds);
      System.out.printf("  complete-job latency ms: p50 %.1f, p99 %.1f, max %.1f%n", pct(completeLatencies, 50), pct(completeLatencies, 99), pct(completeLatencies, 100));
      System.out.printf("  start-to-end latency ms (%s completions): p50 %.1f, p99 %.1f%n", WAIT_FOR_COMPLETION ? "waited-for" : "pipelined", pct(endToEnd, 50), pct(endToEnd, 99));
      System.out.printf("  create-instance latency ms: p50 %.1f, p99 %.1f%n", pct(createLatencies, 50), pct(createLatencies, 99));
      System.out.printf("  engine-side command latency ms (arrival to durable answer): p50 %.1f, p99 %.1f; group commit: avg %.1f, max %d commands per fsync%n",
          engine.stats().percentileMillis(50), engine.stats().percentileMillis(99), engine.stats().averageBatch(), engine.stats().maxBatch());
      System.out.printf("  disk fsync ceiling (4 KiB write + fsync, one thread): %.0f/s, fsync latency p50 %.1f ms, p99 %.1f ms%n", fsyncPerSecond, FSYNC_P50, FSYNC_P99);
      System.out.printf("  machine: %d cores, load average at end %.1f%n", Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.printf("  journal: %.1f MiB%n", journalBytes / 1048576.0);

      long restartBegin = System.nanoTime();
      try (ExportCertEngine replayed = ExportCertEngine.start(EngineConfig.of(0, dir))) {
        System.out.printf("  restart with full journal replay: %.0f ms%n", (System.nanoTime() - restartBegin) / 1e6);
      }
    }
  }

  private static double pct(ConcurrentLinkedQueue<Long> nanos, int percentile) {
    long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(values);
    int index = Math.min(values.length - 1, (int) Math.ceil(percentile / 100.0 * values.length) - 1);
    return values[Math.max(0, index)] / 1e6;
  }

  private static double FSYNC_P50;
  private static double FSYNC_P99;

  /** The disk's synchronous-write rate: the ceiling a per-command fsync would hit without group commit. */
  private static double fsyncCeiling(Path dir) throws IOException {
    Path file = dir.resolve("fsync-probe");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      long end = System.nanoTime() + 2_000_000_000L;
      int count = 0;
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      while (System.nanoTime() < end) {
        long start = System.nanoTime();
        block.clear();
        channel.write(block);
        channel.force(false);
        latencies.add(System.nanoTime() - start);
        count++;
      }
      FSYNC_P50 = pct(latencies, 50);
      FSYNC_P99 = pct(latencies, 99);
      return count / 2.0;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
