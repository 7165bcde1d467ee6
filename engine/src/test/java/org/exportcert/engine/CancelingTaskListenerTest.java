package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code canceling} task listeners (Camunda 8.8): cancelling the instance or an interrupting catch
 * event waits in CANCELING until the listener jobs are done; everything else is terminated at once.
 */
class CancelingTaskListenerTest extends EngineTestBase {

  private UserTask task(long pi) {
    List<UserTask> tasks = userTasks(pi);
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  @Test
  void cancellingTheInstanceWaitsForTheCancelingListenersInOrder() {
    deploy(Bpmn.createExecutableProcess("tc").startEvent().parallelGateway("fork")
        .userTask("review", u -> u.zeebeUserTask().zeebeAssignee("anna")
            .zeebeTaskListener(l -> l.canceling().type("cancel-audit"))
            .zeebeTaskListener(l -> l.canceling().type("cancel-notify")))
        .endEvent()
        .moveToNode("fork").serviceTask("side", t -> t.zeebeJobType("side-work")).endEvent().done());
    long pi = start("tc", Map.of());
    client().newCancelInstanceCommand(pi).send().join();

    assertThat(state(pi)).as("the termination waits for the listeners").isEqualTo("ACTIVE");
    assertThat(task(pi).getState().name()).isEqualTo("CANCELING");
    assertThatThrownBy(() -> client().newCancelInstanceCommand(pi).send().join())
        .as("a terminating instance can't be cancelled again, as in Zeebe")
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThat(activate("side-work", 5)).as("what has no canceling listener is terminated at once").isEmpty();
    assertThatThrownBy(() -> client().newCompleteUserTaskCommand(task(pi).getUserTaskKey()).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(409));
    ActivatedJob audit = activateOne("cancel-audit");
    assertThat(audit.getKind().name()).isEqualTo("TASK_LISTENER");
    assertThat(audit.getListenerEventType().name()).isEqualTo("CANCELING");
    assertThat(audit.getUserTask().getAssignee()).isEqualTo("anna");
    assertThat(activate("cancel-notify", 1)).as("listeners run one after the other").isEmpty();
    assertThatThrownBy(() -> client().newCompleteCommand(audit).withResult(r -> r.forUserTask().deny(true)).send().join())
        .as("canceling can't be denied").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
    client().newCompleteCommand(audit).send().join();
    assertThat(state(pi)).isEqualTo("ACTIVE");
    client().newCompleteCommand(activateOne("cancel-notify")).send().join();
    awaitState(pi, "TERMINATED");
    assertThat(task(pi).getState().name()).isEqualTo("CANCELED");
  }

  @Test
  void anInterruptingBoundaryEventGoesOnOnlyAfterTheListeners() {
    deploy(Bpmn.createExecutableProcess("tb").startEvent()
        .userTask("review", u -> u.zeebeUserTask().zeebeTaskListener(l -> l.canceling().type("cancel-audit")))
        .boundaryEvent("withdrawn", b -> b.message(m -> m.name("withdrawn").zeebeCorrelationKeyExpression("caseId")))
        .serviceTask("archive", t -> t.zeebeJobType("archive")).endEvent()
        .moveToActivity("review").endEvent().done());
    long pi = start("tb", Map.of("caseId", "C-7"));
    client().newPublishMessageCommand().messageName("withdrawn").correlationKey("C-7").send().join();
    assertThat(task(pi).getState().name()).isEqualTo("CANCELING");
    assertThat(activeElements(pi)).contains("review").doesNotContain("withdrawn", "archive");
    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    client().newCompleteCommand(activateOne("archive")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(task(pi).getState().name()).isEqualTo("CANCELED");
  }

  @Test
  void aTaskInsideASubprocessInterruptedByAnErrorRunsItsListenersFirst() {
    deploy(Bpmn.createExecutableProcess("te").startEvent()
        .subProcess("case", s -> s.embeddedSubProcess().startEvent().parallelGateway("split")
            .userTask("review", u -> u.zeebeUserTask().zeebeTaskListener(l -> l.canceling().type("cancel-audit")))
            .endEvent()
            .moveToNode("split").serviceTask("check", t -> t.zeebeJobType("check")).endEvent())
        .boundaryEvent("failed", b -> b.error("CHECK_FAILED")).endEvent("gaveUp")
        .moveToActivity("case").endEvent("done").done());
    long pi = start("te", Map.of());
    client().newThrowErrorCommand(activateOne("check")).errorCode("CHECK_FAILED").send().join();
    assertThat(task(pi).getState().name()).isEqualTo("CANCELING");
    assertThat(completedElements(pi)).doesNotContain("gaveUp");
    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("failed", "gaveUp");
  }

  @Test
  void cancelingInTheMiddleOfACompletionDropsTheCompletingListener() {
    deploy(Bpmn.createExecutableProcess("tm").startEvent()
        .userTask("review", u -> u.zeebeUserTask()
            .zeebeTaskListener(l -> l.completing().type("complete-check"))
            .zeebeTaskListener(l -> l.canceling().type("cancel-audit")))
        .endEvent().done());
    long pi = start("tm", Map.of());
    var completion = client().newCompleteUserTaskCommand(task(pi).getUserTaskKey()).send();
    ActivatedJob completing = activateOne("complete-check");
    client().newCancelInstanceCommand(pi).send().join();
    assertThatThrownBy(completion::join).as("the held completion is rejected, as Zeebe rejects a request of a task being cancelled")
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.details().getDetail()).isEqualTo("Command 'COMPLETE' rejected with code 'INVALID_STATE': user task was canceled during ongoing transition");
        });
    assertThatThrownBy(() -> client().newCompleteCommand(completing).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    awaitState(pi, "TERMINATED");
  }

