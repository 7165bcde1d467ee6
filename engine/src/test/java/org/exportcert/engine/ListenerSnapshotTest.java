package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is taken while an element waits for its execution listener or a user task for its
 * task listener (the wait is state, not a reason to keep the whole journal), and after a crash the
 * engine restored from it goes on with the same listener jobs: the journal stays bounded however
 * long a listener waits.
 */
class ListenerSnapshotTest {

  private static ExportCertEngine start(Path dir) {
    return ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), new SnapshotPolicy(10, 0));
  }

  @Test
  void listenersWaitAcrossASnapshotAndACrashThenComplete() throws Exception {
    Path dir = Files.createTempDirectory("engine-listener-snapshot");
    long pi;
    ActivatedJob startListener;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("waits").startEvent()
          .serviceTask("check", t -> t.zeebeJobType("ls-check")
              .zeebeStartExecutionListener("ls-start").zeebeEndExecutionListener("ls-end"))
          .userTask("review", u -> u.zeebeUserTask()
              .zeebeTaskListener(l -> l.creating().type("ls-creating"))
              .zeebeTaskListener(l -> l.completing().type("ls-completing")))
          .endEvent().done(), "waits.bpmn").send().join();
      pi = client.newCreateInstanceCommand().bpmnProcessId("waits").latestVersion()
          .variables(Map.of("caseId", "出口-1")).send().join().getProcessInstanceKey();
      startListener = activate(client, "ls-start");
      assertSnapshotWhileWaiting(engine, client, dir, "listenerWaits", pi);
      engine.abandon(); // as kill -9 would leave it: the snapshot and the journal tail after it
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      client.newCompleteCommand(startListener.getKey()).variables(Map.of("checkedBy", "listener")).send().join();
      ActivatedJob check = activate(client, "ls-check");
      assertThat(check.getVariablesAsMap()).containsEntry("checkedBy", "listener").containsEntry("caseId", "出口-1");
      client.newCompleteCommand(check).send().join();
      client.newCompleteCommand(activate(client, "ls-end")).send().join();
      ActivatedJob creating = activate(client, "ls-creating");
      assertSnapshotWhileWaiting(engine, client, dir, "taskListenerWaits", pi);
      engine.abandon();
      try (ExportCertEngine again = start(dir); CamundaClient client2 = EngineExtension.newClient(again)) {
        client2.newCompleteCommand(creating.getKey()).send().join();
        long task = client2.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join()
            .items().get(0).getUserTaskKey();
        var completion = client2.newCompleteUserTaskCommand(task).send();
        client2.newCompleteCommand(activate(client2, "ls-completing")).send().join();
        completion.join();
        assertThat(client2.newProcessInstanceGetRequest(pi).send().join().getState()).isEqualTo(ProcessInstanceState.COMPLETED);
      }
    }
  }

  /**
   * A cancellation waiting for a canceling task listener is in the snapshot too: after a crash the
   * instance is still terminating (a second cancel is refused, as before the crash) and completing
   * the listener job terminates it.
   */
  @Test
  void aTerminationWaitingForItsCancelingListenerCrossesASnapshotAndACrash() throws Exception {
    Path dir = Files.createTempDirectory("engine-canceling-snapshot");
    long pi;
    ActivatedJob canceling;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("cancels").startEvent()
          .userTask("review", u -> u.zeebeUserTask().zeebeTaskListener(l -> l.canceling().type("ls-canceling")))
          .endEvent().done(), "cancels.bpmn").send().join();
      pi = client.newCreateInstanceCommand().bpmnProcessId("cancels").latestVersion().send().join().getProcessInstanceKey();
      client.newCancelInstanceCommand(pi).send().join();
      canceling = activate(client, "ls-canceling");
      assertSnapshotWhileWaiting(engine, client, dir, "taskListenerWaits", pi);
      engine.abandon();
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThatThrownBy(() -> client.newCancelInstanceCommand(pi).send().join())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
      assertThat(client.newProcessInstanceGetRequest(pi).send().join().getState()).isEqualTo(ProcessInstanceState.ACTIVE);
      client.newCompleteCommand(canceling.getKey()).send().join();
      assertThat(client.newProcessInstanceGetRequest(pi).send().join().getState()).isEqualTo(ProcessInstanceState.TERMINATED);
      assertThat(client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join().items().get(0)
          .getState().name()).isEqualTo("CANCELED");
    }
  }

  private static ActivatedJob activate(CamundaClient client, String type) {
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
    assertThat(jobs).as("a job of type %s", type).hasSize(1);
    return jobs.get(0);
  }

  /** Fills the journal past the snapshot interval while the listener waits: a snapshot must follow. */
  private static void assertSnapshotWhileWaiting(ExportCertEngine engine, CamundaClient client, Path dir, String waits,
      long pi) throws IOException {
    assertThat(engine.processor().query(s -> IntNode.valueOf(
        "listenerWaits".equals(waits) ? size(s.listenerWaits) : size(s.taskListenerWaits))).join().asInt())
        .as("something waits for its listener").isEqualTo(1);
    long before = newestSnapshot(dir);
    for (int i = 0; i < 25; i++) {
      client.newSetVariablesCommand(pi).variables(Map.of("filler", i)).send().join();
    }
    // the snapshot is written in the background after the records that make it due
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (newestSnapshot(dir) <= before && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // polls the directory
    }
    assertThat(newestSnapshot(dir)).as("a snapshot taken while the listener waits").isGreaterThan(before);
  }

  private static int size(Map<?, ?> map) {
    return map == null ? 0 : map.size();
  }

  private static long newestSnapshot(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("snapshot-") && n.endsWith(".snap"))
          .mapToLong(n -> Long.parseLong(n.substring("snapshot-".length(), n.length() - ".snap".length()))).max().orElse(-1);
    }
  }
}
