package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import java.util.Map;

/**
 * The scenario behind {@code snapshot-fixtures/format-1/listener-waits} (written by the engine of
 * commit 0be86b0, whose snapshots held listener waits as Java-serialized lambdas): a snapshot in
 * which three instances wait for listener jobs, and a journal tail after it.
 *
 * <ul>
 *   <li>{@code CASE-CREATING}: its user task {@code review} waits for the {@code creating} listener
 *       job (the task was created with an assignee, so the assigning step follows it);
 *   <li>{@code CASE-COMPLETING}: the task was completed with variables and waits for the
 *       {@code completing} listener job (the completion variables are part of the wait);
 *   <li>{@code CASE-STARTING}: the task is done and the service task {@code archive} waits for its
 *       start execution listener job;
 *   <li>after the snapshot, in the journal only: {@code CASE-TAIL} waits for its creating listener
 *       job and {@code CASE-CREATING} gets a variable.
 * </ul>
 * {@link ListenerWaitFixtureWriter} runs {@link #beforeSnapshot} and {@link #afterSnapshot}; the
 * tests only read the result.
 */
final class ListenerWaitFixtureScenario {

  static final String BPMN = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="waits" targetNamespace="http://exportcert.org/waits">
        <bpmn:process id="upgrade-waits" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
          <bpmn:userTask id="review" name="审核 Review">
            <bpmn:extensionElements>
              <zeebe:userTask/>
              <zeebe:assignmentDefinition assignee="=reviewer"/>
              <zeebe:taskListeners>
                <zeebe:taskListener eventType="creating" type="uw-creating"/>
                <zeebe:taskListener eventType="completing" type="uw-completing"/>
              </zeebe:taskListeners>
            </bpmn:extensionElements>
          </bpmn:userTask>
          <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="archive"/>
          <bpmn:serviceTask id="archive">
            <bpmn:extensionElements>
              <zeebe:taskDefinition type="uw-archive"/>
              <zeebe:executionListeners>
                <zeebe:executionListener eventType="start" type="uw-archive-start"/>
              </zeebe:executionListeners>
            </bpmn:extensionElements>
          </bpmn:serviceTask>
          <bpmn:sequenceFlow id="f3" sourceRef="archive" targetRef="end"/>
          <bpmn:endEvent id="end"/>
        </bpmn:process>
      </bpmn:definitions>
      """;

  static final Map<String, Object> COMPLETION = Map.of("decision", "approved", "意见", "同意出口");

  private ListenerWaitFixtureScenario() {}

  static long create(CamundaClient client, String caseId) {
    return client.newCreateInstanceCommand().bpmnProcessId("upgrade-waits").latestVersion()
        .variables(Map.of("caseId", caseId, "reviewer", "王审核")).send().join().getProcessInstanceKey();
  }

  /** Each step leaves one job of its type open, so "the oldest job of the type" is the one meant. */
  static void beforeSnapshot(CamundaClient client) {
    client.newDeployResourceCommand().addResourceStringUtf8(BPMN, "upgrade-waits.bpmn").send().join();
    long starting = create(client, "CASE-STARTING");
    completeJob(client, "uw-creating");
    client.newCompleteUserTaskCommand(userTask(client, starting)).send().join();
    completeJob(client, "uw-completing"); // now waits for the archive's start listener

    long completing = create(client, "CASE-COMPLETING");
    completeJob(client, "uw-creating");
    client.newCompleteUserTaskCommand(userTask(client, completing)).variables(COMPLETION).send().join();

    create(client, "CASE-CREATING"); // waits for its creating listener
  }

  static void afterSnapshot(CamundaClient client, long creatingInstance) {
    create(client, "CASE-TAIL");
    client.newSetVariablesCommand(creatingInstance).variables(Map.of("tail", "在日志中")).send().join();
  }

  static long userTask(CamundaClient client, long processInstanceKey) {
    return client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey)).send().join()
        .items().get(0).getUserTaskKey();
  }

  /** Activates the oldest job of {@code type} and completes it; returns it. */
  static ActivatedJob completeJob(CamundaClient client, String type) {
    ActivatedJob job = activate(client, type);
    client.newCompleteCommand(job.getKey()).send().join();
    return job;
  }

  static ActivatedJob activate(CamundaClient client, String type) {
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
    assertThat(jobs).as("a job of type %s", type).hasSize(1);
    return jobs.get(0);
  }
}
