package org.exportcert.engine.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@link LiveIndexSearchTest} drives through the engine for the incident, job, element instance,
 * process instance and message subscription indexes: instances (direct and called) whose jobs fail
 * with and without retries, throw uncaught errors, complete into a multi-instance body and reach a
 * task whose job type cannot be evaluated; incidents resolved, instances migrated to a version where
 * an element has another id, cancelled and completed (so they move to the history store). The
 * callers' call activities have an end execution listener (jobs of another kind, listener event
 * type and worker), and non-interrupting ("nudge") and interrupting ("abort") message boundary
 * events, whose subscriptions are correlated, reopened and deleted; a called instance's incident
 * shows as its caller's {@code hasIncident}.
 */
final class IncidentWorkload {

  final List<Long> direct = new ArrayList<>();
  long v1;
  long v2;

  private final CamundaClient client;

  IncidentWorkload(CamundaClient client) {
    this.client = client;
  }

  private static BpmnModelInstance order(String chargeId) {
    return Bpmn.createExecutableProcess("live-inc").startEvent("start")
        .serviceTask(chargeId, t -> t.zeebeJobType("charge"))
        .serviceTask("ship", t -> t.zeebeJobType("ship")
            .multiInstance(m -> m.parallel().zeebeInputCollectionExpression("items").zeebeInputElement("item")))
        .serviceTask("label", t -> t.zeebeJobTypeExpression("labelType"))
        .endEvent("end").done();
  }

