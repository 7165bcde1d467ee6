package org.exportcert.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.exportcert.localstack.LocalServicesMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database and the object store hang (SIGSTOP) and crash (SIGKILL) while applicants keep
 * applying. During each fault every answer is a success or 503 {@code upstream-unavailable} with
 * {@code Retry-After} within a bound (never a 500, never a hang), and the health probes turn DOWN
 * within 5 s of a hang, every probe's answer within the 2 s time box; afterwards, with no restart of
 * the application, nothing acknowledged is missing and every case goes on. The database is the application's embedded PostgreSQL (restarted by its
 * supervisor after the crash); the S3 server runs as a process of its own, so that it can be
 * stopped and killed like a real one (restarted after its crash as its own service manager would).
 */
class DependencyFaultsIT {

  /** The longest any answer may take during a fault: the JDBC socket timeout (15 s) plus margin. */
  static final Duration ANSWER_BOUND = Duration.ofSeconds(45);
  static final Duration HANG = Duration.ofSeconds(25);
  /**
   * Every answer of the health probes (anonymous {@code /actuator/health} and
   * {@code /actuator/health/readiness}, as a load balancer or Kubernetes asks) during a fault comes
   * within the application's health time box ({@code exportcert.health.timeout}, 2 s by default),
   * counted by this client: the checks start when the request arrives and are given up on 1.5 s
   * later, whichever dependency hangs.
   */
  static final Duration PROBE_ANSWER_BOUND = Duration.ofSeconds(2);
  /**
   * The operator's view (signed in, every check in detail) adds the sign-in: a password hash per
   * request, which on a loaded machine waits for the CPU behind the clients' own sign-ins. Bounded
   * well below the drivers' timeouts (JDBC socket 15 s, S3 read 20 s): no check is waited on to its
   * driver's timeout.
   */
  static final Duration OPERATOR_HEALTH_ANSWER_BOUND = Duration.ofSeconds(10);
  /**
   * The probes must say DOWN within this of a hang being in place: a probe already running when
   * the fault came may still say UP, the next one is DOWN within its box.
   */
  static final Duration HEALTH_DOWN_BOUND = Duration.ofSeconds(5);
  static final int CLIENTS = 20;

  enum Fault { DATABASE_HANG, DATABASE_CRASH, OBJECT_STORE_HANG, OBJECT_STORE_CRASH }

  @TempDir Path work;
  private Process s3;
  private int s3Port;
  private final List<Workload> workloads = new ArrayList<>();

  @AfterEach
  void stopS3() throws InterruptedException {
    if (s3 != null) {
      s3.destroy();
      if (!s3.waitFor(30, TimeUnit.SECONDS)) {
        s3.destroyForcibly();
      }
    }
  }

