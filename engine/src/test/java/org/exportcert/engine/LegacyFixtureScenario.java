package org.exportcert.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.UserTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scenario behind the data directories in {@code journal-fixtures/format-1} (written by the
 * engine of c28e1d0, whose journal held each command's REST body): many command kinds — deploy,
 * create with variables, activate, complete, fail to an incident, update retries, resolve, user
 * task assign/update/complete, publish and correlate a message, a timer fired by the clock, set
 * variables, throw a BPMN error, broadcast a signal, cancel — so that {@code LegacyJournalTest}
 * can check that a newer engine rebuilds the same state from them.
 *
 * <p>{@link #firstHalf} and {@link #secondHalf} are split so that one fixture has a snapshot in
 * between. {@code LegacyFixtureWriter} ran them; the tests only read the result.
 */
final class LegacyFixtureScenario {

  static final String BPMN = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="legacy" targetNamespace="http://exportcert.org/legacy">
        <bpmn:message id="paidMessage" name="paid">
          <bpmn:extensionElements><zeebe:subscription correlationKey="=caseId"/></bpmn:extensionElements>
        </bpmn:message>
        <bpmn:signal id="goSignal" name="legacy-go"/>
        <bpmn:error id="rejected" errorCode="REJECTED"/>
        <bpmn:process id="legacy-case" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
          <bpmn:serviceTask id="review">
            <bpmn:extensionElements><zeebe:taskDefinition type="legacy-review" retries="3"/></bpmn:extensionElements>
          </bpmn:serviceTask>
          <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="approve"/>
          <bpmn:userTask id="approve">
            <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
          </bpmn:userTask>
          <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="paid"/>
          <bpmn:intermediateCatchEvent id="paid">
            <bpmn:messageEventDefinition messageRef="paidMessage"/>
          </bpmn:intermediateCatchEvent>
          <bpmn:sequenceFlow id="f4" sourceRef="paid" targetRef="wait"/>
          <bpmn:intermediateCatchEvent id="wait">
            <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
          </bpmn:intermediateCatchEvent>
          <bpmn:sequenceFlow id="f5" sourceRef="wait" targetRef="archive"/>
          <bpmn:serviceTask id="archive">
            <bpmn:extensionElements><zeebe:taskDefinition type="legacy-archive"/></bpmn:extensionElements>
          </bpmn:serviceTask>
          <bpmn:sequenceFlow id="f6" sourceRef="archive" targetRef="end"/>
          <bpmn:endEvent id="end"/>
        </bpmn:process>
        <bpmn:process id="legacy-risky" isExecutable="true">
          <bpmn:startEvent id="riskyStart"/>
          <bpmn:sequenceFlow id="r1" sourceRef="riskyStart" targetRef="check"/>
          <bpmn:serviceTask id="check">
            <bpmn:extensionElements><zeebe:taskDefinition type="legacy-check"/></bpmn:extensionElements>
          </bpmn:serviceTask>
          <bpmn:boundaryEvent id="onRejected" attachedToRef="check">
            <bpmn:errorEventDefinition errorRef="rejected"/>
          </bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="r2" sourceRef="check" targetRef="riskyEnd"/>
          <bpmn:endEvent id="riskyEnd"/>
          <bpmn:sequenceFlow id="r3" sourceRef="onRejected" targetRef="rework"/>
          <bpmn:userTask id="rework">
            <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
          </bpmn:userTask>
          <bpmn:sequenceFlow id="r4" sourceRef="rework" targetRef="reworkEnd"/>
          <bpmn:endEvent id="reworkEnd"/>
        </bpmn:process>
        <bpmn:process id="legacy-signalled" isExecutable="true">
          <bpmn:startEvent id="signalStart">
            <bpmn:signalEventDefinition signalRef="goSignal"/>
          </bpmn:startEvent>
          <bpmn:sequenceFlow id="s1" sourceRef="signalStart" targetRef="signalled"/>
          <bpmn:serviceTask id="signalled">
            <bpmn:extensionElements><zeebe:taskDefinition type="legacy-signalled"/></bpmn:extensionElements>
          </bpmn:serviceTask>
          <bpmn:sequenceFlow id="s2" sourceRef="signalled" targetRef="signalEnd"/>
          <bpmn:endEvent id="signalEnd"/>
        </bpmn:process>
      </bpmn:definitions>
      """;

  private LegacyFixtureScenario() {}

  static Map<String, Object> caseVariables(int i) {
    return Map.of("caseId", "CASE-" + i, "名称", "出口认证", "amount", i * 100);
  }

  /** Deploys, starts CASE-1..3, reviews 1 and 2, fails 3 into an incident and resolves it, approves CASE-1. */
  static void firstHalf(CamundaClient client) {
    client.newDeployResourceCommand().addResourceBytes(BPMN.getBytes(StandardCharsets.UTF_8), "legacy.bpmn").send().join();
    for (int i = 1; i <= 3; i++) {
      client.newCreateInstanceCommand().bpmnProcessId("legacy-case").latestVersion().variables(caseVariables(i)).send().join();
    }
    List<ActivatedJob> reviews = activate(client, "legacy-review", 3);
    for (ActivatedJob job : reviews) {
      String caseId = (String) job.getVariablesAsMap().get("caseId");
      if (caseId.equals("CASE-3")) {
        client.newFailCommand(job).retries(0).errorMessage("审核服务不可用 / review service down").send().join();
      } else {
        client.newCompleteCommand(job).variables(Map.of("reviewed", true)).send().join();
      }
    }
    long incident = client.newIncidentSearchRequest().send().join().items().get(0).getIncidentKey();
    long failedJob = client.newIncidentSearchRequest().send().join().items().get(0).getJobKey();
    client.newUpdateRetriesCommand(failedJob).retries(2).send().join();
    client.newResolveIncidentCommand(incident).send().join();

    UserTask first = userTaskOf(client, "CASE-1");
    client.newAssignUserTaskCommand(first.getUserTaskKey()).assignee("alice").send().join();
    client.newUpdateUserTaskCommand(first.getUserTaskKey()).priority(80).send().join();
    client.newCompleteUserTaskCommand(first.getUserTaskKey()).variables(Map.of("approved", true)).send().join();
    client.newPublishMessageCommand().messageName("paid").correlationKey("CASE-1").variables(Map.of("paidAmount", 100)).send().join();
  }

  /** Correlates CASE-2's payment, lets the timers fire, archives CASE-1, runs the risky and signalled processes, cancels CASE-4. */
  static void secondHalf(CamundaClient client) {
    UserTask second = userTaskOf(client, "CASE-2");
    client.newCompleteUserTaskCommand(second.getUserTaskKey()).send().join();
    client.newCorrelateMessageCommand().messageName("paid").correlationKey("CASE-2").variables(Map.of("paidAmount", 200)).send().join();
    client.newPinClockCommand().time(System.currentTimeMillis() + Duration.ofHours(2).toMillis()).send().join();

    long case1 = instanceOf(client, "CASE-1");
    client.newSetVariablesCommand(case1).variables(Map.of("note", "备注 / note")).send().join();
    for (ActivatedJob job : activate(client, "legacy-archive", 2)) {
      if ("CASE-1".equals(job.getVariablesAsMap().get("caseId"))) {
        client.newCompleteCommand(job).send().join();
      }
    }
    client.newCreateInstanceCommand().bpmnProcessId("legacy-risky").latestVersion().variables(Map.of("riskId", "R-1")).send().join();
    client.newCreateInstanceCommand().bpmnProcessId("legacy-risky").latestVersion().variables(Map.of("riskId", "R-2")).send().join();
    for (ActivatedJob job : activate(client, "legacy-check", 2)) {
      if ("R-1".equals(job.getVariablesAsMap().get("riskId"))) {
        client.newThrowErrorCommand(job).errorCode("REJECTED").errorMessage("材料不全").send().join();
      } else {
        client.newFailCommand(job).retries(0).errorMessage("check failed").send().join();
      }
    }
    client.newBroadcastSignalCommand().signalName("legacy-go").variables(Map.of("origin", "broadcast")).send().join();
    long case4 = client.newCreateInstanceCommand().bpmnProcessId("legacy-case").latestVersion().variables(caseVariables(4))
        .send().join().getProcessInstanceKey();
    client.newCancelInstanceCommand(case4).send().join();
  }

  static List<ActivatedJob> activate(CamundaClient client, String type, int expected) {
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10).send().join().getJobs();
    if (jobs.size() != expected) {
      throw new IllegalStateException("expected " + expected + " jobs of " + type + ", got " + jobs.size());
    }
    return jobs;
  }

  static long instanceOf(CamundaClient client, String caseId) {
    return client.newVariableSearchRequest().filter(f -> f.name("caseId").value("\"" + caseId + "\"")).send().join()
        .items().get(0).getProcessInstanceKey();
  }

  static UserTask userTaskOf(CamundaClient client, String caseId) {
    long instance = instanceOf(client, caseId);
    return client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join().items().get(0);
  }
}
