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
      client.newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("decision", "rejected")).send().join();
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
