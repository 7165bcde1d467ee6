package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * As in Camunda 8.8, a user task command whose event has task listeners is answered only when the
 * transition ends: after the last listener job is completed (with the listeners' corrections
 * applied), or rejected with Camunda's problem when a listener denies it. The answer is held by the
 * engine process only: a client giving up breaks nothing, and a restart drops it.
 */
class HeldUserTaskAnswerTest extends EngineTestBase {

  private long startReview(String id) {
    deploy(Bpmn.createExecutableProcess(id).startEvent()
        .userTask("review", u -> u.zeebeUserTask().zeebeCandidateGroups("clerks")
            .zeebeTaskListener(l -> l.completing().type(id + "-completing"))
            .zeebeTaskListener(l -> l.updating().type(id + "-updating")))
        .endEvent().done());
    return start(id, Map.of());
  }

  private UserTask task(long pi) {
    List<UserTask> tasks = userTasks(pi);
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  @Test
  void theCompletionIsAnsweredAfterTheListenerWorkerWithItsCorrectionsApplied() {
    long pi = startReview("held");
    long key = task(pi).getUserTaskKey();

    CamundaFuture<?> completion = client().newCompleteUserTaskCommand(key).variables(Map.of("approved", true)).action("approve").send();
    ActivatedJob listener = activateOne("held-completing");
    assertThat(listener.getUserTask().getAction()).as("the request's custom action reaches the listener").isEqualTo("approve");
    assertThat(task(pi).getState().name()).isEqualTo("COMPLETING");
    assertThat(completion.isDone()).as("no answer while the listener job is open").isFalse();

    client().newCompleteCommand(listener)
        .withResult(r -> r.forUserTask().correctAssignee("lead").correctPriority(90).correctCandidateGroups(List.of("leads")))
        .send().join();
    completion.join();
    assertThat(state(pi)).as("answered once the task and its instance completed").isEqualTo("COMPLETED");
    UserTask completed = task(pi);
    assertThat(completed.getState().name()).isEqualTo("COMPLETED");
    assertThat(completed.getAssignee()).as("the listener's corrections apply").isEqualTo("lead");
    assertThat(completed.getPriority()).isEqualTo(90);
    assertThat(completed.getCandidateGroups()).containsExactly("leads");
    assertThat(rootVariables(pi)).containsEntry("approved", "true");
  }

  @Test
  void aJobWorkerDenyingTheUpdateFailsItWithCamundasProblem() {
    long pi = startReview("deny");
    long key = task(pi).getUserTaskKey();
    try (JobWorker ignored = client().newWorker().jobType("deny-updating")
        .handler((jobs, job) -> jobs.newCompleteCommand(job).withResult(r -> r.forUserTask().deny(true, "due date outside the SLA")).send().join())
        .open()) {
      assertThatThrownBy(() -> client().newUpdateUserTaskCommand(key).dueDate("2030-01-01T00:00:00Z").priority(5).send().join())
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo(409);
            assertThat(e.details().getTitle()).isEqualTo("INVALID_STATE");
            assertThat(e.details().getDetail()).isEqualTo("Command 'UPDATE' rejected with code 'INVALID_STATE': Update of the User Task with key '"
                + key + "' was denied by Task Listener. Reason to deny: 'due date outside the SLA'");
          });
    }
    UserTask unchanged = task(pi);
    assertThat(unchanged.getState().name()).isEqualTo("CREATED");
    assertThat(unchanged.getDueDate()).isNull();
    assertThat(unchanged.getPriority()).isEqualTo(50);
  }

  @Test
  void variablesSetOverGrpcOnTheTaskAreAnsweredAfterTheUpdatingListener() {
    long pi = startReview("grpcvars");
    long taskInstance = task(pi).getElementInstanceKey();
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      CamundaFuture<?> update = grpc.newSetVariablesCommand(taskInstance).variables(Map.of("draft", "v1")).local(true).send();
      ActivatedJob listener = activateOne("grpcvars-updating");
      assertThat(update.isDone()).isFalse();
      grpc.newCompleteCommand(listener).send().join();
      update.join();
    }
    assertThat(client().newVariableSearchRequest().filter(f -> f.scopeKey(taskInstance).name("draft")).send().join().items())
        .singleElement().satisfies(v -> assertThat(v.getValue()).isEqualTo("\"v1\""));
  }

  @Test
  void aClientGivingUpOrARestartDropsOnlyTheAnswerNotTheTransition() {
    long pi = startReview("gone");
    long key = task(pi).getUserTaskKey();
    assertThatThrownBy(() -> client().newCompleteUserTaskCommand(key).requestTimeout(Duration.ofMillis(300)).send().join())
        .as("the client stops waiting");
    ActivatedJob first = activateOne("gone-completing");
    client().newCompleteCommand(first).withResult(r -> r.forUserTask().deny(true, "not yet")).send().join();
    assertThat(task(pi).getState().name()).as("the denial still applies").isEqualTo("CREATED");

    CamundaFuture<?> completion = client().newCompleteUserTaskCommand(key).send();
    ActivatedJob second = activateOne("gone-completing");
    assertThat(second.getUserTask().getAction()).as("without one, the default action").isEqualTo("complete");
    env.restart(env.startOnSameData()); // a kill -9 and a new engine on the same journal
    assertThatThrownBy(completion::join).as("the request held by the old process is gone");
    assertThat(task(pi).getState().name()).as("the transition itself survives").isEqualTo("COMPLETING");
    client().newCompleteCommand(second.getKey()).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(task(pi).getState().name()).isEqualTo("COMPLETED");
  }

  @Test
  void cancellingTheInstanceRejectsAHeldVariablesUpdate() {
    long pi = startReview("cancelvars");
    long taskInstance = task(pi).getElementInstanceKey();
    CamundaFuture<?> update = client().newSetVariablesCommand(taskInstance).variables(Map.of("draft", "v1")).local(true).send();
    activateOne("cancelvars-updating");
    client().newCancelInstanceCommand(pi).send().join();
    assertThatThrownBy(update::join).isInstanceOfSatisfying(ProblemException.class, e -> {
      assertThat(e.code()).isEqualTo(409);
      assertThat(e.details().getDetail())
          .isEqualTo("Command 'UPDATE' rejected with code 'INVALID_STATE': user task was canceled during handling task variables update");
    });
    awaitState(pi, "TERMINATED");
  }
}
