package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots: the engine writes its state every few records and drops the journal behind it; a
 * start loads the newest snapshot and replays only the tail, and what a user sees through the API
 * is exactly what it saw before. A damaged newest snapshot is detected and the previous one used.
 */
class SnapshotTest {

  private static final SnapshotPolicy OFTEN = new SnapshotPolicy(25, 0);

  private static ExportCertEngine start(Path dir) {
    return ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), OFTEN);
  }

  /** Deploys, creates 30 instances and moves them to different places (jobs, user task, incident, variables). */
  private static void work(CamundaClient client) {
    client.newDeployResourceCommand().addProcessModel(
        Bpmn.createExecutableProcess("snap").startEvent()
            .serviceTask("work", t -> t.zeebeJobType("snap-work"))
            .userTask("review", u -> u.zeebeUserTask())
            .endEvent().done(), "snap.bpmn").send().join();
    for (int i = 0; i < 30; i++) {
      client.newCreateInstanceCommand().bpmnProcessId("snap").latestVersion()
          .variables(Map.of("n", i, "名称", "出口认证-" + i)).send().join();
    }
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType("snap-work").maxJobsToActivate(20).send().join().getJobs();
    for (int i = 0; i < jobs.size(); i++) {
      ActivatedJob job = jobs.get(i);
      if (i % 5 == 0) {
        client.newFailCommand(job).retries(0).errorMessage("no evidence").send().join();
      } else {
        client.newCompleteCommand(job).variables(Map.of("checked", i)).send().join();
      }
    }
    var tasks = client.newUserTaskSearchRequest().page(p -> p.limit(5)).send().join().items();
    for (var task : tasks) {
      client.newCompleteUserTaskCommand(task.getUserTaskKey()).send().join();
    }
  }

  /** Everything a user can see, as text. */
  private static List<String> view(CamundaClient client) {
    List<String> view = new ArrayList<>();
    client.newProcessInstanceSearchRequest().page(p -> p.limit(1000)).send().join().items()
        .forEach(pi -> view.add("pi " + pi.getProcessInstanceKey() + " " + pi.getState() + " " + pi.getEndDate()));
    client.newElementInstanceSearchRequest().page(p -> p.limit(1000)).send().join().items()
        .forEach(e -> view.add("ei " + e.getElementInstanceKey() + " " + e.getElementId() + " " + e.getState()));
    client.newUserTaskSearchRequest().page(p -> p.limit(1000)).send().join().items()
        .forEach(t -> view.add("ut " + t.getUserTaskKey() + " " + t.getState()));
    client.newVariableSearchRequest().page(p -> p.limit(1000)).send().join().items()
        .forEach(v -> view.add("var " + v.getVariableKey() + " " + v.getName() + "=" + v.getValue()));
    client.newIncidentSearchRequest().page(p -> p.limit(1000)).send().join().items()
        .forEach(i -> view.add("inc " + i.getIncidentKey() + " " + i.getState() + " " + i.getErrorMessage()));
    client.newJobSearchRequest().page(p -> p.limit(1000)).send().join().items()
        .forEach(j -> view.add("job " + j.getJobKey() + " " + j.getState() + " " + j.getRetries()));
    return view;
  }

  private static List<Path> files(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  @Test
  void aRestartLoadsTheSnapshotAndShowsTheSameState(@TempDir java.nio.file.Path dir) throws Exception {
    List<String> before;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      work(client);
      before = view(client);
    }
    assertThat(files(dir, "snapshot-")).as("snapshots were written").isNotEmpty();
    assertThat(dir.resolve("journal.log")).as("the journal a snapshot covers is dropped").doesNotExist();

    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(view(client)).isEqualTo(before);
      // and it goes on from there: the open jobs complete, new instances get fresh keys
      List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType("snap-work").maxJobsToActivate(50).send().join().getJobs();
      assertThat(jobs).hasSize(10);
      for (ActivatedJob job : jobs) {
        client.newCompleteCommand(job).send().join();
      }
      long created = client.newCreateInstanceCommand().bpmnProcessId("snap").latestVersion().send().join().getProcessInstanceKey();
      assertThat(before).noneMatch(line -> line.contains(String.valueOf(created)));
      before = view(client);
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(view(client)).isEqualTo(before);
    }
  }

  @Test
  void aDamagedNewestSnapshotFallsBackToThePreviousOne(@TempDir java.nio.file.Path dir) throws Exception {
    List<String> before;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      work(client);
      before = view(client);
    }
    List<Path> snapshots = files(dir, "snapshot-");
    assertThat(snapshots).hasSizeGreaterThanOrEqualTo(2);
    Path newest = snapshots.get(snapshots.size() - 1);
    try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0xFF); // one flipped byte: the checksum no longer matches
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(view(client)).isEqualTo(before);
    }

    // a snapshot cut short (as a disk might leave one) is refused the same way
    snapshots = files(dir, "snapshot-");
    newest = snapshots.get(snapshots.size() - 1);
    try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
      file.setLength(file.length() - 7);
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(view(client)).isEqualTo(before);
    }
  }

  @Test
  void aPurgeIsASnapshotOfTheEmptyState(@TempDir java.nio.file.Path dir) throws Exception {
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      work(client);
      engine.processor().purge().join(); // what POST /actuator/cluster/purge does
      assertThat(client.newProcessInstanceSearchRequest().send().join().items()).isEmpty();
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(client.newProcessInstanceSearchRequest().send().join().items()).isEmpty();
      assertThat(client.newUserTaskSearchRequest().send().join().items()).isEmpty();
    }
  }
}