  @Test
  void cancelingInTheMiddleOfAnAssignmentShowsTheTaskAsItWas() {
    deploy(Bpmn.createExecutableProcess("ta").startEvent()
        .userTask("review", u -> u.zeebeUserTask().zeebeAssignee("anna")
            .zeebeTaskListener(l -> l.assigning().type("assign-check"))
            .zeebeTaskListener(l -> l.canceling().type("cancel-audit")))
        .endEvent().done());
    long pi = start("ta", Map.of());
    client().newCompleteCommand(activateOne("assign-check")).send().join(); // anna's assignment at creation
    var assignment = client().newAssignUserTaskCommand(task(pi).getUserTaskKey()).assignee("ben").send();
    ActivatedJob assigning = activateOne("assign-check");
    assertThat(assigning.getUserTask().getAssignee()).isEqualTo("ben");
    client().newCancelInstanceCommand(pi).send().join();
    assertThatThrownBy(assignment::join).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail())
        .isEqualTo("Command 'ASSIGN' rejected with code 'INVALID_STATE': user task was canceled during ongoing transition"));

    ActivatedJob audit = activateOne("cancel-audit");
    assertThat(audit.getUserTask().getAssignee()).as("Zeebe never persisted the assignment in progress").isEqualTo("anna");
    assertThat(audit.getUserTask().getChangedAttributes()).isEmpty();
    client().newCompleteCommand(audit).send().join();
    awaitState(pi, "TERMINATED");
    assertThat(task(pi).getState().name()).isEqualTo("CANCELED");
    assertThat(task(pi).getAssignee()).isEqualTo("anna");
  }

  @Test
  void aListenerIncidentIsResolvedWhenTheCancelingListenersStart() {
    deploy(Bpmn.createExecutableProcess("ti").startEvent()
        .userTask("review", u -> u.zeebeUserTask()
            .zeebeTaskListener(l -> l.assigning().type("assign-check"))
            .zeebeTaskListener(l -> l.canceling().type("cancel-audit")))
        .endEvent().done());
    long pi = start("ti", Map.of());
    var assignment = client().newAssignUserTaskCommand(task(pi).getUserTaskKey()).assignee("ben").send();
    client().newFailCommand(activateOne("assign-check")).retries(0).errorMessage("directory down").send().join();
    assertThat(activeIncidents(pi)).hasSize(1);
    assertThat(assignment.isDone()).as("the assignment waits while its listener has an incident").isFalse();

    client().newCancelInstanceCommand(pi).send().join();
    assertThatThrownBy(assignment::join).isInstanceOf(ProblemException.class);
    assertThat(task(pi).getState().name()).isEqualTo("CANCELING");
    assertThat(activeIncidents(pi)).as("resolved as the task starts terminating, as in Zeebe").isEmpty();
    client().newCompleteCommand(activateOne("cancel-audit")).send().join();
    awaitState(pi, "TERMINATED");
  }
}
