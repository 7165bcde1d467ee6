package org.exportcert.engine.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.EngineExtension;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files in the data directory, as a full disk, a torn write or an operator's mistake
 * leave them: the engine either recovers everything (from an older snapshot and the journal behind
 * it; a torn journal tail) or refuses to start with a message that names the file and says what
 * to do. It never starts silently without what it had acknowledged.
 */
class DamagedFilesTest {

  @TempDir Path dataDir;
  private final Set<Long> finished = new HashSet<>();
  private long waiting;

  /** Instances finished before two snapshots (their journal gone), one waiting, a few records after. */
  @BeforeEach
  void engineWithHistoryBehindSnapshots() {
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir), new SnapshotPolicy(5, 0));
        CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("quick").startEvent().endEvent().done(),
          "quick.bpmn").addProcessModel(Bpmn.createExecutableProcess("slow").startEvent()
              .serviceTask("work", t -> t.zeebeJobType("slow")).endEvent().done(), "slow.bpmn").send().join();
      for (int i = 0; i < 12; i++) {
        finished.add(client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion().send().join().getProcessInstanceKey());
      }
      waiting = client.newCreateInstanceCommand().bpmnProcessId("slow").latestVersion().send().join().getProcessInstanceKey();
      // a snapshot is taken after the batch it became due in: wait until one covers these records
      org.awaitility.Awaitility.await().until(() -> files("snapshot-").size() >= 2);
    }
  }

  private List<Path> files(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dataDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  private void assertEverythingIsThere() {
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir));
        CamundaClient client = EngineExtension.newClient(engine)) {
      Set<Long> found = new HashSet<>();
      client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId("quick")).page(p -> p.limit(100)).send().join()
          .items().forEach(pi -> found.add(pi.getProcessInstanceKey()));
      assertThat(found).isEqualTo(finished);
      assertThat(client.newProcessInstanceGetRequest(waiting).send().join().getState().name()).isEqualTo("ACTIVE");
    }
  }

  @Test
  void aGarbageNewestSnapshotIsSkippedForTheOneBeforeItAndItsJournal() throws Exception {
    List<Path> snapshots = files("snapshot-");
    Files.write(snapshots.get(snapshots.size() - 1), new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e'});
    assertEverythingIsThere();
  }

  @Test
  void aTornJournalTailIsCutOffAndTheRestReplayed() throws Exception {
    Path last = files("journal").stream().max(java.util.Comparator.comparing(
        f -> f.getFileName().toString().equals("journal.log") ? "" : f.getFileName().toString())).orElseThrow();
    Files.write(last, new byte[] {0, 0, 0, 42, 1, 2, 3}, StandardOpenOption.APPEND);
    assertEverythingIsThere();
    assertEverythingIsThere(); // and the engine appended after the cut, not after the garbage
  }

  @Test
  void aGarbageHistoryFileStopsTheStartWithWhatToDo() throws Exception {
    Path history = dataDir.resolve("history.mv.db");
    Path kept = Files.copy(history, dataDir.resolve("history.bak"), StandardCopyOption.REPLACE_EXISTING);
    byte[] garbage = new byte[64 * 1024];
    new java.util.Random(7).nextBytes(garbage);
    Files.write(history, garbage);
    assertThatThrownBy(() -> ExportCertEngine.start(EngineConfig.of(0, dataDir)))
        .hasMessageContaining(history.toString()).hasMessageContaining("restore the data directory from a backup")
        .hasMessageContaining("EXPORTCERT_ENGINE_HISTORY_ACCEPT_LOSS");
    Files.copy(kept, history, StandardCopyOption.REPLACE_EXISTING); // the operator restores it
    assertEverythingIsThere();
  }

  @Test
  void aTruncatedOrMissingHistoryFileStopsTheStartInsteadOfShowingFewerInstances() throws Exception {
    Path history = dataDir.resolve("history.mv.db");
    byte[] whole = Files.readAllBytes(history);
    // MVStore opens a truncated file at an older version without a word; the engine must notice
    Files.write(history, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThatThrownBy(() -> ExportCertEngine.start(EngineConfig.of(0, dataDir)))
        .hasMessageContaining(history.toString()).hasMessageContaining("restore the data directory from a backup");
    Files.delete(history);
    assertThatThrownBy(() -> ExportCertEngine.start(EngineConfig.of(0, dataDir)))
        .hasMessageContaining(history.toString()).hasMessageContaining("EXPORTCERT_ENGINE_HISTORY_ACCEPT_LOSS");
    Files.write(history, whole);
    assertEverythingIsThere();
  }
}
