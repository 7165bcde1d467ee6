package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Process instance migration (REST {@code /v2/process-instances/{key}/migration}, gRPC
 * MigrateProcessInstance) with the unchanged client: active elements move to their mapped
 * elements keeping keys, jobs, user tasks and variables; Zeebe's preconditions refuse the rest.
 */
class ProcessInstanceMigrationTest extends EngineTestBase {

  private static final BpmnModelInstance ORDER_V1 = Bpmn.createExecutableProcess("order").startEvent()
      .serviceTask("check", t -> t.zeebeJobType("check")).endEvent().done();

  private static final BpmnModelInstance ORDER_V2 = Bpmn.createExecutableProcess("order").startEvent()
      .serviceTask("checkStock", t -> t.zeebeJobType("check")).serviceTask("ship", t -> t.zeebeJobType("ship")).endEvent().done();

  private static final BpmnModelInstance REVIEW_V1 = Bpmn.createExecutableProcess("review").startEvent()
      .subProcess("sub", s -> s.embeddedSubProcess().startEvent().userTask("approve", u -> u.zeebeUserTask()).endEvent())
      .endEvent().done();

  private static final BpmnModelInstance REVIEW_V2 = Bpmn.createExecutableProcess("review").startEvent()
      .subProcess("sub2", s -> s.embeddedSubProcess().startEvent().userTask("approve2", u -> u.zeebeUserTask()).endEvent())
      .serviceTask("archive", t -> t.zeebeJobType("archive")).endEvent().done();

  @Test
  void activeServiceTaskMovesWithItsJobAndVariables() {
    deploy(ORDER_V1);
    long v2 = deploy(ORDER_V2);
    long pi = client().newCreateInstanceCommand().bpmnProcessId("order").version(1).variables(Map.of("orderId", "O-1"))
        .send().join().getProcessInstanceKey();
    ActivatedJob job = activateOne("check");

    client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2).addMappingInstruction("check", "checkStock").send().join();

