package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.journal.Journal;
import org.exportcert.engine.runtime.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory keeps opening across engine versions. The fixture {@code journal-fixtures/format-0}
 * was written by the engine before records carried a format version (deploy, three creations with
 * a Chinese variable name, one activation of two jobs, two completions); today's engine must
 * rebuild exactly that state from it, append records of the current format behind it, and open the
 * mixed journal again. A record of a future format stops the start with a clear message.
 */
class JournalFormatTest {

  @TempDir Path dir; // the fixture's copy, removed after each test

  private Path fixtureDirectory() throws Exception {
    try (InputStream in = JournalFormatTest.class.getResourceAsStream("/journal-fixtures/format-0/journal.log")) {
      Files.copy(in, dir.resolve("journal.log"));
    }
    return dir;
  }

  @Test
  void aJournalWrittenBeforeFormatVersionsOpensAndKeepsGoing() throws Exception {
    fixtureDirectory();
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir));
        CamundaClient client = EngineExtension.newClient(engine)) {
      var instances = client.newProcessInstanceSearchRequest().send().join().items();
      assertThat(instances).hasSize(3).allSatisfy(pi -> assertThat(pi.getProcessDefinitionId()).isEqualTo("fixture"));
      assertThat(client.newUserTaskSearchRequest().send().join().items())
          .as("the two completed reviews moved their instances to the user task").hasSize(2);
      var variables = client.newVariableSearchRequest().filter(f -> f.name("名称")).send().join().items();
      assertThat(variables).hasSize(3).allSatisfy(v -> assertThat(v.getValue()).isEqualTo("\"出口认证\""));
      // the third instance's review job is still there; completing it appends a current-format record
      List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType("fixture-review").maxJobsToActivate(5).send().join().getJobs();
      assertThat(jobs).hasSize(1);
      assertThat(jobs.get(0).getVariablesAsMap()).containsEntry("caseId", "CASE-3");
      client.newCompleteCommand(jobs.get(0)).variables(Map.of("reviewed", true)).send().join();
    }

    List<String> records = new ArrayList<>();
    new JournalReader(dir, records);
    assertThat(records.get(0)).doesNotContain("\"v\":");
    assertThat(records.get(records.size() - 1)).startsWith("{\"v\":" + CommandProcessor.JOURNAL_FORMAT + ",");

    try (ExportCertEngine reopened = ExportCertEngine.start(EngineConfig.of(0, dir));
        CamundaClient client = EngineExtension.newClient(reopened)) {
      assertThat(client.newUserTaskSearchRequest().send().join().items()).hasSize(3);
    }
  }

  @Test
  void aRecordOfANewerFormatStopsTheStartWithAClearMessage() throws Exception {
    fixtureDirectory();
    try (Journal journal = Journal.open(dir, true, bytes -> {})) {
      journal.append("{\"v\":" + (CommandProcessor.JOURNAL_FORMAT + 1) + ",\"t\":\"clock-reset\",\"ts\":0,\"b\":{}}");
    }
    assertThatThrownBy(() -> ExportCertEngine.start(EngineConfig.of(0, dir)).close())
        .hasMessageContaining("newer engine");
  }

  /** Reads every record's text without starting an engine. */
  private static final class JournalReader {
    JournalReader(Path dir, List<String> into) {
      try (Journal journal = Journal.open(dir, false, bytes -> into.add(new String(bytes, StandardCharsets.UTF_8)))) {
        // opened only to read
      }
    }
  }
}
