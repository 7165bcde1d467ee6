package org.exportcert.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.exportcert.api.process.CaseProcesses.TaskView;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More cases than one search page holds, through the official client against ExportCert's engine:
 * every list reads on with the end cursor instead of stopping at {@link CaseProcesses#PAGE}.
 */
class CaseProcessesPagingTest {

  static final int CASES = CaseProcesses.PAGE + 57;

  static ExportCertEngine engine;
  static CamundaClient client;
  static CaseProcesses processes;
  static long definitionKey;
  static final List<Long> instanceKeys = new ArrayList<>();

  @BeforeAll
  static void manyOpenTasks() {
    engine = ExportCertEngine.start(EngineConfig.inMemory(0));
    client =
        CamundaClient.newClientBuilder().restAddress(engine.restAddress()).preferRestOverGrpc(true).build();
    processes = new CaseProcesses(client);
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("paging-case")
            .startEvent()
            .userTask("Task_Check")
            .zeebeUserTask()
            .zeebeCandidateGroups("lab")
            .zeebeDueDate("2020-01-01T00:00:00Z")
            .endEvent()
            .done();
    definitionKey =
        client.newDeployResourceCommand().addProcessModel(model, "paging-case.bpmn").send().join()
            .getProcesses().get(0).getProcessDefinitionKey();
    for (int i = 1; i <= CASES; i++) {
      instanceKeys.add(
          client.newCreateInstanceCommand().bpmnProcessId("paging-case").latestVersion()
              .variables(Map.of("caseId", String.format("EC-2026-%06d", i)))
              .send().join().getProcessInstanceKey());
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    engine.close();
  }

  @Test
  void aGroupSeesEveryOpenTaskNotTheFirstPage() {
    List<TaskView> tasks = processes.openTasksForGroups(List.of("lab"));
    assertThat(tasks).hasSize(CASES);
    assertThat(tasks).extracting(TaskView::processInstanceKey).containsExactlyInAnyOrderElementsOf(instanceKeys);
  }

  @Test
  void everyInstanceOfADefinitionIsListed() {
    assertThat(processes.instancesOfDefinition(definitionKey))
        .extracting(InstanceView::key)
        .containsExactlyInAnyOrderElementsOf(instanceKeys);
  }

  @Test
  void everyOverdueCaseIsFound() {
    var overdue = processes.caseIdsWithOverdueTasks(OffsetDateTime.now());
    assertThat(overdue).hasSize(CASES).contains("EC-2026-000001", String.format("EC-2026-%06d", CASES));
  }

  @Test
  void caseIdsOfManyInstancesAreAllRead() {
    assertThat(processes.caseIdsOf(instanceKeys)).hasSize(CASES);
  }
}
