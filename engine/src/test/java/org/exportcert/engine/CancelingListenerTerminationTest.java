package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code canceling} task listeners on the terminations Zeebe 8.8 runs through the element
 * lifecycle: a terminate end event, a multi-instance completion condition and an ad-hoc
 * subprocess's cancelRemainingInstances wait for the listener jobs before the scope completes;
 * process instance modification terminates at once, without them (Zeebe writes that termination
 * directly). End execution listeners never run for a terminated element.
 */
class CancelingListenerTerminationTest extends EngineTestBase {

  /** review (canceling listener, end execution listener) in parallel with decide, which leads to a terminate end event. */
  private static BpmnModelInstance raceToTerminate(String id) {
    return Bpmn.createExecutableProcess(id).startEvent().parallelGateway("fork")
        .userTask("review", u -> u.zeebeUserTask().zeebeAssignee("anna")
            .zeebeTaskListener(l -> l.canceling().type("cancel-audit"))
            .zeebeEndExecutionListener("review-end"))
        .endEvent("reviewed")
        .moveToNode("fork").serviceTask("decide", t -> t.zeebeJobType("decide")).endEvent("stop", e -> e.terminate())
        .done();
  }

  /** A Camunda user task with a canceling listener, as ad-hoc subprocess XML. */
  private static final String REVIEW_IN_AD_HOC = "<bpmn:userTask id=\"review\"><bpmn:extensionElements><zeebe:userTask/>"
      + "<zeebe:taskListeners><zeebe:taskListener eventType=\"canceling\" type=\"cancel-audit\"/></zeebe:taskListeners>"
      + "</bpmn:extensionElements></bpmn:userTask>";

  private List<UserTask> tasks(long pi, String elementId) {
    return client().newUserTaskSearchRequest().filter(f -> f.processInstanceKey(pi).elementId(elementId)).send().join().items();
  }

  private List<String> states(long pi, String elementId) {
    return tasks(pi, elementId).stream().map(t -> t.getState().name()).sorted().toList();
  }

