package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: the standalone engine runs in a child JVM, is killed with SIGKILL while commands
 * are in flight, and a new engine on the same data directory must show every command that was
 * acknowledged before the kill.
 */
class KillNineTest {

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Process startChild(int port, Path dataDir, boolean snapshotting) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    if (snapshotting) {
      // every snapshot write pauses half way, so the kill surely lands while one is being written
      command.add("-Dexportcert.engine.snapshot.test-pause-ms=400");
    }
    command.addAll(List.of(EngineMain.class.getName(), "--port", String.valueOf(port), "--grpc-port", "0",
        "--data-dir", dataDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (snapshotting) {
      builder.environment().put("EXPORTCERT_ENGINE_SNAPSHOT_EVERY_RECORDS", "30");
    }
    builder.redirectErrorStream(true).redirectOutput(Files.createTempFile(work, "engine-child", ".log").toFile());
    return builder.start();
  }

  @TempDir Path work; // the data directories and the child's logs, removed after each test

  @Test
  void everyAcknowledgedCommandSurvivesSigkill() throws Exception {
    killUnderLoadAndCheck(false);
  }

  /**
   * Snapshots every 30 records, and the kill comes while a snapshot file is half written: the
   * restarted engine uses the last complete snapshot and the journal behind it, and loses nothing.
   */
  @Test
  void aKillWhileASnapshotIsWrittenLosesNothing() throws Exception {
    Path dataDir = killUnderLoadAndCheck(true);
    try (Stream<Path> files = Files.list(dataDir)) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      assertThat(names).as("the interrupted snapshot is discarded, complete ones remain")
          .noneMatch(n -> n.endsWith(".tmp")).anyMatch(n -> n.startsWith("snapshot-"));
      assertThat(names).as("the journal a snapshot covered was dropped").doesNotContain("journal.log");
    }
  }

  private Path killUnderLoadAndCheck(boolean snapshotting) throws Exception {
    Path dataDir = Files.createTempDirectory(work, "engine-kill9");
    int port = freePort();
    Process child = startChild(port, dataDir, snapshotting);
    Set<Long> acknowledgedInstances = ConcurrentHashMap.newKeySet();
    Set<Long> acknowledgedCompletions = ConcurrentHashMap.newKeySet();
    // as an operator would: the generated secret from the engine's data directory
    Path credentialsFile = dataDir.resolve(org.exportcert.engine.auth.EngineCredentials.FILE_NAME);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(credentialsFile));
    java.util.Properties credentials = new java.util.Properties();
    try (var in = Files.newBufferedReader(credentialsFile)) {
      credentials.load(in);
    }
    try (CamundaClient client = CamundaClient.newClientBuilder()
        .restAddress(java.net.URI.create("http://127.0.0.1:" + port))
        .credentialsProvider(io.camunda.client.CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
            .username(credentials.getProperty("username")).password(credentials.getProperty("password")).build())
        .build()) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> !client.newTopologyRequest().send().join().getBrokers().isEmpty());
      client.newDeployResourceCommand().addProcessModel(
          Bpmn.createExecutableProcess("kill9").startEvent()
              .serviceTask("work", t -> t.zeebeJobType("kill9"))
              .userTask("wait", u -> u.zeebeUserTask())
              .endEvent().done(), "kill9.bpmn").send().join();

      ExecutorService load = Executors.newFixedThreadPool(4);
      for (int thread = 0; thread < 4; thread++) {
        load.submit(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            try {
              acknowledgedInstances.add(client.newCreateInstanceCommand().bpmnProcessId("kill9").latestVersion()
                  .send().join().getProcessInstanceKey());
              List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType("kill9").maxJobsToActivate(5)
                  .requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
              for (ActivatedJob job : jobs) {
                client.newCompleteCommand(job).send().join();
                acknowledgedCompletions.add(job.getProcessInstanceKey());
              }
            } catch (RuntimeException killed) {
              return; // the engine went away
            }
          }
        });
      }
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgedCompletions.size() >= 50);
      if (snapshotting) {
        // wait for a snapshot in the middle of being written (its temporary file exists), after a complete one
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
          try (Stream<Path> files = Files.list(dataDir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> n.endsWith(".snap.tmp")) && !names.contains("journal.log");
          }
        });
      }
      child.destroyForcibly(); // SIGKILL, mid-stream
      child.waitFor(10, TimeUnit.SECONDS);
      load.shutdownNow();
      load.awaitTermination(10, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
    }

    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir));
        CamundaClient client = EngineExtension.newClient(engine)) {
      Map<Long, String> instances = new java.util.HashMap<>();
      var page = client.newProcessInstanceSearchRequest().page(p -> p.limit(100_000)).send().join();
      page.items().forEach(pi -> instances.put(pi.getProcessInstanceKey(), pi.getState().name()));
      assertThat(instances.keySet()).containsAll(acknowledgedInstances);
      Set<Long> waitingAtUserTask = ConcurrentHashMap.newKeySet();
      client.newUserTaskSearchRequest().page(p -> p.limit(100_000)).send().join().items()
          .forEach(t -> waitingAtUserTask.add(t.getProcessInstanceKey()));
      assertThat(waitingAtUserTask).as("every acknowledged job completion moved its instance on")
          .containsAll(acknowledgedCompletions);
      // and the restored engine goes on working
      long next = client.newCreateInstanceCommand().bpmnProcessId("kill9").latestVersion().send().join().getProcessInstanceKey();
      assertThat(instances).doesNotContainKey(next);
    }
    return dataDir;
  }
}
