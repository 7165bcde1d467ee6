package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.exportcert.engine.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup of a running engine relies on: the journal is cut at a record boundary while no
 * command runs, the copy up to the cut replays into the same state, and a copy that is not a
 * record boundary or holds a corrupt record is refused instead of silently shortened.
 */
class JournalCutTest {

  @TempDir Path dir;

  private static String model(String id) {
    return Bpmn.convertToString(Bpmn.createExecutableProcess(id).startEvent()
        .userTask("Task_Wait").zeebeUserTask().endEvent().done());
  }

  @Test
  void aCutCopiedWhileTheEngineRunsReplaysIntoTheStateAtTheCut() throws Exception {
    Path live = dir.resolve("live");
    Path restored = dir.resolve("restored");
    long before;
    ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, live).withoutAuthentication());
    ExportCertEngine.JournalCut cut;
    try (CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addResourceStringUtf8(model("cut"), "cut.bpmn").send().join();
      before = client.newCreateInstanceCommand().bpmnProcessId("cut").latestVersion().send().join()
          .getProcessInstanceKey();
      AtomicLong pausedFor = new AtomicLong();
      // a command sent while the cut holds the engine waits until the cut is done
      CompletableFuture<Long> during = new CompletableFuture<>();
      cut = engine.cutJournal(() -> {
        long started = System.nanoTime();
        client.newCreateInstanceCommand().bpmnProcessId("cut").latestVersion().send()
            .thenAccept(r -> during.complete(r.getProcessInstanceKey()));
        assertThat(during).as("no command runs during the cut").isNotDone();
        pausedFor.set(System.nanoTime() - started);
      }, Duration.ofSeconds(30));
      long after = during.get(30, TimeUnit.SECONDS);
      assertThat(after).isNotEqualTo(before);
      Files.createDirectories(restored);
      try (OutputStream out = Files.newOutputStream(restored.resolve("journal.log"))) {
        assertThat(Journal.copyPrefix(cut.file(), cut.length(), out)).isPositive();
      }
      assertThat(Files.size(live.resolve("journal.log"))).isGreaterThan(cut.length());
    } finally {
      engine.close();
    }
    ExportCertEngine copy = ExportCertEngine.start(EngineConfig.of(0, restored).withoutAuthentication());
    try (CamundaClient client = EngineExtension.newClient(copy)) {
      var instances = client.newProcessInstanceSearchRequest().send().join().items();
      assertThat(instances).extracting(i -> i.getProcessInstanceKey()).containsExactly(before);
    } finally {
      copy.close();
    }
  }

  @Test
  void aLengthInsideARecordOrACorruptRecordIsRefused() throws Exception {
    Path journalDir = dir.resolve("j");
    try (Journal journal = Journal.open(journalDir, false, bytes -> {})) {
      journal.append("{\"t\":\"one\"}");
      journal.append("{\"t\":\"two\"}");
      journal.sync();
    }
    Path file = journalDir.resolve("journal.log");
    long size = Files.size(file);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    assertThat(Journal.copyPrefix(file, size, whole)).isEqualTo(2);
    assertThat(whole.toByteArray()).isEqualTo(Files.readAllBytes(file));

    assertThatThrownBy(() -> Journal.copyPrefix(file, size - 3, OutputStream.nullOutputStream()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no record boundary");
    assertThatThrownBy(() -> Journal.copyPrefix(file, size + 10, OutputStream.nullOutputStream()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter");

    byte[] bytes = Files.readAllBytes(file);
    bytes[10] ^= 0x20; // a flipped bit in the first record's payload
    Files.write(file, bytes);
    assertThatThrownBy(() -> Journal.copyPrefix(file, size, OutputStream.nullOutputStream()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt record at 0");
  }
}
