package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.exportcert.engine.snapshot.StateCodec;
import org.junit.jupiter.api.Test;

/**
 * Upgrading the engine with listener jobs open: the data directory of
 * {@code snapshot-fixtures/format-1/listener-waits}, written by the engine of commit 0be86b0 (its
 * snapshot held the waits as serialized lambdas, which only that very build could read back),
 * opens in today's engine, and each wait goes on when its listener job is completed: the task
 * whose creating listener ran is created with its assignee, the completion that waited for its
 * completing listener completes with the variables it was given, the start listener's element is
 * entered; the instance journaled after the snapshot too. The next snapshot is of today's format,
 * and a wait survives it as well. See {@link ListenerWaitFixtureScenario}.
 */
class ListenerWaitUpgradeTest {

  @Test
  void aSnapshotWithListenerWaitsOfTheEngineBeforeOpensAndTheWaitsGoOn() throws Exception {
    Path dir = copyFixture("format-1/listener-waits");
    assertThat(snapshotFormats(dir)).containsExactly(1);
    // the journal before the snapshot goes, as after the next snapshot: only the snapshot can give the state
    Files.delete(dir.resolve("journal.log"));
    Map<String, Long> cases;
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), SnapshotPolicy.defaults());
        CamundaClient client = EngineExtension.newClient(engine)) {
      cases = cases(client);
      assertThat(cases).containsOnlyKeys("CASE-STARTING", "CASE-COMPLETING", "CASE-CREATING", "CASE-TAIL");

      // creating (in the snapshot, and in the journal after it): the tasks are created with their assignee
      Map<Long, ActivatedJob> creating = activateAll(client, "uw-creating", 2);
      assertThat(creating).containsOnlyKeys(cases.get("CASE-CREATING"), cases.get("CASE-TAIL"));
      assertThat(creating.get(cases.get("CASE-CREATING")).getCustomHeaders()).containsEntry("io.camunda.zeebe:assignee", "王审核");
      creating.values().forEach(job -> client.newCompleteCommand(job.getKey()).send().join());
      var task = userTask(client, cases.get("CASE-CREATING"));
      assertThat(task.getState().name()).isEqualTo("CREATED");
      assertThat(task.getAssignee()).isEqualTo("王审核");
      assertThat(userTask(client, cases.get("CASE-TAIL")).getState().name()).isEqualTo("CREATED");

      // completing (in the snapshot): the task completes with the variables its completion was given
      Map<Long, ActivatedJob> completing = activateAll(client, "uw-completing", 1);
      assertThat(completing).containsOnlyKeys(cases.get("CASE-COMPLETING"));
      client.newCompleteCommand(completing.get(cases.get("CASE-COMPLETING")).getKey()).send().join();
      assertThat(userTask(client, cases.get("CASE-COMPLETING")).getState().name()).isEqualTo("COMPLETED");

      // the start execution listener (in the snapshot) and the one that followed the completion just now
      Map<Long, ActivatedJob> starting = activateAll(client, "uw-archive-start", 2);
      assertThat(starting).containsOnlyKeys(cases.get("CASE-STARTING"), cases.get("CASE-COMPLETING"));
      starting.values().forEach(job -> client.newCompleteCommand(job.getKey()).send().join());
      Map<Long, ActivatedJob> archive = activateAll(client, "uw-archive", 2);
      assertThat(archive.get(cases.get("CASE-COMPLETING")).getVariablesAsMap())
          .containsAllEntriesOf(ListenerWaitFixtureScenario.COMPLETION).containsEntry("caseId", "CASE-COMPLETING");
      archive.values().forEach(job -> client.newCompleteCommand(job.getKey()).send().join());
      assertThat(state(client, cases.get("CASE-STARTING"))).isEqualTo("COMPLETED");
      assertThat(state(client, cases.get("CASE-COMPLETING"))).isEqualTo("COMPLETED");

      // a new wait, across today's snapshot (written at the close)
      // answered only once the completing listener is done (as in Camunda 8.8), so not waited for here
      client.newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("decision", "rejected")).send();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .until(() -> "COMPLETING".equals(userTask(client, cases.get("CASE-CREATING")).getState().name()));
    }
    assertThat(snapshotFormats(dir)).contains(StateCodec.FORMAT);
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), SnapshotPolicy.defaults());
        CamundaClient client = EngineExtension.newClient(engine)) {
      long creatingCase = cases.get("CASE-CREATING");
      client.newCompleteCommand(activateAll(client, "uw-completing", 1).get(creatingCase).getKey()).send().join();
      client.newCompleteCommand(activateAll(client, "uw-archive-start", 1).get(creatingCase).getKey()).send().join();
      ActivatedJob archive = activateAll(client, "uw-archive", 1).get(creatingCase);
      assertThat(archive.getVariablesAsMap()).containsEntry("decision", "rejected").containsEntry("tail", "在日志中");
      client.newCompleteCommand(archive.getKey()).send().join();
      assertThat(state(client, creatingCase)).isEqualTo("COMPLETED");
      assertThat(state(client, cases.get("CASE-TAIL"))).isEqualTo("ACTIVE");
    }
  }

  /**
   * A format-1 wait this engine does not know (here: the completing lambda renamed, as another
   * build could have named it) with no older snapshot to fall back to: the engine still starts
   * (never refuses), the unknown wait goes on as nothing (the task back to CREATED, so it can be
   * completed again) and every other wait as before.
   */
  @Test
  void anUnknownWaitOfAnotherBuildDoesNotStopTheStart() throws Exception {
    Path dir = copyFixture("format-1/listener-waits");
    Files.delete(dir.resolve("journal.log"));
    Path snapshot;
    try (Stream<Path> files = Files.list(dir)) {
      snapshot = files.filter(f -> f.getFileName().toString().endsWith(".snap")).findFirst().orElseThrow();
    }
    renameInSnapshot(snapshot, "lambda$complete$b391b567$1", "lambda$finalize$b391b567$1");
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), SnapshotPolicy.defaults());
        CamundaClient client = EngineExtension.newClient(engine)) {
      Map<String, Long> cases = cases(client);
      long completingCase = cases.get("CASE-COMPLETING");
      client.newCompleteCommand(activateAll(client, "uw-completing", 1).get(completingCase).getKey()).send().join();
      var task = userTask(client, completingCase);
      assertThat(task.getState().name()).as("the unknown completion did not happen").isEqualTo("CREATED");
      var completion = client.newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("decision", "again")).send();
      client.newCompleteCommand(activateAll(client, "uw-completing", 1).get(completingCase).getKey()).send().join();
      completion.join();
      assertThat(userTask(client, completingCase).getState().name()).isEqualTo("COMPLETED");
      // the known waits of the same snapshot go on
      Map<Long, ActivatedJob> starting = activateAll(client, "uw-archive-start", 2);
      assertThat(starting).containsOnlyKeys(cases.get("CASE-STARTING"), completingCase);
      assertThat(activateAll(client, "uw-creating", 2)).containsOnlyKeys(cases.get("CASE-CREATING"), cases.get("CASE-TAIL"));
    }
  }

  /** Rewrites a snapshot file with one string of its payload replaced by another of the same length. */
  private static void renameInSnapshot(Path file, String from, String to) throws Exception {
    byte[] all = Files.readAllBytes(file);
    int header = 8 + 4 + 8 + 8 + 4;
    java.util.zip.Inflater inflater = new java.util.zip.Inflater();
    inflater.setInput(all, header, all.length - header);
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    while (!inflater.finished()) {
      plain.write(buffer, 0, inflater.inflate(buffer));
    }
    String text = plain.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).contains(from);
    byte[] renamed = text.replace(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(packed)) {
      out.write(renamed);
    }
    byte[] payload = packed.toByteArray();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(payload);
    ByteBuffer out = ByteBuffer.allocate(header + payload.length);
    out.put(all, 0, 8 + 4 + 8).putLong(payload.length).putInt((int) crc.getValue()).put(payload);
    Files.write(file, out.array());
  }

  static Path copyFixture(String name) throws Exception {
    Path from = Path.of(ListenerWaitUpgradeTest.class.getResource("/snapshot-fixtures/" + name).toURI());
    Path to = Files.createTempDirectory("engine-snapshot-fixture");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          Files.copy(file, to.resolve(from.relativize(file).toString()));
        }
      }
    }
    return to;
  }

  /** The format each snapshot file declares in its header (after the 8-byte magic). */
  private static List<Integer> snapshotFormats(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".snap")).sorted().map(f -> {
        try {
          return ByteBuffer.wrap(Files.readAllBytes(f), 8, 4).getInt();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  /** Process instance key by the instance's caseId variable. */
  private static Map<String, Long> cases(CamundaClient client) {
    Map<String, Long> cases = new HashMap<>();
    client.newVariableSearchRequest().filter(f -> f.name("caseId")).send().join().items()
        .forEach(v -> cases.put(v.getValue().replace("\"", ""), v.getProcessInstanceKey()));
    return cases;
  }

  /** Activates the open jobs of {@code type} (expecting {@code count}), by process instance. */
  private static Map<Long, ActivatedJob> activateAll(CamundaClient client, String type, int count) {
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10).send().join().getJobs();
    assertThat(jobs).as("open jobs of type %s", type).hasSize(count);
    Map<Long, ActivatedJob> byInstance = new HashMap<>();
    jobs.forEach(job -> byInstance.put(job.getProcessInstanceKey(), job));
    return byInstance;
  }

  private static io.camunda.client.api.search.response.UserTask userTask(CamundaClient client, long processInstanceKey) {
    return client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey)).send().join().items().get(0);
  }

  private static String state(CamundaClient client, long processInstanceKey) {
    return client.newProcessInstanceGetRequest(processInstanceKey).send().join().getState().name();
  }
}
