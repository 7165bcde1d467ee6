package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent loop whose inner instances are in a snapshot: the engine starts from it and the loop goes on. */
class AdHocSubProcessSnapshotTest {

  private static ExportCertEngine start(Path dir) {
    return ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), new SnapshotPolicy(3, 0));
  }

  private static ActivatedJob one(CamundaClient client, String type) {
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs();
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  @Test
  void innerInstancesSurviveASnapshotAndARestart(@TempDir java.nio.file.Path dir) throws Exception {
    long pi;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addResourceStringUtf8(AdHocSubProcessJobWorkerTest.MODEL, "agent.bpmn").send().join();
      pi = client.newCreateInstanceCommand().bpmnProcessId("adhoc").latestVersion().send().join().getProcessInstanceKey();
      client.newCompleteCommand(one(client, "agent"))
          .withResult(r -> r.forAdHocSubProcess().activateElement("lookup").variables(Map.of("toolCallId", "1"))).send().join();
      for (int i = 0; i < 4; i++) { // more records, so a snapshot is written while the inner instance is active
        client.newSetVariablesCommand(pi).variables(Map.of("tick", i)).send().join();
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      long newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("snapshot-\\d{20}\\.snap"))
          .mapToLong(n -> Long.parseLong(n.substring(9, 29))).max().orElse(0);
      // records 1-3: deploy, create, activation; the fourth (the job result) starts the inner instance
      assertThat(newest).as("a snapshot was written while the inner instance was active").isGreaterThan(4);
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(client.newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(pi).elementId("ahsp#innerInstance"))
          .send().join().items()).singleElement().satisfies(e -> assertThat(e.getType().name()).isEqualTo("AD_HOC_SUB_PROCESS_INNER_INSTANCE"));
      client.newCompleteCommand(one(client, "lookup")).variables(Map.of("toolCallResult", "found")).send().join();
      ActivatedJob agent = one(client, "agent");
      assertThat(agent.getVariablesAsMap()).containsEntry("toolCallResults", List.of(Map.of("id", "1", "result", "found")));
      client.newCompleteCommand(agent).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
      assertThat(client.newProcessInstanceGetRequest(pi).send().join().getState().name()).isEqualTo("COMPLETED");
    }
  }
}