  private void startS3() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    s3 = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LocalServicesMain.class.getName(),
        "--dir", work.resolve("s3").toString(), "--without-postgres", "--s3-port", Integer.toString(s3Port),
        "--access-key", "reliability-key", "--secret-key", "reliability-secret-123")
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(s3.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.equals("READY")) {
      // address lines; the port is ours already
    }
    assertThat(line).as("the S3 process printed READY").isEqualTo("READY");
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "s3-output");
    drain.setDaemon(true);
    drain.start();
  }

  @Test
  void hangsAndCrashesOfTheDatabaseAndTheObjectStoreLoseNothingAndAreAnswered503() throws Exception {
    s3Port = PackagedApp.freePort();
    startS3();
    Map<String, String> env = Map.of(
        "EXPORTCERT_S3_ENDPOINT", "http://127.0.0.1:" + s3Port,
        "EXPORTCERT_S3_ACCESS_KEY", "reliability-key",
        "EXPORTCERT_S3_SECRET_KEY", "reliability-secret-123",
        "EXPORTCERT_S3_BUCKET", "reliability-evidence");
    try (PackagedApp app = new PackagedApp(work.resolve("data"), env)) {
      app.start();
      // the client waits longer than the bound, so a hang beyond the bound is seen as one
      Api api = new Api(app, ANSWER_BOUND.plusSeconds(45));
      for (Fault fault : Fault.values()) {
        run(app, api, fault);
      }

      int acknowledged = 0;
      int found = 0;
      List<String> lost = new ArrayList<>();
      List<String> duplicated = new ArrayList<>();
      for (Workload w : workloads) {
        Workload.Accounting a = w.account();
        acknowledged += a.acknowledgedWrites();
        found += a.foundAcknowledged();
        lost.addAll(a.lost());
        duplicated.addAll(a.duplicated());
      }
      Figures.record("faults, accounting", acknowledged + " writes acknowledged across the four faults, " + found
          + " found, " + lost.size() + " lost, " + duplicated.size() + " duplicated");
      assertThat(lost).isEmpty();
      assertThat(duplicated).isEmpty();

      long resume = System.nanoTime();
      await("every case under review, no restart of the application").atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> workloads.stream().flatMap(w -> w.casesNotYetUnderReview().stream()).toList(), List::isEmpty);
      Figures.record("faults, recovery", "every case of the four faults reached ELIGIBILITY_REVIEW "
          + (System.nanoTime() - resume) / 1_000_000 + " ms after the last recovery, without a restart");
    }
  }

  private void run(PackagedApp app, Api api, Fault fault) throws Exception {
    Workload load = new Workload(api, "fault-" + fault.name().toLowerCase().replace('_', '-'));
    workloads.add(load);
    load.start(CLIENTS, Integer.MAX_VALUE);
    await(fault + ": writes acknowledged before the fault").atMost(Duration.ofMinutes(3))
        .until(() -> load.acknowledgedWrites.get() >= 10);

    List<ProcessHandle> postgres = app.postgresProcesses();
    assertThat(postgres).as("the embedded PostgreSQL's processes").isNotEmpty();
    long faultAt = System.nanoTime();
    switch (fault) {
      case DATABASE_HANG -> PackagedApp.signal("STOP", postgres);
      case DATABASE_CRASH -> PackagedApp.signal("KILL", postgres);
      case OBJECT_STORE_HANG -> PackagedApp.signal("STOP", List.of(s3.toHandle()));
      case OBJECT_STORE_CRASH -> {
        s3.destroyForcibly();
        s3.waitFor(30, TimeUnit.SECONDS);
      }
    }
    long inPlace = System.nanoTime(); // the signal delivered (a spawn of kill takes a while at load)
    // health as a probe asks it (anonymous) and as an operator sees it (signed in, every check)
    long down = -1;
    long notReady = -1;
    long slowestProbe = 0;
    long slowestOperator = 0;
    if (fault != Fault.DATABASE_CRASH) {
      while ((down < 0 || notReady < 0) && System.nanoTime() - inPlace < Duration.ofSeconds(20).toNanos()) {
        Api.Answer health = api.get(null, "/actuator/health");
        Api.Answer readiness = api.get(null, "/actuator/health/readiness");
        Api.Answer operator = api.get("operator", "/actuator/health");
        slowestProbe = Math.max(slowestProbe, Math.max(health.millis(), readiness.millis()));
        slowestOperator = Math.max(slowestOperator, operator.millis());
        if (down < 0 && health.status() == 503 && health.body() != null && health.body().contains("DOWN")) {
          down = (health.endedAt() - inPlace) / 1_000_000;
        }
        if (notReady < 0 && readiness.status() == 503) {
          notReady = (readiness.endedAt() - inPlace) / 1_000_000;
        }
      }
      // hold the fault, so that requests run into the timeouts
      PackagedApp.pause(fault == Fault.OBJECT_STORE_CRASH ? Duration.ofSeconds(10) : HANG);
    }
    long recoverAt = System.nanoTime();
    switch (fault) {
      case DATABASE_HANG -> PackagedApp.signal("CONT", postgres);
      case DATABASE_CRASH -> { } // the application's supervisor restarts it
      case OBJECT_STORE_HANG -> PackagedApp.signal("CONT", List.of(s3.toHandle()));
      case OBJECT_STORE_CRASH -> startS3();
    }
    java.util.concurrent.atomic.AtomicReference<Api.Answer> lastHealth = new java.util.concurrent.atomic.AtomicReference<>();
    try {
      await(fault + ": healthy again without a restart of the application").atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> {
            lastHealth.set(api.get("operator", "/actuator/health"));
            return lastHealth.get().status() == 200;
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(fault + ": not healthy 2 minutes after recovery; last answer "
          + (lastHealth.get() == null ? "none" : lastHealth.get().status() + " " + lastHealth.get().body()), e);
    }
    long healthyMillis = (System.nanoTime() - recoverAt) / 1_000_000;
    int acknowledgedAtRecovery = load.acknowledgedWrites.get();
    await(fault + ": writes acknowledged again").atMost(Duration.ofMinutes(3))
        .until(() -> load.acknowledgedWrites.get() >= acknowledgedAtRecovery + 5);
    load.stop();
    load.awaitEnd(5);
    assertThat(app.starts()).as("the application was never restarted").isEqualTo(1);

    List<Api.Answer> during = load.answers.stream().filter(a -> a.endedAt() >= faultAt).toList();
    Map<Integer, Long> byStatus = during.stream()
        .collect(Collectors.groupingBy(Api.Answer::status, TreeMap::new, Collectors.counting()));
    long slowest = during.stream().mapToLong(Api.Answer::millis).max().orElse(0);
    List<Api.Answer> unexpected = during.stream().filter(a -> a.status() != 201 && !isOutage(a)).toList();
    Figures.record("fault " + fault, "answers from the fault until after recovery " + byStatus
        + " (503 = upstream-unavailable with Retry-After), slowest " + slowest + " ms"
        + (fault != Fault.DATABASE_CRASH ? ", health DOWN " + down + " ms and readiness 503 " + notReady
        + " ms after the fault was in place (slowest probe answer " + slowestProbe
        + " ms, slowest signed-in operator's answer " + slowestOperator + " ms)" : "")
        + ", healthy " + healthyMillis + " ms after recovery, "
        + load.acknowledgedWrites.get() + " writes acknowledged");
    assertThat(unexpected).as(fault + ": answers neither 201 nor 503 upstream-unavailable").isEmpty();
    assertThat(slowest).as(fault + ": slowest answer (ms)").isLessThanOrEqualTo(ANSWER_BOUND.toMillis());
    if (fault == Fault.DATABASE_HANG || fault == Fault.OBJECT_STORE_HANG || fault == Fault.OBJECT_STORE_CRASH) {
      assertThat(down).as(fault + ": health DOWN (ms after the fault)").isBetween(0L, HEALTH_DOWN_BOUND.toMillis());
      assertThat(notReady).as(fault + ": readiness 503 (ms after the fault)")
          .isBetween(0L, HEALTH_DOWN_BOUND.toMillis());
      assertThat(slowestProbe).as(fault + ": slowest probe answer (ms)")
          .isLessThanOrEqualTo(PROBE_ANSWER_BOUND.toMillis());
      assertThat(slowestOperator).as(fault + ": slowest operator's health answer (ms)")
          .isLessThanOrEqualTo(OPERATOR_HEALTH_ANSWER_BOUND.toMillis());
    }
  }

  private static boolean isOutage(Api.Answer a) {
    return a.status() == 503 && a.isProblemJson()
        && "urn:exportcert:problem:upstream-unavailable".equals(a.json().path("type").asText())
        && a.header("Retry-After") != null;
  }
}
