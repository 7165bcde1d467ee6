package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.AbstractActivityBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compensation as Camunda 8.8 documents it ("Compensation events", "Compensation handler"): a
 * compensation throw or end event runs the handlers of the completed activities of its scope
 * (only the referenced one with activityRef), waits for them, reaches into completed subprocesses,
 * runs a multi-instance activity's handler once, leaves active and terminated activities alone,
 * and what Zeebe 8.8 rejects at deployment is rejected with Zeebe's reason.
 */
class CompensationTest extends EngineTestBase {

  /** Attaches a compensation boundary event with a service task handler of job type "undo-&lt;id&gt;". */
  private static void undoable(AbstractActivityBuilder<?, ?> activity, String id) {
    activity.boundaryEvent("Boundary_" + id).compensation(c -> c.serviceTask("Undo_" + id).zeebeJobType("undo-" + id));
  }

  private void complete(String type) {
    client().newCompleteCommand(activateOne(type)).send().join();
  }

  private List<ElementInstance> elements(long pi, String elementId) {
    return client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(pi).elementId(elementId))
        .send().join().items();
  }

  @Test
  void throwEventRunsTheHandlerOfACompletedTaskAndWaitsForIt() {
    deploy(Bpmn.createExecutableProcess("comp_throw").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .intermediateThrowEvent("Throw", e -> e.compensateEventDefinition().compensateEventDefinitionDone())
        .endEvent("End").done());
    long pi = start("comp_throw", Map.of());
    assertThat(activate("undo-A", 1)).as("nothing to undo while A runs").isEmpty();
    complete("a");

    ActivatedJob undo = activateOne("undo-A");
    assertThat(undo.getElementId()).isEqualTo("Undo_A");
    assertThat(activeElements(pi)).as("the throw event waits for the handler").containsExactlyInAnyOrder("Throw", "Undo_A");
    ElementInstance boundary = elements(pi, "Boundary_A").get(0);
    assertThat(boundary.getType().name()).isEqualTo("BOUNDARY_EVENT");
    assertThat(boundary.getState().name()).isEqualTo("COMPLETED");
    assertThat(elements(pi, "Undo_A").get(0).getType().name()).isEqualTo("SERVICE_TASK");

    client().newCompleteCommand(undo).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("A", "Boundary_A", "Undo_A", "Throw", "End");
  }

  @Test
  void endEventStartsEveryHandlerOfItsScopeAtOnceAndEndsWhenAllAreDone() {
    deploy(Bpmn.createExecutableProcess("comp_end").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .serviceTask("B", t -> undoable(t.zeebeJobType("b"), "B"))
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_end", Map.of());
    complete("a");
    complete("b");
    ActivatedJob undoA = activateOne("undo-A");
    ActivatedJob undoB = activateOne("undo-B");
    client().newCompleteCommand(undoB).send().join();
    assertThat(state(pi)).as("one handler is still running").isEqualTo("ACTIVE");
    assertThat(activeElements(pi)).containsExactlyInAnyOrder("End", "Undo_A");
    client().newCompleteCommand(undoA).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void activityRefCompensatesOnlyThatActivityAndNothingIsCompensatedTwice() {
    deploy(Bpmn.createExecutableProcess("comp_ref").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .serviceTask("B", t -> undoable(t.zeebeJobType("b"), "B"))
        .intermediateThrowEvent("Throw_B", e -> e.compensateEventDefinition().activityRef("B").compensateEventDefinitionDone())
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_ref", Map.of());
    complete("a");
    complete("b");
    ActivatedJob undoB = activateOne("undo-B");
    assertThat(activate("undo-A", 1)).as("A is not referenced by the first throw event").isEmpty();
    assertThat(activeElements(pi)).containsExactlyInAnyOrder("Throw_B", "Undo_B");
    client().newCompleteCommand(undoB).send().join();
    complete("undo-A");
    awaitState(pi, "COMPLETED");
    assertThat(elements(pi, "Undo_B")).as("B was compensated once, not again by the end event").hasSize(1);
  }

  @Test
  void compensationStopsAtACallActivityWhoseOwnHandlerRuns() {
    deploy(Bpmn.createExecutableProcess("comp_child").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A")).endEvent().done());
    deploy(Bpmn.createExecutableProcess("comp_parent").startEvent()
        .callActivity("Call", c -> c.zeebeProcessId("comp_child").boundaryEvent("Boundary_Call")
            .compensation(h -> h.serviceTask("Undo_Call").zeebeJobType("undo-call")))
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_parent", Map.of());
    complete("a");
    complete("undo-call");
    awaitState(pi, "COMPLETED");
    assertThat(activate("undo-A", 1)).as("the child's handlers are not invoked").isEmpty();
  }

  @Test
  void anActivityCompletedTwiceIsCompensatedTwice() {
    deploy(Bpmn.createExecutableProcess("comp_loop").startEvent()
        .exclusiveGateway("Again")
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .scriptTask("Count", t -> t.zeebeExpression("round + 1").zeebeResultVariable("round"))
        .exclusiveGateway("Done").conditionExpression("= round < 2").connectTo("Again")
        .moveToNode("Done").conditionExpression("= round >= 2")
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_loop", Map.of("round", 0));
    complete("a");
    complete("a");
    List<ActivatedJob> undo = activate("undo-A", 5);
    assertThat(undo).as("one handler per completion").hasSize(2);
    undo.forEach(j -> client().newCompleteCommand(j).send().join());
    awaitState(pi, "COMPLETED");
  }

  @Test
  void withNothingCompletedToCompensateTheEventGoesOnAndActiveActivitiesAreLeftAlone() {
    deploy(Bpmn.createExecutableProcess("comp_none").startEvent().parallelGateway("fork")
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A")).endEvent("EndA")
        .moveToNode("fork").intermediateThrowEvent("Throw", e -> e.compensateEventDefinition().compensateEventDefinitionDone())
        .userTask("After", u -> u.zeebeUserTask())
        .endEvent("EndB").done());
    long pi = start("comp_none", Map.of());
    assertThat(activeElements(pi)).as("A is active, so the throw event passed").containsExactlyInAnyOrder("A", "After");
    complete("a");
    assertThat(activate("undo-A", 1)).as("A completed after the compensation").isEmpty();
    assertThat(elements(pi, "Undo_A")).isEmpty();
  }

  @Test
  void compensatingASubprocessRunsTheHandlersNestedInIt() {
    deploy(Bpmn.createExecutableProcess("comp_sub").startEvent()
        .subProcess("Sub", s -> s.embeddedSubProcess().startEvent()
            .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
            .subProcess("Inner", i -> i.embeddedSubProcess().startEvent()
                .serviceTask("B", t -> undoable(t.zeebeJobType("b"), "B")).endEvent())
            .endEvent())
        .serviceTask("C", t -> t.zeebeJobType("c"))
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_sub", Map.of());
    complete("a");
    complete("b");
    complete("c");
    ActivatedJob undoA = activateOne("undo-A");
    ActivatedJob undoB = activateOne("undo-B");
    assertThat(elements(pi, "Undo_B").get(0).getState().name()).isEqualTo("ACTIVE");
    client().newCompleteCommand(undoA).send().join();
    client().newCompleteCommand(undoB).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void aTerminatedSubprocessIsNotCompensated() {
    deploy(Bpmn.createExecutableProcess("comp_term").startEvent()
        .subProcess("Sub", s -> s.embeddedSubProcess().startEvent()
            .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
            .serviceTask("Wait", t -> t.zeebeJobType("wait")).endEvent())
        .endEvent("EndSub")
        .moveToActivity("Sub").boundaryEvent("Abort").message(m -> m.name("abort").zeebeCorrelationKeyExpression("id"))
        .intermediateThrowEvent("Throw", e -> e.compensateEventDefinition().compensateEventDefinitionDone())
        .endEvent("EndAborted").done());
    long pi = start("comp_term", Map.of("id", "x"));
    complete("a");
    activateOne("wait");
    client().newPublishMessageCommand().messageName("abort").correlationKey("x").send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("Throw", "EndAborted");
    assertThat(elements(pi, "Undo_A")).as("A completed inside a subprocess that was terminated").isEmpty();
  }

  @Test
  void aThrowEventInsideASubprocessCompensatesOnlyThatSubprocess() {
    deploy(Bpmn.createExecutableProcess("comp_inner").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .subProcess("Sub", s -> s.embeddedSubProcess().startEvent()
            .serviceTask("B", t -> undoable(t.zeebeJobType("b"), "B"))
            .endEvent("EndInner", e -> e.compensateEventDefinition().compensateEventDefinitionDone()))
        .userTask("After", u -> u.zeebeUserTask()).endEvent().done());
    long pi = start("comp_inner", Map.of());
    complete("a");
    complete("b");
    ActivatedJob undoB = activateOne("undo-B");
    assertThat(elements(pi, "Undo_B").get(0).getState().name()).isEqualTo("ACTIVE");
    client().newCompleteCommand(undoB).send().join();
    await(() -> activeElements(pi).contains("After"));
    assertThat(activate("undo-A", 1)).as("A is outside the subprocess").isEmpty();
  }

  @Test
  void aMultiInstanceActivityIsCompensatedOnceAndAMultiInstanceSubprocessPerCompletedInstance() {
    deploy(Bpmn.createExecutableProcess("comp_mi").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a").multiInstance(m -> m.zeebeInputCollectionExpression("items").zeebeInputElement("item")), "A"))
        .subProcess("Sub", s -> s.multiInstance(m -> m.sequential().zeebeInputCollectionExpression("items").zeebeInputElement("item"))
            .embeddedSubProcess().startEvent()
            .serviceTask("B", t -> undoable(t.zeebeJobType("b"), "B")).endEvent())
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_mi", Map.of("items", List.of(1, 2, 3)));
    for (ActivatedJob job : activate("a", 3)) {
      client().newCompleteCommand(job).send().join();
    }
    complete("b");
    complete("b");
    complete("b");
    List<ActivatedJob> undoA = activate("undo-A", 5);
    List<ActivatedJob> undoB = activate("undo-B", 5);
    assertThat(undoA).as("one handler for the whole multi-instance task").hasSize(1);
    assertThat(undoB).as("one handler per completed instance of the subprocess").hasSize(3);
    undoA.forEach(j -> client().newCompleteCommand(j).send().join());
    undoB.forEach(j -> client().newCompleteCommand(j).send().join());
    awaitState(pi, "COMPLETED");
  }

  @Test
  void anErrorEventSubprocessCompensatesTheScopeAroundIt() {
    deploy(Bpmn.createExecutableProcess("comp_esp")
        .eventSubProcess("OnError", e -> e.startEvent("Caught").error("payment-failed")
            .endEvent("Compensate", c -> c.compensateEventDefinition().compensateEventDefinitionDone()))
        .startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .serviceTask("Pay", t -> t.zeebeJobType("pay")).endEvent().done());
    long pi = start("comp_esp", Map.of());
    complete("a");
    ActivatedJob pay = activateOne("pay");
    client().newThrowErrorCommand(pay).errorCode("payment-failed").send().join();
    ActivatedJob undo = activateOne("undo-A");
    assertThat(activeElements(pi)).contains("OnError", "Compensate", "Undo_A");
    client().newCompleteCommand(undo).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void handlersSeeTheScopesVariablesAndTheirMappingsApply() {
    deploy(Bpmn.createExecutableProcess("comp_vars").startEvent()
        .serviceTask("Book", t -> t.zeebeJobType("book").boundaryEvent("Boundary_Book")
            .compensation(c -> c.serviceTask("Cancel").zeebeJobType("cancel")
                .zeebeInputExpression("bookingId", "toCancel").zeebeOutputExpression("\"cancelled \" + toCancel", "outcome")))
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_vars", Map.of());
    client().newCompleteCommand(activateOne("book")).variables(Map.of("bookingId", "BK-7")).send().join();
    ActivatedJob cancel = activateOne("cancel");
    assertThat(cancel.getVariablesAsMap()).containsEntry("toCancel", "BK-7").containsEntry("bookingId", "BK-7");
    client().newCompleteCommand(cancel).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("outcome", "\"cancelled BK-7\"");
  }

  @Test
  void cancellingTheInstanceTerminatesTheHandlerAndTheWaitingThrowEvent() {
    deploy(Bpmn.createExecutableProcess("comp_cancel").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .intermediateThrowEvent("Throw", e -> e.compensateEventDefinition().compensateEventDefinitionDone())
        .endEvent().done());
    long pi = start("comp_cancel", Map.of());
    complete("a");
    activateOne("undo-A");
    client().newCancelInstanceCommand(pi).send().join();
    awaitState(pi, "TERMINATED");
    assertThat(elements(pi, "Undo_A").get(0).getState().name()).isEqualTo("TERMINATED");
    assertThat(elements(pi, "Throw").get(0).getState().name()).isEqualTo("TERMINATED");
  }

  @Test
  void subprocessesCallActivitiesMultiInstanceAndUndefinedTasksServeAsHandlers() {
    deploy(Bpmn.createExecutableProcess("comp_undo_child").startEvent().serviceTask("UndoInChild", t -> t.zeebeJobType("undo-child")).endEvent().done());
    deploy(Bpmn.createExecutableProcess("comp_kinds").startEvent()
        .serviceTask("A", t -> t.zeebeJobType("a").boundaryEvent("Boundary_A").compensation(c -> c.subProcess("Undo_A")
            .embeddedSubProcess().startEvent().serviceTask("Undo_A_1", u -> u.zeebeJobType("undo-A-1")).endEvent()))
        .serviceTask("B", t -> t.zeebeJobType("b").boundaryEvent("Boundary_B").compensation(c -> c.callActivity("Undo_B").zeebeProcessId("comp_undo_child")))
        .serviceTask("C", t -> t.zeebeJobType("c").boundaryEvent("Boundary_C").compensation(c -> c.serviceTask("Undo_C").zeebeJobType("undo-C")
            .multiInstance(m -> m.zeebeInputCollectionExpression("items").zeebeInputElement("item"))))
        .serviceTask("D", t -> t.zeebeJobType("d").boundaryEvent("Boundary_D").compensation(c -> c.task("Undo_D")))
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_kinds", Map.of("items", List.of("x", "y")));
    for (String type : List.of("a", "b", "c", "d")) {
      complete(type);
    }
    complete("undo-A-1");
    complete("undo-child");
    List<ActivatedJob> undoC = activate("undo-C", 5);
    assertThat(undoC).as("a multi-instance handler runs once per item").hasSize(2);
    assertThat(state(pi)).isEqualTo("ACTIVE");
    undoC.forEach(j -> client().newCompleteCommand(j).send().join());
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("Undo_A", "Undo_A_1", "Undo_B", "Undo_C", "Undo_D", "End");
  }

  @Test
  void whatCanBeCompensatedAndAWaitingThrowEventSurviveARestart() {
    deploy(Bpmn.createExecutableProcess("comp_restart").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .serviceTask("Wait", t -> t.zeebeJobType("wait"))
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done());
    long pi = start("comp_restart", Map.of());
    complete("a");
    env.restart(env.startOnSameData()); // the old engine abandoned as kill -9 would leave it
    complete("wait");
    ActivatedJob undo = activateOne("undo-A");
    env.restart(env.startOnSameData());
    assertThat(activeElements(pi)).containsExactlyInAnyOrder("End", "Undo_A");
    client().newCompleteCommand(undo).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void compensationStateComesBackFromASnapshot(@TempDir java.nio.file.Path dir) throws Exception {
    org.exportcert.engine.snapshot.SnapshotPolicy everyFewRecords = new org.exportcert.engine.snapshot.SnapshotPolicy(3, 0);
    BpmnModelInstance model = Bpmn.createExecutableProcess("comp_snap").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .serviceTask("Wait", t -> t.zeebeJobType("wait"))
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done();
    long compensable;
    long compensating;
    ActivatedJob runningUndo;
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), everyFewRecords);
        io.camunda.client.CamundaClient c = EngineExtension.newClient(engine)) {
      c.newDeployResourceCommand().addProcessModel(model, "comp_snap.bpmn").send().join();
      compensating = c.newCreateInstanceCommand().bpmnProcessId("comp_snap").latestVersion().send().join().getProcessInstanceKey();
      for (String type : List.of("a", "wait")) {
        c.newCompleteCommand(c.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs().get(0)).send().join();
      }
      runningUndo = c.newActivateJobsCommand().jobType("undo-A").maxJobsToActivate(1).send().join().getJobs().get(0);
      compensable = c.newCreateInstanceCommand().bpmnProcessId("comp_snap").latestVersion().send().join().getProcessInstanceKey();
      c.newCompleteCommand(c.newActivateJobsCommand().jobType("a").maxJobsToActivate(1).send().join().getJobs().get(0)).send().join();
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("a snapshot was written").anyMatch(n -> n.startsWith("snapshot-"));
    }
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), everyFewRecords);
        io.camunda.client.CamundaClient c = EngineExtension.newClient(engine)) {
      c.newCompleteCommand(runningUndo.getKey()).send().join();
      c.newCompleteCommand(c.newActivateJobsCommand().jobType("wait").maxJobsToActivate(1).send().join().getJobs().get(0)).send().join();
      ActivatedJob undo = c.newActivateJobsCommand().jobType("undo-A").maxJobsToActivate(1).send().join().getJobs().get(0);
      assertThat(undo.getProcessInstanceKey()).isEqualTo(compensable);
      c.newCompleteCommand(undo).send().join();
      for (long pi : List.of(compensating, compensable)) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> c.newProcessInstanceGetRequest(pi).send().join().getState().name().equals("COMPLETED"));
      }
    }
  }

  @Test
  void whatZeebeRejectsIsRejectedWithItsReason() {
    BpmnModelInstance flowOutOfHandler = Bpmn.createExecutableProcess("comp_bad_flow").startEvent()
        .serviceTask("A", t -> t.zeebeJobType("a").boundaryEvent("Boundary_A")
            .compensation(c -> c.serviceTask("Undo_A").zeebeJobType("undo")))
        .endEvent().moveToNode("Undo_A").endEvent("Extra").done();
    assertRejected(flowOutOfHandler, "A compensation handler should have no outgoing sequence flows");

    assertRejected(Bpmn.createExecutableProcess("comp_bad_wait").startEvent()
        .serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A"))
        .intermediateThrowEvent("Throw", e -> e.compensateEventDefinition().waitForCompletion(false).compensateEventDefinitionDone())
        .endEvent().done(), "waitForCompletion attribute must be true or not present");

    assertRejected(Bpmn.createExecutableProcess("comp_bad_ref").startEvent()
        .serviceTask("A", t -> t.zeebeJobType("a"))
        .endEvent("End", e -> e.compensateEventDefinition().activityRef("A").compensateEventDefinitionDone()).done(),
        "must have either a compensation boundary event or be a subprocess");

    assertRejected(Bpmn.createExecutableProcess("comp_bad_esp").startEvent()
        .subProcess("Sub", s -> s.embeddedSubProcess()
            .eventSubProcess("OnCompensate", e -> e.startEvent("CompStart", st -> st.compensation()).endEvent())
            .startEvent().serviceTask("A", t -> undoable(t.zeebeJobType("a"), "A")).endEvent())
        .endEvent("End", e -> e.compensateEventDefinition().compensateEventDefinitionDone()).done(),
        "Start events in event subprocesses must be one of: message, timer, error, signal or escalation");
  }

  private void assertRejected(BpmnModelInstance model, String reason) {
    assertThatThrownBy(() -> deploy(model)).isInstanceOfSatisfying(ProblemException.class,
        e -> assertThat(e.details().getDetail()).contains(reason).doesNotContain("not supported by this engine"));
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(condition);
  }
}
