package org.exportcert.engine.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.response.ProcessInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.EngineExtension;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.engine.history.Format1Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of the one-time copy of a format-1 history store into format 2: part of
 * the copy is on disk, the format not yet noted. The next start copies again from the start and
 * every finished instance is there exactly once, with its variables, and the old maps are gone.
 */
class HistoryUpgradeKillNineTest {

  @TempDir Path work;

  @Test
  void aKillDuringTheFormatCopyIsCompletedByTheNextStart() throws Exception {
    Path dataDir = Files.createDirectory(work.resolve("data"));
    Format1Fixture.write(dataDir, 1000, 40);
    Path history = dataDir.resolve("history.mv.db");
    FileTime before = Files.getLastModifiedTime(history);
    // each group copied is committed, then the copy pauses: kill once part of it is on disk
    try (ChildEngine child = new ChildEngine(dataDir, work, Map.of("exportcert.engine.history.test-copy-pause-ms", "300"),
        Map.of(), false)) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> !Files.getLastModifiedTime(history).equals(before));
      FileTime partly = Files.getLastModifiedTime(history);
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> !Files.getLastModifiedTime(history).equals(partly));
      child.kill();
    }
    assertThat(Format1Fixture.present(dataDir)).as("the copy was interrupted").isTrue();

    for (int start = 1; start <= 2; start++) {
      try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir));
          CamundaClient client = EngineExtension.newClient(engine)) {
        List<ProcessInstance> legacy = client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId("legacy"))
            .page(p -> p.limit(1000)).send().join().items();
        assertThat(legacy).extracting(ProcessInstance::getProcessInstanceKey).doesNotHaveDuplicates().hasSize(40)
            .allSatisfy(key -> assertThat(key).isBetween(1000L, 1039L));
        assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.state(
            io.camunda.client.api.search.enums.ProcessInstanceState.COMPLETED)).page(p -> p.limit(1000)).send().join()
            .items()).hasSize(40);
        assertThat(client.newVariableSearchRequest().filter(f -> f.processInstanceKey(1039L)).send().join().items())
            .extracting(v -> v.getName()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(client.newVariableSearchRequest().page(p -> p.limit(1000)).send().join().items()).hasSize(80);
      }
      assertThat(Format1Fixture.present(dataDir)).as("the old maps are gone").isFalse();
    }
  }
}