  private long elementsIn(long pi, String elementId, ElementInstanceState state) {
    return client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(pi).elementId(elementId).state(state))
        .send().join().items().size();
  }

  @Test
  void aTerminateEndEventCompletesTheInstanceOnlyAfterTheCancelingListener() {
    deploy(raceToTerminate("tt"));
    long pi = start("tt", Map.of());
    client().newCompleteCommand(activateOne("decide")).send().join();

    assertThat(completedElements(pi)).as("the terminate end event itself has completed").contains("stop");
    assertThat(state(pi)).as("the instance waits for the listener").isEqualTo("ACTIVE");
    assertThat(activeElements(pi)).contains("review");
    assertThat(states(pi, "review")).containsExactly("CANCELING");
    ActivatedJob audit = activateOne("cancel-audit");
    assertThat(audit.getKind().name()).isEqualTo("TASK_LISTENER");
    assertThat(audit.getListenerEventType().name()).isEqualTo("CANCELING");
    assertThat(audit.getUserTask().getAssignee()).isEqualTo("anna");

    client().newCompleteCommand(audit).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(states(pi, "review")).containsExactly("CANCELED");
    assertThat(elementsIn(pi, "review", ElementInstanceState.TERMINATED)).isEqualTo(1);
    assertThat(completedElements(pi)).doesNotContain("reviewed");
    assertThat(activate("review-end", 1)).as("no end execution listener for a terminated element").isEmpty();
  }

  @Test
  void aTerminateEndEventWaitingForItsListenerSurvivesARestart() {
    deploy(Bpmn.createExecutableProcess("tr").startEvent()
        .subProcess("case", s -> s.embeddedSubProcess().startEvent().parallelGateway("fork")
            .userTask("review", u -> u.zeebeUserTask().zeebeTaskListener(l -> l.canceling().type("cancel-audit")))
            .endEvent()
            .moveToNode("fork").serviceTask("decide", t -> t.zeebeJobType("decide")).endEvent("stop", e -> e.terminate()))
        .serviceTask("archive", t -> t.zeebeJobType("archive")).endEvent().done());
    long pi = start("tr", Map.of());
    client().newCompleteCommand(activateOne("decide")).send().join();
    assertThat(states(pi, "review")).containsExactly("CANCELING");

    // abandon the engine as kill -9 would; a new one replays the journal of the same directory
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));
    assertThat(states(pi, "review")).containsExactly("CANCELING");
    assertThat(activeElements(pi)).contains("case", "review").doesNotContain("archive");
    // a clean stop takes no snapshot while a listener is awaited (the wait is code); the journal brings it back
    env.engine().close();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));
    assertThat(states(pi, "review")).containsExactly("CANCELING");

    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    assertThat(completedElements(pi)).as("the subprocess completes (not terminated), as in Zeebe").contains("case", "stop");
    client().newCompleteCommand(activateOne("archive")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(states(pi, "review")).containsExactly("CANCELED");
  }

  @Test
  void aMultiInstanceCompletionConditionCompletesTheBodyAfterTheOtherTasksListeners() {
    deploy(Bpmn.createExecutableProcess("tmi").startEvent()
        .userTask("approve", u -> u.zeebeUserTask()
            .zeebeTaskListener(l -> l.canceling().type("cancel-audit"))
            .multiInstance(m -> m.parallel().zeebeInputCollectionExpression("approvers").zeebeInputElement("approver")
                .completionCondition("= numberOfCompletedInstances >= 1")))
        .serviceTask("after", t -> t.zeebeJobType("after-approval")).endEvent().done());
    long pi = start("tmi", Map.of("approvers", List.of("anna", "ben", "chen")));
    List<UserTask> open = tasks(pi, "approve");
    assertThat(open).hasSize(3);
    client().newCompleteUserTaskCommand(open.get(0).getUserTaskKey()).send().join();

    assertThat(states(pi, "approve")).containsExactly("CANCELING", "CANCELING", "COMPLETED");
    assertThat(activate("after-approval", 1)).as("the body waits for the listeners").isEmpty();
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) { // the listener jobs are the same over gRPC
      List<ActivatedJob> audits = grpc.newActivateJobsCommand().jobType("cancel-audit").maxJobsToActivate(5).send().join().getJobs();
      assertThat(audits).as("each remaining task runs its listener").hasSize(2)
          .allSatisfy(j -> assertThat(j.getListenerEventType().name()).isEqualTo("CANCELING"));
      assertThat(audits).extracting(ActivatedJob::getElementInstanceKey)
          .containsExactlyInAnyOrder(open.get(1).getElementInstanceKey(), open.get(2).getElementInstanceKey());
      grpc.newCompleteCommand(audits.get(0)).send().join();
      assertThat(activate("after-approval", 1)).isEmpty();
      grpc.newCompleteCommand(audits.get(1)).send().join();
    }

    client().newCompleteCommand(activateOne("after-approval")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(states(pi, "approve")).containsExactly("CANCELED", "CANCELED", "COMPLETED");
    assertThat(elementsIn(pi, "approve", ElementInstanceState.TERMINATED)).isEqualTo(2);
  }

  @Test
  void anAdHocSubprocessCancellingItsRemainingFlowsCompletesAfterTheListener() {
    client().newDeployResourceCommand().addResourceStringUtf8(AdHocSubProcessTest.model("",
        "<zeebe:adHoc activeElementsCollection=\"=[&quot;a&quot;, &quot;review&quot;]\"/>",
        AdHocSubProcessTest.serviceTask("a", "work-a") + REVIEW_IN_AD_HOC, "=done = true"), "adhoc.bpmn").send().join();
    long pi = start("adhoc", Map.of("done", false));
    client().newCompleteCommand(activateOne("work-a")).variables(Map.of("done", true)).send().join();

    assertThat(states(pi, "review")).containsExactly("CANCELING");
    assertThat(activeElements(pi)).contains("ahsp", "review");
    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("ahsp", "end");
    assertThat(states(pi, "review")).containsExactly("CANCELED");
  }

  @Test
  void anAgentFulfillingTheCompletionWithCancelRemainingInstancesWaitsForTheListenerToo() {
    String clock = "<bpmn:scriptTask id=\"clock\"><bpmn:extensionElements><zeebe:script expression=\"=&quot;noon&quot;\" "
        + "resultVariable=\"time\"/></bpmn:extensionElements></bpmn:scriptTask>";
    client().newDeployResourceCommand().addResourceStringUtf8(AdHocSubProcessTest.model("",
        "<zeebe:taskDefinition type=\"agent\"/>", REVIEW_IN_AD_HOC + clock, null), "agent.bpmn").send().join();
    long pi = start("adhoc", Map.of());
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().activateElement("review").activateElement("clock")).send().join();
    client().newCompleteCommand(activateOne("agent")) // the finished clock flow asked the agent again
        .withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true).cancelRemainingInstances(true)).send().join();

    assertThat(states(pi, "review")).containsExactly("CANCELING");
    assertThat(state(pi)).isEqualTo("ACTIVE");
    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("ahsp", "clock", "end");
    assertThat(activate("agent", 1)).as("no new agent job after the completion").isEmpty();
  }

  @Test
  void modificationTerminatesATaskAtOnceWithoutItsCancelingListeners() {
    deploy(raceToTerminate("tmod"));
    long pi = start("tmod", Map.of());
    long review = tasks(pi, "review").get(0).getElementInstanceKey();
    client().newModifyProcessInstanceCommand(pi).terminateElement(review).send().join();

    assertThat(states(pi, "review")).containsExactly("CANCELED");
    assertThat(elementsIn(pi, "review", ElementInstanceState.TERMINATED)).isEqualTo(1);
    assertThat(activate("cancel-audit", 1)).as("Zeebe's modification runs no canceling listener").isEmpty();
    assertThat(activate("review-end", 1)).isEmpty();
    client().newCompleteCommand(activateOne("decide")).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void cancellingTheInstanceWhileATerminateEndEventWaitsWaitsForTheSameListenerJob() {
    deploy(raceToTerminate("tcw"));
    long pi = start("tcw", Map.of());
    client().newCompleteCommand(activateOne("decide")).send().join();
    ActivatedJob audit = activateOne("cancel-audit");
    client().newCancelInstanceCommand(pi).send().join();

    assertThat(state(pi)).as("a terminating task is not terminated twice").isEqualTo("ACTIVE");
    assertThat(states(pi, "review")).containsExactly("CANCELING");
    assertThat(activate("cancel-audit", 1)).as("no second listener job").isEmpty();
    client().newCompleteCommand(audit).send().join();
    awaitState(pi, "TERMINATED");
    assertThat(states(pi, "review")).containsExactly("CANCELED");
  }
  @Test
  void noEventSubprocessOfTheScopeStartsWhileATerminateEndEventWaitsForTheListener() throws Exception {
    deploy(Bpmn.createExecutableProcess("tesp").startEvent()
        .subProcess("case", s -> s.embeddedSubProcess()
            .eventSubProcess("onEscalation", e -> e.startEvent("escalated").message(m -> m.name("escalate").zeebeCorrelationKeyExpression("caseId"))
                .serviceTask("handleEscalation", t -> t.zeebeJobType("esp-work")).endEvent())
            .eventSubProcess("onRecall", e -> e.startEvent("recalled").interrupting(false).signal("recall")
                .serviceTask("handleRecall", t -> t.zeebeJobType("esp-work")).endEvent())
            .eventSubProcess("onReminder", e -> e.startEvent("reminded").interrupting(false).timerWithDuration("PT1H")
                .serviceTask("handleReminder", t -> t.zeebeJobType("esp-work")).endEvent())
            .startEvent().parallelGateway("fork")
            .userTask("review", u -> u.zeebeUserTask().zeebeTaskListener(l -> l.canceling().type("cancel-audit")))
            .endEvent()
            .moveToNode("fork").serviceTask("decide", t -> t.zeebeJobType("decide")).endEvent("stop", e -> e.terminate()))
        .serviceTask("archive", t -> t.zeebeJobType("archive")).endEvent().done());
    long pi = start("tesp", Map.of("caseId", "C-7"));
    client().newCompleteCommand(activateOne("decide")).send().join();
    assertThat(states(pi, "review")).containsExactly("CANCELING");

    // message, signal and timer of the scope's event subprocesses arrive while the listener runs
    client().newPublishMessageCommand().messageName("escalate").correlationKey("C-7").send().join();
    client().newBroadcastSignalCommand().signalName("recall").send().join();
    java.net.http.HttpResponse<String> clock = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create(env.engine().restAddress() + "/actuator/clock/add")).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + 2 * 3_600_000 + "}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(clock.statusCode()).isEqualTo(200);
    assertThat(activeElements(pi)).as("the ended scope starts no event subprocess")
        .doesNotContain("onEscalation", "onRecall", "onReminder", "escalated", "recalled", "reminded");
    assertThat(activate("esp-work", 3)).isEmpty();

    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    assertThat(completedElements(pi)).contains("case", "stop");
    client().newCompleteCommand(activateOne("archive")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).doesNotContain("escalated", "recalled", "reminded");
  }
}
