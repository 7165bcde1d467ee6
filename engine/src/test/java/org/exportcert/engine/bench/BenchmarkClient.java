package org.exportcert.engine.bench;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.builder.AbstractFlowNodeBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's client, run in its own JVM by {@code EngineBenchmark} so that its CPU and
 * garbage are not counted against the engine: deploys a 10-service-task process, opens one
 * official {@link JobWorker} per task type (what each Spring {@code @JobWorker} runs) and starts
 * instances at a fixed rate or as fast as the engine takes them. Prints one {@code RESULT} line of
 * {@code key=value} pairs that the parent reads.
 *
 * <p>Configured by system properties: {@code bench.rest}, {@code bench.grpc}, {@code bench.user},
 * {@code bench.password} (where and as whom), {@code bench.instances}, {@code bench.rate} (0 = as
 * fast as possible), {@code bench.stream} (job streaming over gRPC instead of polling), {@code
 * bench.pollInterval} (ms), {@code bench.wait} (handlers wait for each completion's answer
 * instead of sending it pipelined like auto-complete), {@code bench.maxJobsActive}, {@code
 * bench.threads} (handler threads shared by the workers), {@code bench.inflight} (creations in
 * flight at most).
 *
 * <p>Besides start→end it splits each step: <em>hand-off</em> is from sending one task's completion
 * to the next task's job being activated (the engine's work plus any wait for the worker's next
 * poll: where the polling worker's stall shows), <em>delivery</em> from activation to the handler
 * running (transport and the client's handler queue). Activation time is the job's deadline minus
 * its timeout, on the engine's wall clock; both JVMs run on the same machine.
 */
public final class BenchmarkClient {

  static final int TASKS = 10;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(1);

  private BenchmarkClient() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "cpu".equals(args[0])) {
      cpuBaseline();
      return;
    }
    int instances = Integer.getInteger("bench.instances", 600);
    int rate = Integer.getInteger("bench.rate", 40);
    boolean stream = Boolean.getBoolean("bench.stream");
    boolean wait = Boolean.getBoolean("bench.wait");
    long pollMs = Long.getLong("bench.pollInterval", 100);
    Samples complete = new Samples();
    Samples create = new Samples();
    Samples endToEnd = new Samples();
    AtomicLong refused = new AtomicLong();
    // where a step's time goes: previous completion sent -> next job activated (engine + waiting for
    // a poll), and activated -> handler running (delivery); wall clock, both JVMs on this machine
    Samples handoff = new Samples();
    Samples delivery = new Samples();
    Map<Long, Long> completionSentAt = new ConcurrentHashMap<>();
    try (CamundaClient client = CamundaClient.newClientBuilder()
        .restAddress(URI.create(System.getProperty("bench.rest")))
        .grpcAddress(URI.create(System.getProperty("bench.grpc")))
        .credentialsProvider(CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
            .username(System.getProperty("bench.user")).password(System.getProperty("bench.password")).build())
        .numJobWorkerExecutionThreads(Integer.getInteger("bench.threads", 4))
        .defaultJobPollInterval(Duration.ofMillis(pollMs))
        .defaultRequestTimeout(Duration.ofSeconds(30))
        .build()) {
      AbstractFlowNodeBuilder<?, ?> builder = Bpmn.createExecutableProcess("bench").startEvent();
      for (int i = 1; i <= TASKS; i++) {
        String type = "bench-" + i;
        builder = builder.serviceTask("Task_" + i, t -> t.zeebeJobType(type));
      }
      client.newDeployResourceCommand().addProcessModel(builder.endEvent().done(), "bench.bpmn").send().join();

      CountDownLatch finished = new CountDownLatch(instances);
      Map<Long, Long> startedAt = new ConcurrentHashMap<>();
      List<JobWorker> workers = new ArrayList<>();
      for (int i = 1; i <= TASKS; i++) {
        boolean last = i == TASKS;
        workers.add(client.newWorker().jobType("bench-" + i).handler((jobClient, job) -> {
          long start = System.nanoTime();
          long wallNow = System.currentTimeMillis();
          long activatedAt = job.getDeadline() - JOB_TIMEOUT.toMillis();
          delivery.add((wallNow - activatedAt) * 1_000_000);
          Long previous = completionSentAt.remove(job.getProcessInstanceKey());
          if (previous != null) {
            handoff.add((activatedAt - previous) * 1_000_000);
          }
          if (!last) {
            completionSentAt.put(job.getProcessInstanceKey(), System.currentTimeMillis());
          }
          var sent = jobClient.newCompleteCommand(job).variables(Map.of("step", job.getElementId())).send()
              .whenComplete((r, e) -> {
                complete.add(System.nanoTime() - start);
                if (last && e == null) {
                  Long started = startedAt.remove(job.getProcessInstanceKey());
                  if (started != null) {
                    endToEnd.add(System.nanoTime() - started);
                  }
                  finished.countDown();
                }
              });
          if (wait) {
            sent.toCompletableFuture().join();
          }
        }).maxJobsActive(Integer.getInteger("bench.maxJobsActive", 32)).streamEnabled(stream)
            .timeout(JOB_TIMEOUT).requestTimeout(Duration.ofSeconds(5)).open());
      }

      Semaphore inFlight = new Semaphore(Integer.getInteger("bench.inflight", 64));
      ExecutorService callbacks = Executors.newFixedThreadPool(2);
      long begin = System.nanoTime();
      for (int n = 0; n < instances; n++) {
        if (rate > 0) {
          long due = begin + (long) (n * 1e9 / rate);
          while (System.nanoTime() < due) {
            LockSupport.parkNanos(due - System.nanoTime());
          }
        }
        inFlight.acquire();
        startOne(client, n, create, startedAt, refused, inFlight, callbacks);
      }
      boolean done = finished.await(5, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - begin) / 1e9;
      workers.forEach(JobWorker::close);
      callbacks.shutdown();
      System.out.printf("RESULT done=%s seconds=%.2f jobsPerSecond=%.1f instancesPerSecond=%.1f"
              + " e2eP50=%.1f e2eP99=%.1f completeP50=%.1f completeP99=%.1f createP50=%.1f createP99=%.1f refused=%d"
              + " handoffP50=%.0f handoffP99=%.0f deliveryP50=%.0f deliveryP99=%.0f%n",
          done, seconds, instances * TASKS / seconds, instances / seconds, endToEnd.percentile(50), endToEnd.percentile(99),
          complete.percentile(50), complete.percentile(99), create.percentile(50), create.percentile(99), refused.get(),
          handoff.percentile(50), handoff.percentile(99), delivery.percentile(50), delivery.percentile(99));
    }
    System.exit(0);
  }

  /** How much CPU a fresh JVM gets right now: SHA-256 over 1 MiB blocks for two seconds. */
  private static void cpuBaseline() throws Exception {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    byte[] block = new byte[1 << 20];
    long end = System.nanoTime() + 2_000_000_000L;
    long begin = System.nanoTime();
    int blocks = 0;
    while (System.nanoTime() < end) {
      sha.update(block);
      blocks++;
    }
    System.out.printf("RESULT cpuMiBps=%.1f%n", blocks / ((System.nanoTime() - begin) / 1e9));
    System.exit(0);
  }

  /** One creation; refused ones (backpressure) are retried after a short pause, as a client would. */
  private static void startOne(CamundaClient client, int caseNo, Samples create, Map<Long, Long> startedAt,
      AtomicLong refused, Semaphore inFlight, ExecutorService callbacks) {
    long start = System.nanoTime();
    client.newCreateInstanceCommand().bpmnProcessId("bench").latestVersion()
        .variables(Map.of("caseId", "CASE-" + caseNo)).send()
        .whenCompleteAsync((r, e) -> {
          if (r != null) {
            create.add(System.nanoTime() - start);
            startedAt.put(r.getProcessInstanceKey(), start);
            inFlight.release();
          } else {
            refused.incrementAndGet();
            LockSupport.parkNanos(20_000_000L);
            startOne(client, caseNo, create, startedAt, refused, inFlight, callbacks);
          }
        }, callbacks);
  }
}
