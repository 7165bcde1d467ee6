package org.exportcert.engine.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.EngineExtension;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal record that fails its checksum: at the end of the last segment it is a write torn by
 * a kill (never acknowledged) and is cut off; with intact records after it, or in a segment that
 * later segments follow, it is damage, and the engine refuses to start, naming the file, the offset
 * and what to do, instead of silently dropping the committed commands behind it. The operator may
 * accept the loss with {@code EXPORTCERT_ENGINE_JOURNAL_ACCEPT_LOSS=true}.
 */
class JournalCorruptionTest {

  private static final String ACCEPT_LOSS = "EXPORTCERT_ENGINE_JOURNAL_ACCEPT_LOSS";

  @TempDir Path work;

  /** One record of a journal file: where it starts and how long its payload is. */
  private record Record(int offset, int length) {}

  /** Runs {@code count} one-step instances on an engine without snapshots: one journal.log, a record per instance. */
  private List<Long> instancesInOneSegment(Path dataDir, int count) {
    List<Long> keys = new ArrayList<>();
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir), new SnapshotPolicy(0, 0));
        CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("quick").startEvent().endEvent().done(),
          "quick.bpmn").send().join();
      for (int i = 0; i < count; i++) {
        keys.add(client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion().send().join().getProcessInstanceKey());
      }
    }
    return keys;
  }

  private static List<Record> records(Path segment) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Record> records = new ArrayList<>();
    while (bytes.remaining() >= 8) {
      int offset = bytes.position();
      int length = bytes.getInt();
      bytes.getInt();
      bytes.position(bytes.position() + length);
      records.add(new Record(offset, length));
    }
    return records;
  }

  /** Flips one byte in the middle of the payload of {@code record}, as bit rot would. */
  private static void flipByteIn(Path segment, Record record) throws IOException {
    byte[] bytes = Files.readAllBytes(segment);
    bytes[record.offset() + 8 + record.length() / 2] ^= 0x20;
    Files.write(segment, bytes);
  }

  private static List<Long> quickInstances(CamundaClient client) {
    return client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId("quick")).page(p -> p.limit(100))
        .send().join().items().stream().map(pi -> pi.getProcessInstanceKey()).sorted().toList();
  }

  private static List<Long> quickInstances(Path dataDir) {
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir));
        CamundaClient client = EngineExtension.newClient(engine)) {
      return quickInstances(client);
    }
  }

  @Test
  void aTornLastRecordIsCutOffAndOnlyItIsLost() throws Exception {
    Path dataDir = work.resolve("data");
    List<Long> created = instancesInOneSegment(dataDir, 5);
    Path journal = dataDir.resolve("journal.log");
    List<Record> records = records(journal);
    Record last = records.get(records.size() - 1);
    byte[] whole = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(whole, last.offset() + 8 + last.length() / 2)); // killed mid-write

    assertThat(quickInstances(dataDir)).isEqualTo(created.subList(0, 4));
    assertThat(Files.size(journal)).as("the torn record is cut off").isEqualTo(last.offset());
    assertThat(quickInstances(dataDir)).as("and the engine appended after the cut").isEqualTo(created.subList(0, 4));
  }

  @Test
  void aFlippedByteInAMiddleRecordStopsTheStartAndTouchesNothing() throws Exception {
    Path dataDir = work.resolve("data");
    instancesInOneSegment(dataDir, 5);
    Path journal = dataDir.resolve("journal.log");
    Record damaged = records(journal).get(2);
    flipByteIn(journal, damaged);
    byte[] before = Files.readAllBytes(journal);

    assertThatThrownBy(() -> ExportCertEngine.start(EngineConfig.of(0, dataDir)))
        .hasMessageContaining("journal segment " + journal).hasMessageContaining("byte offset " + damaged.offset())
        .hasMessageContaining("journal record 2").hasMessageContaining("3 intact records in this segment follow it")
        .hasMessageContaining("restore the data directory from a backup").hasMessageContaining(ACCEPT_LOSS + "=true");
    assertThat(Files.readAllBytes(journal)).as("nothing cut while refusing").isEqualTo(before);
  }

  @Test
  void theStandaloneEngineSaysWhyAndExitsWith1AndTheOptInKeepsTheRecordsBeforeTheDamage() throws Exception {
    Path dataDir = work.resolve("data");
    List<Long> created = instancesInOneSegment(dataDir, 5);
    Path journal = dataDir.resolve("journal.log");
    List<Record> records = records(journal);
    // record 0 deploys, record i creates instance i - 1: damage the one creating the third instance
    flipByteIn(journal, records.get(3));
    long sizeBefore = Files.size(journal);

    ChildEngine refused = new ChildEngine(dataDir, work, Map.of(), Map.of(), false);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.log()).contains("ExportCert engine did not start: journal segment " + journal)
        .contains(ACCEPT_LOSS);

    try (ChildEngine child = new ChildEngine(dataDir, work, Map.of(), Map.of(ACCEPT_LOSS, "true"));
        CamundaClient client = child.client()) {
      assertThat(quickInstances(client)).isEqualTo(created.subList(0, 2));
      assertThat(child.log()).contains("cut the journal at record 3").contains("2 intact ones after it");
      client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion().send().join(); // appended after the cut
    }
    try (Stream<Path> files = Files.list(dataDir)) {
      Path kept = files.filter(f -> f.getFileName().toString().startsWith("journal.log.dropped-")).findFirst().orElseThrow();
      assertThat(Files.size(kept)).as("the dropped bytes are kept aside").isEqualTo(sizeBefore - records.get(3).offset());
    }
    assertThat(quickInstances(dataDir)).as("a normal start after the cut").hasSize(3).startsWith(created.get(0), created.get(1));
  }

  @Test
  void aDamagedSegmentThatLaterSegmentsFollowStopsTheStart() throws Exception {
    Path dataDir = work.resolve("data");
    List<Long> created = new ArrayList<>();
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir), new SnapshotPolicy(5, 0));
        CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("quick").startEvent().endEvent().done(),
          "quick.bpmn").send().join();
      for (int i = 0; i < 12; i++) {
        created.add(client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion().send().join()
            .getProcessInstanceKey());
      }
      Awaitility.await().until(() -> files(dataDir, "snapshot-").size() >= 2);
    }
    // the newest snapshot unreadable: the start falls back to the one before and must read its segment, now not the last
    List<Path> snapshots = files(dataDir, "snapshot-");
    assertThat(snapshots).hasSizeGreaterThanOrEqualTo(2);
    Files.write(snapshots.get(snapshots.size() - 1), new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e'});
    String older = snapshots.get(snapshots.size() - 2).getFileName().toString();
    Path segment = dataDir.resolve("journal-" + older.substring("snapshot-".length(), older.length() - ".snap".length()) + ".log");
    List<Record> records = records(segment);
    flipByteIn(segment, records.get(records.size() - 1)); // its last record: nothing intact after it in this file

    assertThatThrownBy(() -> ExportCertEngine.start(EngineConfig.of(0, dataDir)))
        .hasMessageContaining("journal segment " + segment).hasMessageContaining(" later segment")
        .hasMessageContaining("restore the data directory from a backup").hasMessageContaining(ACCEPT_LOSS);

    // accepting the loss: the history store, committed with the newer snapshot, goes back to the cut too
    try (ChildEngine child = new ChildEngine(dataDir, work, Map.of(), Map.of(ACCEPT_LOSS, "true"));
        CamundaClient client = child.client()) {
      assertThat(quickInstances(client)).as("all but the instance of the damaged last record").isEqualTo(created.subList(0, 11));
      assertThat(child.log()).contains("goes on from the cut");
    }
  }

  @Test
  void noReadableSnapshotAndNoJournalBeforeThemStopsTheStartNamingTheSnapshots() throws Exception {
    Path dataDir = work.resolve("data");
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir), new SnapshotPolicy(3, 0));
        CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("quick").startEvent().endEvent().done(),
          "quick.bpmn").send().join();
      for (int i = 0; i < 12; i++) {
        client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion().send().join();
      }
      Awaitility.await().until(() -> !Files.exists(dataDir.resolve("journal.log")));
    }
    List<Path> snapshots = files(dataDir, "snapshot-");
    for (Path snapshot : snapshots) {
      byte[] bytes = Files.readAllBytes(snapshot);
      bytes[bytes.length - 1] ^= 0x01;
      Files.write(snapshot, bytes);
    }
    assertThatThrownBy(() -> ExportCertEngine.start(EngineConfig.of(0, dataDir)))
        .hasMessageContaining(snapshots.get(0).toString()).hasMessageContaining(snapshots.get(snapshots.size() - 1).toString())
        .hasMessageContaining("checksum mismatch").hasMessageContaining("restore the data directory from a backup");
  }

  private static List<Path> files(Path dataDir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dataDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }
}
