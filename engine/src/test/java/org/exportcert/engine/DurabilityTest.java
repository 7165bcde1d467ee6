package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restart after a crash: the old engine is abandoned without {@code close()} (no final sync, no
 * shutdown), a new one opens the same data directory and must show every acknowledged command.
 */
class DurabilityTest extends EngineTestBase {

  private ExportCertEngine crashAndRestart() {
    // Abandon the running engine as kill -9 would: no close(), nothing flushed on the way out.
    ExportCertEngine fresh = env.startOnSameData();
    env.restart(fresh);
    return fresh;
  }

  @Test
  void waitingInstanceSurvivesKill() {
    deploy(Bpmn.createExecutableProcess("durable").startEvent()
        .serviceTask("first", t -> t.zeebeJobType("first"))
        .userTask("approve", u -> u.zeebeUserTask().zeebeAssignee("anna"))
        .serviceTask("last", t -> t.zeebeJobType("last"))
        .endEvent().done());
    long pi = start("durable", Map.of("caseId", "C-1"));
    ActivatedJob first = activateOne("first");
    client().newCompleteCommand(first).variables(Map.of("checked", true)).send().join();
    UserTask task = userTasks(pi).get(0);

    crashAndRestart();

    assertThat(state(pi)).isEqualTo("ACTIVE");
    assertThat(rootVariables(pi)).containsEntry("caseId", "\"C-1\"").containsEntry("checked", "true");
    UserTask restored = client().newUserTaskGetRequest(task.getUserTaskKey()).send().join();
    assertThat(restored.getAssignee()).isEqualTo("anna");
    client().newCompleteUserTaskCommand(task.getUserTaskKey()).send().join();
    ActivatedJob last = activateOne("last");
    assertThat(last.getProcessInstanceKey()).isEqualTo(pi);
    client().newCompleteCommand(last).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    // keys keep growing after a restart: no key is handed out twice
    long next = start("durable", Map.of());
    assertThat(next).isGreaterThan(last.getKey());
  }

  @Test
  void activatedJobKeepsItsDeadlineAndIncidentsSurvive() {
    deploy(Bpmn.createExecutableProcess("jobs").startEvent().parallelGateway("fork")
        .serviceTask("locked", t -> t.zeebeJobType("locked")).endEvent("e1")
        .moveToNode("fork").serviceTask("broken", t -> t.zeebeJobType("broken")).endEvent("e2")
        .done());
    long pi = start("jobs", Map.of());
    ActivatedJob locked = client().newActivateJobsCommand().jobType("locked").maxJobsToActivate(1)
        .timeout(Duration.ofMinutes(10)).send().join().getJobs().get(0);
    client().newFailCommand(activateOne("broken")).retries(0).errorMessage("down").send().join();

    crashAndRestart();

    assertThat(activate("locked", 1)).as("deadline restored, job still locked").isEmpty();
    assertThat(activeIncidents(pi)).singleElement().satisfies(i -> assertThat(i.getErrorMessage()).isEqualTo("down"));
    client().newCompleteCommand(locked.getKey()).send().join();
    assertThat(activeElements(pi)).containsExactly("broken");
  }

  @Test
  void tornTailRecordIsCutOffAndEverythingBeforeItKept() throws IOException {
    deploy(Bpmn.createExecutableProcess("torn").startEvent().serviceTask("t", t -> t.zeebeJobType("torn")).endEvent().done());
    long pi = start("torn", Map.of());
    Path journal = env.dataDirectory().resolve("journal.log");
    long intactSize = Files.size(journal);
    // A record whose header promises 500 bytes but only 10 made it to disk before the kill.
    try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.APPEND)) {
      ByteBuffer torn = ByteBuffer.allocate(18);
      torn.putInt(500).putInt(12345).put("{\"t\":\"crea".getBytes());
      torn.flip();
      channel.write(torn);
    }

    crashAndRestart();

    assertThat(Files.size(journal)).isEqualTo(intactSize);
    assertThat(state(pi)).isEqualTo("ACTIVE");
    client().newCompleteCommand(activateOne("torn")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");

    crashAndRestart();
    assertThat(state(pi)).as("commands after the cut are journaled cleanly").isEqualTo("COMPLETED");
  }

  @Test
  void corruptRecordIsDetectedByChecksum() throws IOException {
    deploy(Bpmn.createExecutableProcess("crc").startEvent().serviceTask("t", t -> t.zeebeJobType("crc")).endEvent().done());
    long pi = start("crc", Map.of());
    Path journal = env.dataDirectory().resolve("journal.log");
    long intactSize = Files.size(journal);
    byte[] payload = "{\"t\":\"cancel\",\"ts\":1,\"b\":{\"key\":1}}".getBytes();
    try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.APPEND)) {
      ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
      record.putInt(payload.length).putInt(0xBADBAD).put(payload);
      record.flip();
      channel.write(record);
    }
    crashAndRestart();
    assertThat(Files.size(journal)).isEqualTo(intactSize);
    assertThat(List.of(state(pi))).containsExactly("ACTIVE");
  }
}
