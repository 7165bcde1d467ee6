package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup of a running engine relies on: the copy of its data directory is taken at a
 * command boundary while no command runs, holds no credentials, and an engine started on the copy
 * has exactly the state of that instant.
 */
class EngineBackupTest {

  @TempDir Path dir;

  private static String model(String id) {
    return Bpmn.convertToString(Bpmn.createExecutableProcess(id).startEvent()
        .userTask("Task_Wait").zeebeUserTask().endEvent().done());
  }

  @Test
  void aCopyTakenWhileTheEngineRunsStartsWithTheStateAtTheCopy() throws Exception {
    Path live = dir.resolve("live");
    Path copy = dir.resolve("copy");
    long before;
    ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, live));
    try (CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addResourceStringUtf8(model("cut"), "cut.bpmn").send().join();
      before = client.newCreateInstanceCommand().bpmnProcessId("cut").latestVersion().send().join()
          .getProcessInstanceKey();
      // a command sent while the copy holds the engine waits until the copy is done
      CompletableFuture<Long> during = new CompletableFuture<>();
      long records = engine.backup(copy, () -> {
        client.newCreateInstanceCommand().bpmnProcessId("cut").latestVersion().send()
            .thenAccept(r -> during.complete(r.getProcessInstanceKey()));
        assertThat(during).as("no command runs during the copy").isNotDone();
      }, Duration.ofSeconds(30));
      assertThat(records).isPositive();
      assertThat(during.get(30, TimeUnit.SECONDS)).isNotEqualTo(before);
    } finally {
      engine.close();
    }
    assertThat(copy.resolve("client-credentials.properties")).doesNotExist();
    try (var files = Files.walk(copy)) {
      assertThat(files.filter(Files::isRegularFile).count()).isPositive();
    }
    ExportCertEngine restored = ExportCertEngine.start(EngineConfig.of(0, copy).withoutAuthentication());
    try (CamundaClient client = EngineExtension.newClient(restored)) {
      var instances = client.newProcessInstanceSearchRequest().send().join().items();
      assertThat(instances).extracting(i -> i.getProcessInstanceKey()).containsExactly(before);
    } finally {
      restored.close();
    }
  }
}