  /** Creates the instances: 120 direct ones and 30 called from {@code live-parent}. */
  void start() {
    v1 = client.newDeployResourceCommand().addProcessModel(order("charge"), "live-inc.bpmn").send().join()
        .getProcesses().get(0).getProcessDefinitionKey();
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("live-parent").startEvent()
        .callActivity("call", c -> c.zeebeProcessId("live-inc").zeebeEndExecutionListener("audit"))
        .boundaryEvent("nudge", b -> b.cancelActivity(false).message(m -> m.name("nudge").zeebeCorrelationKeyExpression("orderId")))
        .endEvent("nudged")
        .moveToActivity("call").boundaryEvent("abort", b -> b.message(m -> m.name("abort").zeebeCorrelationKeyExpression("orderId")))
        .endEvent("aborted")
        .moveToActivity("call").endEvent("end").done(), "live-parent.bpmn").send().join();
    List<CamundaFuture<io.camunda.client.api.response.ProcessInstanceEvent>> created = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Map<String, Object> variables = new java.util.HashMap<>();
      variables.put("items", List.of(1, 2, 3).subList(0, 1 + i % 3));
      if (i % 4 != 0) {
        variables.put("labelType", "label");
      }
      if (i >= 120) {
        variables.put("orderId", "o-" + i);
      }
      created.add(client.newCreateInstanceCommand().bpmnProcessId(i < 120 ? "live-inc" : "live-parent").latestVersion()
          .variables(variables).send());
    }
    for (int i = 0; i < 120; i++) {
      direct.add(created.get(i).join().getProcessInstanceKey());
    }
    created.forEach(CamundaFuture::join);
  }

  /** Jobs failed, errors thrown, completions, a migration, incidents resolved, cancellations. */
  void run() {
    List<ActivatedJob> charges = activateAll("charge");
    assertThat(charges).hasSize(150);
    Set<Long> waiting = new HashSet<>();
    for (int i = 0; i < charges.size(); i++) {
      ActivatedJob job = charges.get(i);
      switch (i % 10) {
        case 0 -> client.newFailCommand(job.getKey()).retries(0).errorMessage("card declined").send().join();
        case 1 -> client.newFailCommand(job.getKey()).retries(2).errorMessage("try again").send().join();
        case 2 -> client.newThrowErrorCommand(job.getKey()).errorCode("NO_STOCK").send().join();
        case 3 -> waiting.add(job.getProcessInstanceKey());
        default -> client.newCompleteCommand(job.getKey()).send().join();
      }
    }
    v2 = client.newDeployResourceCommand().addProcessModel(order("charge-v2"), "live-inc.bpmn").send().join()
        .getProcesses().get(0).getProcessDefinitionKey();
    for (long pi : direct) {
      if (waiting.contains(pi)) {
        client.newMigrateProcessInstanceCommand(pi).migrationPlan(v2).addMappingInstruction("charge", "charge-v2").send().join();
      }
    }
    List<ActivatedJob> ships = activateAll("ship");
    for (int i = 0; i < ships.size(); i++) {
      if (i % 3 != 0) {
        client.newCompleteCommand(ships.get(i).getKey()).send().join();
      }
    }
    resolveSome();
    moveBack();
    for (int i = 120; i < 150; i++) {
      if (i % 3 == 0) {
        publish("nudge", i); // correlated, and open again (non-interrupting)
      }
      if (i % 5 == 1) {
        publish("abort", i); // the call and its instance end; its subscriptions are deleted
      }
    }
    cancelActive(0, 7);
    for (ActivatedJob label : activateAll("label")) {
      client.newCompleteCommand(label.getKey()).send().join(); // these instances complete; their callers wait for "audit"
    }
    List<ActivatedJob> audits = activateAll("audit");
    assertThat(audits).isNotEmpty();
    for (int i = 0; i < audits.size(); i++) {
      if (i % 3 == 0) {
        client.newCompleteCommand(audits.get(i).getKey()).send().join(); // the caller completes
      } else if (i % 3 == 1) {
        client.newFailCommand(audits.get(i).getKey()).retries(2).errorMessage("audit log busy").send().join();
      }
    }
  }

  /** A message for the caller with order number {@code i}; none is kept when nothing waits for it. */
  private void publish(String name, int i) {
    client.newPublishMessageCommand().messageName(name).correlationKey("o-" + i).timeToLive(java.time.Duration.ZERO).send().join();
  }

  /** After the reopening: more of the same, so the indexes built then are kept current too. */
  void runMore() {
    activateAll("ship").forEach(job -> client.newCompleteCommand(job.getKey()).send().join());
    resolveSome();
    moveBack();
    cancelActive(3, 11);
    for (int i = 121; i < 150; i += 3) {
      publish("nudge", i);
    }
    activateAll("label").forEach(job -> client.newCompleteCommand(job.getKey()).send().join());
    activateAll("audit").forEach(job -> client.newCompleteCommand(job.getKey()).send().join());
  }

  /** Every third open incident: a job without retries gets one and the incident is resolved. */
  private void resolveSome() {
    List<io.camunda.client.api.search.response.Incident> open = client.newIncidentSearchRequest()
        .filter(f -> f.state(io.camunda.client.api.search.enums.IncidentState.ACTIVE)).page(p -> p.limit(10_000)).send().join().items();
    for (int i = 0; i < open.size(); i += 3) {
      var incident = open.get(i);
      if (incident.getJobKey() != null && "JOB_NO_RETRIES".equals(String.valueOf(incident.getErrorType()))) {
        client.newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
        client.newResolveIncidentCommand(incident.getIncidentKey()).send().join();
      }
    }
  }

  /** Cancels every {@code step}th direct instance from {@code first} on that is still active. */
  private void cancelActive(int first, int step) {
    Set<Long> active = new HashSet<>();
    client.newProcessInstanceSearchRequest().filter(f -> f.state(io.camunda.client.api.search.enums.ProcessInstanceState.ACTIVE))
        .page(p -> p.limit(10_000)).send().join().items().forEach(pi -> active.add(pi.getProcessInstanceKey()));
    for (int i = first; i < direct.size(); i += step) {
      if (active.contains(direct.get(i))) {
        client.newCancelInstanceCommand(direct.get(i)).send().join();
      }
    }
  }

  /**
   * Every second instance stuck at "label" (no job type) goes back to "charge": the label instance is
   * terminated and its incident resolved with it while the instance runs on.
   */
  private void moveBack() {
    List<io.camunda.client.api.search.response.Incident> stuck = client.newIncidentSearchRequest()
        .filter(f -> f.state(io.camunda.client.api.search.enums.IncidentState.ACTIVE).elementId("label"))
        .page(p -> p.limit(10_000)).send().join().items();
    for (int i = 0; i < stuck.size(); i += 2) {
      var incident = stuck.get(i);
      client.newModifyProcessInstanceCommand(incident.getProcessInstanceKey()).activateElement("charge").and()
          .terminateElement(incident.getElementInstanceKey()).send().join();
    }
  }

  private List<ActivatedJob> activateAll(String type) {
    List<ActivatedJob> all = new ArrayList<>();
    while (true) {
      // a short long poll: the jobs are there once the commands before returned, and the last,
      // empty poll would otherwise wait the client's default ten seconds
      List<ActivatedJob> batch = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(100).workerName("w-" + type)
          .requestTimeout(java.time.Duration.ofMillis(100)).send().join().getJobs();
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
    }
  }

  /** Searches on the indexed fields alone, together, by key, with sorts and pages; {@code any} picks a key from the state. */
  List<String[]> queries(Function<String, String> any) {
    List<String[]> q = new ArrayList<>();
    String incidents = "/v2/incidents/search";
    String jobs = "/v2/jobs/search";
    String elements = "/v2/element-instances/search";
    String instances = "/v2/process-instances/search";
    String all = ",\"page\":{\"limit\":10000}}";
    for (String filter : List.of("\"state\":\"ACTIVE\"", "\"state\":{\"$eq\":\"RESOLVED\"}", "\"errorType\":\"JOB_NO_RETRIES\"",
        "\"errorType\":\"UNHANDLED_ERROR_EVENT\"", "\"errorType\":\"EXTRACT_VALUE_ERROR\"", "\"elementId\":\"charge\"",
        "\"elementId\":\"label\",\"state\":\"ACTIVE\"", "\"processDefinitionId\":\"live-inc\"", "\"processDefinitionKey\":\"" + v1 + "\"",
        "\"processDefinitionKey\":" + v1, "\"jobKey\":\"" + any.apply("incident-job") + "\"",
        "\"elementInstanceKey\":\"" + any.apply("incident-element") + "\"", "\"incidentKey\":" + any.apply("incident"))) {
      q.add(new String[] {incidents, "{\"filter\":{" + filter + "}" + all});
    }
    q.add(new String[] {incidents, "{\"filter\":{\"state\":\"ACTIVE\",\"errorType\":\"JOB_NO_RETRIES\"},"
        + "\"sort\":[{\"field\":\"creationTime\",\"order\":\"DESC\"}],\"page\":{\"limit\":7}}"});
    q.add(new String[] {incidents, "{\"filter\":{\"processDefinitionId\":\"live-inc\"},\"page\":{\"from\":5,\"limit\":9}}"});
    for (String filter : List.of("\"state\":\"CREATED\"", "\"state\":\"FAILED\"", "\"state\":\"COMPLETED\"", "\"state\":\"CANCELED\"",
        "\"state\":\"ERROR_THROWN\"", "\"type\":\"ship\"", "\"type\":\"label\",\"state\":\"COMPLETED\"", "\"elementId\":\"charge-v2\"",
        "\"processDefinitionKey\":\"" + v2 + "\"", "\"worker\":\"w-charge\",\"state\":\"CREATED\"", "\"jobKey\":\"" + any.apply("job") + "\"",
        "\"elementInstanceKey\":" + any.apply("job-element"))) {
      q.add(new String[] {jobs, "{\"filter\":{" + filter + "}" + all});
    }
    q.add(new String[] {jobs, "{\"filter\":{\"type\":\"charge\"},\"sort\":[{\"field\":\"state\",\"order\":\"DESC\"}],\"page\":{\"limit\":13}}"});
    for (String filter : List.of("\"worker\":\"w-ship\"", "\"worker\":{\"$eq\":\"w-audit\"}", "\"worker\":\"\",\"type\":\"charge\"",
        "\"kind\":\"EXECUTION_LISTENER\"", "\"kind\":\"BPMN_ELEMENT\",\"state\":\"FAILED\"", "\"listenerEventType\":\"END\"",
        "\"listenerEventType\":\"UNSPECIFIED\",\"type\":\"charge\"")) {
      q.add(new String[] {jobs, "{\"filter\":{" + filter + "}" + all});
    }
    q.add(new String[] {jobs, "{\"filter\":{\"kind\":\"EXECUTION_LISTENER\"},\"sort\":[{\"field\":\"state\"}],\"page\":{\"limit\":4}}"});
    for (String filter : List.of("\"state\":\"ACTIVE\"", "\"state\":\"COMPLETED\"", "\"state\":\"TERMINATED\"", "\"type\":\"SERVICE_TASK\"",
        "\"type\":\"MULTI_INSTANCE_BODY\"", "\"type\":\"CALL_ACTIVITY\",\"state\":\"ACTIVE\"", "\"elementId\":\"ship\"",
        "\"elementId\":\"charge-v2\"", "\"processDefinitionId\":\"live-parent\"", "\"processDefinitionKey\":\"" + v1 + "\"",
        "\"processDefinitionKey\":" + v2, "\"elementInstanceKey\":\"" + any.apply("element") + "\"")) {
      q.add(new String[] {elements, "{\"filter\":{" + filter + "}" + all});
    }
    q.add(new String[] {elements, "{\"filter\":{\"state\":\"ACTIVE\",\"type\":\"SERVICE_TASK\"},\"page\":{\"limit\":20}}"});
    for (String filter : List.of("\"state\":\"ACTIVE\"", "\"state\":\"COMPLETED\"", "\"state\":\"TERMINATED\"",
        "\"processDefinitionId\":\"live-parent\"", "\"processDefinitionKey\":" + v2, "\"hasIncident\":true",
        "\"hasIncident\":false", "\"hasIncident\":{\"$eq\":true},\"processDefinitionId\":\"live-parent\"",
        "\"hasIncident\":\"false\",\"state\":\"ACTIVE\"")) {
      q.add(new String[] {instances, "{\"filter\":{" + filter + "}" + all});
    }
    q.add(new String[] {instances, "{\"filter\":{\"state\":\"ACTIVE\",\"processDefinitionId\":\"live-inc\"},"
        + "\"sort\":[{\"field\":\"startDate\",\"order\":\"DESC\"}],\"page\":{\"limit\":25}}"});
    q.add(new String[] {instances, "{\"filter\":{\"hasIncident\":true},\"page\":{\"limit\":10}}"});
    String subscriptions = "/v2/message-subscriptions/search";
    for (String filter : List.of("\"messageName\":\"nudge\"", "\"messageName\":\"abort\",\"messageSubscriptionState\":\"DELETED\"",
        "\"messageSubscriptionState\":\"CORRELATED\"", "\"messageSubscriptionState\":{\"$eq\":\"CREATED\"}",
        "\"correlationKey\":\"o-123\"", "\"correlationKey\":\"o-130\",\"messageName\":\"nudge\"",
        "\"processDefinitionId\":\"live-parent\"", "\"messageSubscriptionKey\":\"" + any.apply("subscription") + "\"",
        "\"elementInstanceKey\":\"" + any.apply("subscription-element") + "\"")) {
      q.add(new String[] {subscriptions, "{\"filter\":{" + filter + "}" + all});
    }
    q.add(new String[] {subscriptions, "{\"filter\":{\"messageName\":\"nudge\"},"
        + "\"sort\":[{\"field\":\"messageSubscriptionState\"}],\"page\":{\"limit\":6}}"});
    return q;
  }
}
