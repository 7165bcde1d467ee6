package org.exportcert.engine;

import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Helpers shared by the engine tests: a fresh engine per test and the unchanged client. */
abstract class EngineTestBase {

  @RegisterExtension final EngineExtension env = new EngineExtension();

  CamundaClient client() {
    return env.client();
  }

  long deploy(BpmnModelInstance model) {
    String id = model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class).iterator().next().getId();
    return client().newDeployResourceCommand().addProcessModel(model, id + ".bpmn").send().join()
        .getProcesses().get(0).getProcessDefinitionKey();
  }

  long start(String processId, Map<String, Object> variables) {
    return client().newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
  }

  List<ActivatedJob> activate(String type, int max) {
    return client().newActivateJobsCommand().jobType(type).maxJobsToActivate(max)
        .requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
  }

  /** Waits (long poll) until exactly one job of the type can be activated. */
  ActivatedJob activateOne(String type) {
    List<ActivatedJob> jobs = client().newActivateJobsCommand().jobType(type).maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs();
    if (jobs.size() != 1) {
      throw new AssertionError("expected one job of type " + type + ", got " + jobs.size());
    }
    return jobs.get(0);
  }

  ProcessInstance instance(long key) {
    return client().newProcessInstanceGetRequest(key).send().join();
  }

  String state(long processInstanceKey) {
    return instance(processInstanceKey).getState().name();
  }

  void awaitState(long processInstanceKey, String state) {
    await().atMost(Duration.ofSeconds(10)).until(() -> state(processInstanceKey).equals(state));
  }

  Map<String, String> rootVariables(long processInstanceKey) {
    Map<String, String> result = new java.util.HashMap<>();
    client().newVariableSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).scopeKey(processInstanceKey))
        .send().join().items().forEach(v -> result.put(v.getName(), v.getValue()));
    return result;
  }

  List<Incident> activeIncidents(long processInstanceKey) {
    return client().newIncidentSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(io.camunda.client.api.search.enums.IncidentState.ACTIVE))
        .send().join().items();
  }

  List<UserTask> userTasks(long processInstanceKey) {
    return client().newUserTaskSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey)).send().join().items();
  }

  List<String> activeElements(long processInstanceKey) {
    return client().newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(io.camunda.client.api.search.enums.ElementInstanceState.ACTIVE))
        .send().join().items().stream().map(e -> e.getElementId()).toList();
  }

  List<String> completedElements(long processInstanceKey) {
    return client().newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(io.camunda.client.api.search.enums.ElementInstanceState.COMPLETED))
        .send().join().items().stream().map(e -> e.getElementId()).toList();
  }
}
