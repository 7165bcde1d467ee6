package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory: a finished process instance, with everything it owned, leaves the live state for
 * the history store in the data directory; searches and lookups still show it, before and after a
 * restart, as they show a running one.
 */
class HistoryTest {

  private static ExportCertEngine start(Path dir) {
    return ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), new SnapshotPolicy(40, 0));
  }

  private static int live(ExportCertEngine engine, java.util.function.Function<org.exportcert.engine.state.EngineState, Integer> size) {
    return engine.processor().query(s -> com.fasterxml.jackson.databind.node.IntNode.valueOf(size.apply(s))).join().asInt();
  }

  @Test
  void finishedInstancesLeaveTheHeapAndStaySearchable(@TempDir java.nio.file.Path dir) throws Exception {
    List<Long> finished = new ArrayList<>();
    List<Long> running = new ArrayList<>();
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(
          Bpmn.createExecutableProcess("hist").startEvent()
              .serviceTask("check", t -> t.zeebeJobType("hist-check"))
              .endEvent("done").done(), "hist.bpmn").send().join();
      for (int i = 0; i < 12; i++) {
        long key = client.newCreateInstanceCommand().bpmnProcessId("hist").latestVersion()
            .variables(Map.of("caseId", "CASE-" + i)).send().join().getProcessInstanceKey();
        (i < 8 ? finished : running).add(key);
      }
      List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType("hist-check").maxJobsToActivate(12).send().join().getJobs();
      for (ActivatedJob job : jobs) {
        if (finished.contains(job.getProcessInstanceKey())) {
          client.newCompleteCommand(job).variables(Map.of("result", "合格")).send().join();
        }
      }
      // cancel one running instance too: terminated instances leave as well
      client.newCancelInstanceCommand(running.remove(3)).send().join();

      assertThat(live(engine, s -> s.processInstances.size())).as("only running instances stay live").isEqualTo(3);
      assertThat(live(engine, s -> s.jobs.size())).isEqualTo(3);
      assertThat(live(engine, s -> s.variables.size())).isEqualTo(3);
      assertThat(live(engine, s -> s.elementInstances.size())).as("process, start event and task per running instance").isEqualTo(9);
      assertThat(engine.processor().history().count(HistoryStore.Kind.PROCESS_INSTANCE)).isEqualTo(9);

      assertFinishedVisible(client, finished);
    }
    // after a restart (snapshot + journal tail + history store) the same
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(live(engine, s -> s.processInstances.size())).isEqualTo(3);
      assertFinishedVisible(client, finished);
      var all = client.newProcessInstanceSearchRequest().page(p -> p.limit(100)).send().join().items();
      assertThat(all).hasSize(12);
      assertThat(all).as("in creation order, live and finished mixed")
          .isSortedAccordingTo(java.util.Comparator.comparingLong(pi -> pi.getProcessInstanceKey()));
    }
  }

  @Test
  void decisionEvaluationsLeaveTheHeapAndStaySearchable() throws Exception {
    Path dir = Files.createTempDirectory("engine-history-dmn");
    long running;
    long finished;
    String standalone;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(DmnTest.rulesProcess("rules", ZeebeBindingType.latest), "rules.bpmn")
          .addResourceFromClasspath("dmn/certification-rules.dmn").send().join();
      running = client.newCreateInstanceCommand().bpmnProcessId("rules").latestVersion()
          .variables(Map.of("tier", "gold", "risk", 7)).send().join().getProcessInstanceKey();
      finished = client.newCreateInstanceCommand().bpmnProcessId("rules").latestVersion()
          .variables(Map.of("tier", "bronze", "risk", 1)).send().join().getProcessInstanceKey();
      standalone = client.newEvaluateDecisionCommand().decisionId("fee").variables(Map.of("tier", "silver"))
          .send().join().getDecisionInstanceKey() + "-1";
      for (ActivatedJob job : client.newActivateJobsCommand().jobType("review").maxJobsToActivate(2).send().join().getJobs()) {
        if (job.getProcessInstanceKey() == finished) {
          client.newCompleteCommand(job).send().join();
        }
      }

      assertThat(live(engine, s -> s.decisions.instances.size())).as("no evaluation stays on the heap").isZero();
      assertDecisionsVisible(client, running, finished, standalone);
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(live(engine, s -> s.decisions.instances.size())).isZero();
      assertDecisionsVisible(client, running, finished, standalone);
    }
  }

  private static void assertDecisionsVisible(CamundaClient client, long running, long finished, String standalone) {
    // a running and a finished instance's evaluations alike, from the process instance index
    for (long pi : List.of(running, finished)) {
      assertThat(client.newDecisionInstanceSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join().items())
          .allSatisfy(d -> assertThat(d.getProcessInstanceKey()).isEqualTo(pi))
          .extracting(d -> d.getDecisionDefinitionId()).contains("fee", "checks", "route");
    }
    var fees = client.newDecisionInstanceSearchRequest().filter(f -> f.decisionDefinitionId("fee")).send().join().items();
    // in evaluation order (route requires fee, so each instance evaluated it twice), the API's call last
    assertThat(fees).extracting(d -> d.getResult()).containsExactly("100", "100", "10", "10", "50");
    assertThat(fees.get(4).getDecisionInstanceId()).isEqualTo(standalone);
    assertThat(fees.get(4).getProcessInstanceKey()).as("evaluated through the API: no process").isEqualTo(-1L);

    // every evaluation, paged with cursors in evaluation order, no item twice
    var all = client.newDecisionInstanceSearchRequest().page(p -> p.limit(100)).send().join().items();
    var first = client.newDecisionInstanceSearchRequest().page(p -> p.limit(4)).send().join();
    var rest = client.newDecisionInstanceSearchRequest().page(p -> p.limit(100).after(first.page().endCursor())).send().join();
    List<String> paged = new ArrayList<>();
    first.items().forEach(d -> paged.add(d.getDecisionInstanceId()));
    rest.items().forEach(d -> paged.add(d.getDecisionInstanceId()));
    assertThat(paged).containsExactlyElementsOf(all.stream().map(d -> d.getDecisionInstanceId()).toList()).doesNotHaveDuplicates();
    assertThat(first.page().totalItems()).isEqualTo(all.size());
    assertThat(all.size()).isGreaterThanOrEqualTo(7);
    assertThat(client.newDecisionInstanceSearchRequest().filter(f -> f.processInstanceKey(running).decisionDefinitionId("route"))
        .send().join().items()).singleElement().satisfies(d -> assertThat(d.getMatchedRules()).isNullOrEmpty());

    // the lookup by key shows what was matched
    var details = client.newDecisionInstanceGetRequest(standalone).send().join();
    assertThat(details.getDecisionDefinitionId()).isEqualTo("fee");
    assertThat(details.getMatchedRules()).isNotEmpty();
    assertThat(details.getEvaluatedInputs()).isNotEmpty();
  }

  private static void assertFinishedVisible(CamundaClient client, List<Long> finished) {
    long first = finished.get(0);
    var pi = client.newProcessInstanceGetRequest(first).send().join();
    assertThat(pi.getState()).isEqualTo(ProcessInstanceState.COMPLETED);
    assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.state(ProcessInstanceState.COMPLETED))
        .page(p -> p.limit(100)).send().join().items())
        .extracting(p -> p.getProcessInstanceKey()).containsExactlyElementsOf(finished);
    assertThat(client.newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(first)).send().join().items())
        .extracting(e -> e.getElementId()).contains("check", "done");
    var variables = client.newVariableSearchRequest().filter(f -> f.processInstanceKey(first)).send().join().items();
    assertThat(variables).extracting(v -> v.getName()).containsExactlyInAnyOrder("caseId", "result");
    assertThat(client.newVariableGetRequest(variables.get(0).getVariableKey()).send().join().getName())
        .isEqualTo(variables.get(0).getName());
    assertThat(client.newJobSearchRequest().filter(f -> f.processInstanceKey(first)).send().join().items())
        .singleElement().satisfies(j -> assertThat(j.getState().name()).isEqualTo("COMPLETED"));
    // the process instance filter on variables reaches finished instances too
    assertThat(client.newProcessInstanceSearchRequest()
        .filter(f -> f.variables(Map.of("caseId", "\"CASE-0\""))).send().join().items())
        .extracting(p -> p.getProcessInstanceKey()).containsExactly(first);
  }
}
