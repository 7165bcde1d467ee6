package org.exportcert.engine.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.EngineExtension;
import org.exportcert.engine.ExportCertEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk: the journal is {@code /dev/full}, where every write fails with "No space left on
 * device" (ENOSPC), as on a full file system. The engine must not acknowledge what it cannot
 * persist: the command that hit the error and every later one are refused with 503 and a detail
 * that says what to do, the engine reports itself not alive (a supervisor restarts it), and it
 * writes no snapshot of commands the journal lacks. Once there is space, a restart shows only
 * what was acknowledged and takes work again.
 */
class DiskFullTest {

  @TempDir Path dataDir;

  @Test
  void aJournalThatCannotBeWrittenRefusesCommandsInsteadOfAcknowledgingThem() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
    Files.createSymbolicLink(dataDir.resolve("journal.log"), full);
    var model = Bpmn.createExecutableProcess("unpersisted").startEvent().endEvent().done();
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir));
        CamundaClient client = EngineExtension.newClient(engine)) {
      assertThatThrownBy(() -> client.newDeployResourceCommand().addProcessModel(model, "unpersisted.bpmn").send().join())
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(503);
            // Camunda's title, which clients read; a type of its own so monitoring tells it from backpressure
            assertThat(e.details().getTitle()).isEqualTo("UNAVAILABLE");
            assertThat(e.details().getType()).hasToString("urn:exportcert:problem:journal-unwritable");
            assertThat(e.details().getDetail()).contains("free space on its disk and restart it");
          })
          .hasMessageContaining("cannot write its journal").hasMessageContaining("No space left on device");
      assertThatThrownBy(() -> client.newCreateInstanceCommand().bpmnProcessId("unpersisted").latestVersion().send().join())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(503))
          .hasMessageContaining("cannot write its journal").hasMessageContaining("No space left on device")
          .hasMessageContaining("restart");
      assertThat(engine.alive()).as("a supervisor sees it needs a restart").isFalse();
    }
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no snapshot of unjournaled commands")
          .noneMatch(name -> name.startsWith("snapshot-"));
    }

    Files.delete(dataDir.resolve("journal.log")); // space again
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir));
        CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(client.newProcessDefinitionSearchRequest().send().join().items())
          .as("the refused deployment is not there").isEmpty();
      client.newDeployResourceCommand().addProcessModel(model, "unpersisted.bpmn").send().join();
      assertThat(client.newCreateInstanceCommand().bpmnProcessId("unpersisted").latestVersion().send().join()
          .getProcessInstanceKey()).isPositive();
    }
  }
}