    assertThat(instance(pi).getProcessDefinitionKey()).isEqualTo(v2);
    assertThat(activeElements(pi)).containsExactly("checkStock");
    client().newCompleteCommand(job.getKey()).send().join(); // the same job, now of the target element
    ActivatedJob ship = activateOne("ship");
    assertThat(ship.getProcessDefinitionKey()).isEqualTo(v2);
    assertThat(ship.getVariablesAsMap()).containsEntry("orderId", "O-1");
  }

  @Test
  void subprocessAndUserTaskMoveAndTheTargetFlowGoesOn() {
    deploy(REVIEW_V1);
    long v2 = deploy(REVIEW_V2);
    long pi = client().newCreateInstanceCommand().bpmnProcessId("review").version(1).send().join().getProcessInstanceKey();
    long task = userTasks(pi).get(0).getUserTaskKey();

    client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2)
        .addMappingInstruction("sub", "sub2").addMappingInstruction("approve", "approve2").send().join();

    assertThat(userTasks(pi)).singleElement().satisfies(t -> {
      assertThat(t.getUserTaskKey()).isEqualTo(task);
      assertThat(t.getElementId()).isEqualTo("approve2");
    });
    client().newCompleteUserTaskCommand(task).send().join();
    assertThat(activateOne("archive").getProcessInstanceKey()).isEqualTo(pi);
  }

  @Test
  void zeebesPreconditionsRefuseAndLeaveTheInstanceAsItWas() {
    long v1 = deploy(ORDER_V1);
    long v2 = deploy(ORDER_V2);
    long review = deploy(REVIEW_V2);
    long timedV1 = deploy(Bpmn.createExecutableProcess("timed").startEvent().serviceTask("check", t -> t.zeebeJobType("check"))
        .boundaryEvent("late").timerWithDuration("PT1H").endEvent().moveToActivity("check").endEvent().done());
    long timedInstance = client().newCreateInstanceCommand().processDefinitionKey(timedV1).send().join().getProcessInstanceKey();
    // the boundary event 'late' now belongs to another task than 'check'
    long timed = deploy(Bpmn.createExecutableProcess("timed").startEvent().serviceTask("check", t -> t.zeebeJobType("check"))
        .serviceTask("other", t -> t.zeebeJobType("other")).boundaryEvent("late").timerWithDuration("PT1H").endEvent()
        .moveToActivity("other").endEvent().done());
    long nested = deploy(Bpmn.createExecutableProcess("nested").startEvent()
        .subProcess("inner", s -> s.embeddedSubProcess().startEvent().serviceTask("deep", t -> t.zeebeJobType("check")).endEvent())
        .endEvent().done());
    long userTaskJob = deploy(Bpmn.createExecutableProcess("job-user-task").startEvent().userTask("check").endEvent().done());
    long reviewV1 = deploy(REVIEW_V1);
    long reviewing = client().newCreateInstanceCommand().processDefinitionKey(reviewV1).send().join().getProcessInstanceKey();
    long pi = start("order", Map.of()); // the latest version, v2
    long onV1 = client().newCreateInstanceCommand().processDefinitionKey(v1).send().join().getProcessInstanceKey();

    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(12345L).migrationPlan(v2).addMappingInstruction("check", "checkStock").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(onV1).migrationPlan(999L).addMappingInstruction("check", "checkStock").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(onV1).migrationPlan(v2)
        .addMappingInstruction("check", "checkStock").addMappingInstruction("check", "ship").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("duplicate source element ids '[check]'");
        });
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(onV1).migrationPlan(v2).addMappingInstruction("nope", "checkStock").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("non-existing source element id 'nope'"));
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(onV1).migrationPlan(v2).addMappingInstruction("check", "nope").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("non-existing target element id 'nope'"));
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(onV1).migrationPlan(review).addMappingInstruction("check", "sub2").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.details().getDetail()).contains("Elements must be mapped to elements of the same type");
        });
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(onV1).migrationPlan(nested).addMappingInstruction("check", "deep").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("expected to be 'nested' but was 'inner'"));
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(timedInstance).migrationPlan(timed)
        .addMappingInstruction("check", "check").addMappingInstruction("late", "late").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("detach the boundary event"));
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(reviewing).migrationPlan(review).addMappingInstruction("sub", "sub2").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("no mapping instruction defined for active element with id 'approve'"));
    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(onV1).migrationPlan(userTaskJob).addMappingInstruction("check", "check").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("different type 'USER_TASK'"));

    assertThat(instance(onV1).getProcessDefinitionKey()).isEqualTo(v1);
    assertThat(activeElements(onV1)).containsExactly("check");
    assertThat(instance(pi).getProcessDefinitionKey()).isEqualTo(v2);
  }

  private static BpmnModelInstance approval(String boundaryId, String duration, boolean withdrawable) {
    var builder = Bpmn.createExecutableProcess("approval").startEvent()
        .userTask("approve", u -> u.zeebeUserTask())
        .boundaryEvent(boundaryId).timerWithDuration(duration).serviceTask("remind", t -> t.zeebeJobType("remind")).endEvent()
        .moveToActivity("approve");
    if (withdrawable) {
      builder = builder.boundaryEvent("withdrawn").message(m -> m.name("withdraw").zeebeCorrelationKeyExpression("caseId"))
          .serviceTask("close", t -> t.zeebeJobType("close")).endEvent().moveToActivity("approve");
    }
    return builder.endEvent().done();
  }

  @Test
  void mappedTimerBoundaryKeepsItsDueDate() throws Exception {
    long v1 = deploy(approval("late", "PT1H", false));
    long v2 = deploy(approval("overdue", "PT5H", false));
    long pi = client().newCreateInstanceCommand().processDefinitionKey(v1).variables(Map.of("caseId", "C-7")).send().join().getProcessInstanceKey();

    client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2)
        .addMappingInstruction("approve", "approve").addMappingInstruction("late", "overdue").send().join();
    advanceClock(java.time.Duration.ofMinutes(61)); // the one-hour timer, now as 'overdue'

    assertThat(activateOne("remind").getProcessDefinitionKey()).isEqualTo(v2);
    assertThat(completedElements(pi)).contains("overdue");
  }

  @Test
  void unmappedBoundaryClosesAndTheTargetsBoundaryOpens() throws Exception {
    long v1 = deploy(approval("late", "PT1H", false));
    long v2 = deploy(approval("overdue", "PT5H", true));
    long pi = client().newCreateInstanceCommand().processDefinitionKey(v1).variables(Map.of("caseId", "C-8")).send().join().getProcessInstanceKey();

    client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2).addMappingInstruction("approve", "approve").send().join();
    advanceClock(java.time.Duration.ofMinutes(61)); // the old one-hour timer is gone

    assertThat(activate("remind", 5)).isEmpty();
    client().newPublishMessageCommand().messageName("withdraw").correlationKey("C-8").send().join(); // opened on migration
    assertThat(activateOne("close").getProcessInstanceKey()).isEqualTo(pi);
  }

  @Test
  void receiveTaskMovesWithItsMessageSubscription() {
    long v1 = deploy(Bpmn.createExecutableProcess("docs").startEvent()
        .receiveTask("await").message(m -> m.name("documents").zeebeCorrelationKeyExpression("caseId")).endEvent().done());
    long v2 = deploy(Bpmn.createExecutableProcess("docs").startEvent()
        .receiveTask("awaitDocuments").message(m -> m.name("documents").zeebeCorrelationKeyExpression("caseId"))
        .serviceTask("file", t -> t.zeebeJobType("file")).endEvent().done());
    long pi = client().newCreateInstanceCommand().processDefinitionKey(v1).variables(Map.of("caseId", "C-9")).send().join().getProcessInstanceKey();

    client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2).addMappingInstruction("await", "awaitDocuments").send().join();
    client().newPublishMessageCommand().messageName("documents").correlationKey("C-9").variables(Map.of("pages", 3)).send().join();

    ActivatedJob file = activateOne("file");
    assertThat(file.getProcessInstanceKey()).isEqualTo(pi);
    assertThat(file.getVariablesAsMap()).containsEntry("pages", 3);
  }

  @Test
  void boundaryEventTypeCannotChange() {
    long v1 = deploy(approval("late", "PT1H", false));
    long v2 = deploy(approval("overdue", "PT5H", true));
    long pi = client().newCreateInstanceCommand().processDefinitionKey(v1).variables(Map.of("caseId", "C-1")).send().join().getProcessInstanceKey();

    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2)
        .addMappingInstruction("approve", "approve").addMappingInstruction("late", "withdrawn").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.details().getDetail()).contains("event type 'TIMER'").contains("different event type 'MESSAGE'");
        });
    assertThat(instance(pi).getProcessDefinitionKey()).isEqualTo(v1);
  }

  private void advanceClock(java.time.Duration duration) throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(env.engine().restAddress() + "/actuator/clock/add"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + duration.toMillis() + "}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private static BpmnModelInstance withdrawable(String startId, boolean withReminder) {
    var builder = Bpmn.createExecutableProcess("case").startEvent()
        .userTask("review", u -> u.zeebeUserTask()).endEvent()
        .moveToProcess("case").eventSubProcess("withdrawal", e -> e.startEvent(startId)
            .message(m -> m.name("withdraw").zeebeCorrelationKeyExpression("caseId")).interrupting(true)
            .serviceTask("notify", t -> t.zeebeJobType("notify")).endEvent());
    if (withReminder) {
      builder = builder.eventSubProcess("reminder", e -> e.startEvent("remindStart").timerWithDuration("PT1H").interrupting(false)
          .serviceTask("remind", t -> t.zeebeJobType("remind")).endEvent());
    }
    return builder.done();
  }

  @Test
  void eventSubprocessTriggersFollowTheirMappingAndTheTargetsNewOnesOpen() throws Exception {
    long v1 = deploy(withdrawable("withdrawStart", false));
    long v2 = deploy(withdrawable("withdrawalStart", true));
    long pi = client().newCreateInstanceCommand().processDefinitionKey(v1).variables(Map.of("caseId", "C-3")).send().join().getProcessInstanceKey();

    client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2)
        .addMappingInstruction("review", "review").addMappingInstruction("withdrawStart", "withdrawalStart").send().join();

    advanceClock(java.time.Duration.ofMinutes(61)); // the target's timer event subprocess, opened by the migration
    ActivatedJob remind = activateOne("remind");
    assertThat(remind.getProcessDefinitionKey()).isEqualTo(v2);
    client().newPublishMessageCommand().messageName("withdraw").correlationKey("C-3").send().join(); // the migrated subscription
    assertThat(activateOne("notify").getProcessDefinitionKey()).isEqualTo(v2);
    assertThat(completedElements(pi)).contains("withdrawalStart");
  }

  @Test
  void eventSubprocessStartMappedOutOfItsScopeIsRefused() {
    long v1 = deploy(withdrawable("withdrawStart", false));
    long v2 = deploy(withdrawable("withdrawalStart", true));
    long pi = client().newCreateInstanceCommand().processDefinitionKey(v1).variables(Map.of("caseId", "C-4")).send().join().getProcessInstanceKey();

    assertThatThrownBy(() -> client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2)
        .addMappingInstruction("review", "review").addMappingInstruction("withdrawStart", "notify").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.details().getDetail()).contains("Event subprocesses must stay in the same scope");
        });
  }

  @Test
  void grpcMigratesAndRejectsLikeRest() {
    deploy(ORDER_V1);
    long v2 = deploy(ORDER_V2);
    long review = deploy(REVIEW_V2);
    long pi = client().newCreateInstanceCommand().bpmnProcessId("order").version(1).send().join().getProcessInstanceKey();
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      assertThatThrownBy(() -> grpc.newMigrateProcessInstanceCommand(pi).migrationPlan(v2).addMappingInstruction("check", "nope").send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
      assertThatThrownBy(() -> grpc.newMigrateProcessInstanceCommand(pi).migrationPlan(review).addMappingInstruction("check", "sub2").send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
      assertThatThrownBy(() -> grpc.newMigrateProcessInstanceCommand(1L).migrationPlan(v2).addMappingInstruction("check", "checkStock").send().join())
          .isInstanceOfSatisfying(ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));

      grpc.newMigrateProcessInstanceCommand(pi).migrationPlan(v2).addMappingInstruction("check", "checkStock").send().join();
    }
    assertThat(instance(pi).getProcessDefinitionKey()).isEqualTo(v2);
    assertThat(activeElements(pi)).containsExactly("checkStock");
  }

  @Test
  void migrationSurvivesACrash() {
    deploy(ORDER_V1);
    long v2 = deploy(ORDER_V2);
    long pi = client().newCreateInstanceCommand().bpmnProcessId("order").version(1).send().join().getProcessInstanceKey();
    client().newMigrateProcessInstanceCommand(pi).migrationPlan(v2).addMappingInstruction("check", "checkStock").send().join();

    // abandon the engine as kill -9 would, then open the same data directory
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));

    assertThat(instance(pi).getProcessDefinitionKey()).isEqualTo(v2);
    client().newCompleteCommand(activateOne("check")).send().join();
    assertThat(activateOne("ship").getProcessInstanceKey()).isEqualTo(pi);
  }
}
