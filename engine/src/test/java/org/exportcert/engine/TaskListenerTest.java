package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Task listeners of Camunda user tasks (8.8): the lifecycle change waits in its transitional state
 * until the listener job is completed; a listener corrects the task or denies the change.
 */
class TaskListenerTest extends EngineTestBase {

  private long deployReview() {
    return deploy(Bpmn.createExecutableProcess("tl").startEvent()
        .userTask("review", u -> u.zeebeUserTask()
            .zeebeTaskListener(l -> l.creating().type("tl-create"))
            .zeebeTaskListener(l -> l.assigning().type("tl-assign"))
            .zeebeTaskListener(l -> l.updating().type("tl-update"))
            .zeebeTaskListener(l -> l.completing().type("tl-complete")))
        .endEvent().done());
  }

  private UserTask task(long pi) {
    List<UserTask> tasks = userTasks(pi);
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  @Test
  void creatingCorrectsTheTaskAndCompletingCanBeDenied() {
    deployReview();
    long pi = start("tl", Map.of());
    assertThat(task(pi).getState().name()).isEqualTo("CREATING");
    ActivatedJob creating = activateOne("tl-create");
    assertThat(creating.getKind().name()).isEqualTo("TASK_LISTENER");
    assertThat(creating.getListenerEventType().name()).isEqualTo("CREATING");
    assertThat(creating.getUserTask().getUserTaskKey()).isEqualTo(task(pi).getUserTaskKey());
    assertThat(creating.getCustomHeaders()).as("the task's data under Camunda's reserved header names")
        .containsEntry("io.camunda.zeebe:userTaskKey", String.valueOf(task(pi).getUserTaskKey()))
        .containsEntry("io.camunda.zeebe:priority", "50");
    assertThatThrownBy(() -> client().newCompleteCommand(creating).variables(Map.of("x", 1)).send().join())
        .as("task listener jobs complete without variables").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
    client().newCompleteCommand(creating).withResult(r -> r.forUserTask().correctPriority(80).correctCandidateGroups(List.of("reviewers")))
        .send().join();
    UserTask created = task(pi);
    assertThat(created.getState().name()).isEqualTo("CREATED");
    assertThat(created.getPriority()).isEqualTo(80);
    assertThat(created.getCandidateGroups()).containsExactly("reviewers");

    var completion = client().newCompleteUserTaskCommand(created.getUserTaskKey()).variables(Map.of("approved", true)).send();
    // the request is not answered until the listener is done: wait for the engine to have taken it
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> task(pi).getState().name(), "COMPLETING"::equals);
    assertThatThrownBy(() -> client().newAssignUserTaskCommand(created.getUserTaskKey()).assignee("eve").send().join())
        .as("no other change while a listener runs").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(409));
    ActivatedJob denied = activateOne("tl-complete");
    assertThat(denied.getUserTask().getAction()).isEqualTo("complete");
    assertThat(completion.isDone()).as("answered only when the transition ends").isFalse();
    client().newCompleteCommand(denied).withResult(r -> r.forUserTask().deny(true, "missing evidence")).send().join();
    assertThatThrownBy(completion::join).as("the denial is the completion's answer")
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.details().getDetail()).isEqualTo("Command 'COMPLETE' rejected with code 'INVALID_STATE': Completion of the User Task with key '"
              + created.getUserTaskKey() + "' was denied by Task Listener. Reason to deny: 'missing evidence'");
        });
    assertThat(task(pi).getState().name()).as("a denied completion leaves the task open").isEqualTo("CREATED");
    assertThat(state(pi)).isEqualTo("ACTIVE");

    var accepted = client().newCompleteUserTaskCommand(created.getUserTaskKey()).variables(Map.of("approved", true)).send();
    client().newCompleteCommand(activateOne("tl-complete")).send().join();
    accepted.join();
    assertThat(state(pi)).as("answered after the task and its instance completed").isEqualTo("COMPLETED");
    assertThat(task(pi).getState().name()).isEqualTo("COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("approved", "true");
  }

  @Test
  void assigningAndUpdatingListenersOverGrpcDenyAndAccept() {
    deployReview();
    long pi = start("tl", Map.of());
    client().newCompleteCommand(activateOne("tl-create")).send().join();
    long key = task(pi).getUserTaskKey();
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      var bob = client().newAssignUserTaskCommand(key).assignee("bob").send();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> task(pi).getState().name(), "ASSIGNING"::equals);
      ActivatedJob assigning = grpc.newActivateJobsCommand().jobType("tl-assign").maxJobsToActivate(1).send().join().getJobs().get(0);
      assertThat(assigning.getListenerEventType().name()).isEqualTo("ASSIGNING");
      assertThat(assigning.getUserTask().getAssignee()).isEqualTo("bob");
      assertThat(assigning.getUserTask().getAction()).isEqualTo("assign");
      grpc.newCompleteCommand(assigning).withResult(r -> r.forUserTask().deny(true)).send().join();
      assertThatThrownBy(bob::join).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail())
          .isEqualTo("Command 'ASSIGN' rejected with code 'INVALID_STATE': Assignment of the User Task with key '" + key
              + "' was denied by Task Listener. Reason to deny: ''"));
      assertThat(task(pi).getAssignee()).as("the denied assignment is undone").isNull();

      var carol = client().newAssignUserTaskCommand(key).assignee("carol").send();
      grpc.newCompleteCommand(activateOne("tl-assign")).withResult(r -> r.forUserTask().correctAssignee("dave")).send().join();
      carol.join();
      assertThat(task(pi).getAssignee()).as("corrected by the listener").isEqualTo("dave");

      var update = client().newUpdateUserTaskCommand(key).priority(10).send();
      ActivatedJob updating = activateOne("tl-update");
      assertThat(updating.getUserTask().getChangedAttributes()).contains("priority");
      client().newCompleteCommand(updating).send().join();
      update.join();
      assertThat(task(pi).getPriority()).isEqualTo(10);
      assertThat(task(pi).getState().name()).isEqualTo("CREATED");
    }
  }

  @Test
  void cancellingDropsTheListenerJob() {
    deployReview();
    long pi = start("tl", Map.of());
    activateOne("tl-create");
    client().newCancelInstanceCommand(pi).send().join();
    awaitState(pi, "TERMINATED");
    assertThat(task(pi).getState().name()).isEqualTo("CANCELED");
    assertThat(client().newJobSearchRequest().filter(f -> f.processInstanceKey(pi).type("tl-create")).send().join().items())
        .singleElement().satisfies(j -> assertThat(j.getState().name()).isEqualTo("CANCELED"));

  }

  @Test
  void aDenialDiscardsEarlierCorrectionsAndVariablesOnTheTaskAreAnUpdate() {
    deploy(Bpmn.createExecutableProcess("tld").startEvent()
        .userTask("approve", u -> u.zeebeUserTask()
            .zeebeTaskListener(l -> l.assigning().type("tld-first"))
            .zeebeTaskListener(l -> l.assigning().type("tld-second"))
            .zeebeTaskListener(l -> l.updating().type("tld-update")))
        .endEvent().done());
    long pi = start("tld", Map.of());
    UserTask open = task(pi);
    var erin = client().newAssignUserTaskCommand(open.getUserTaskKey()).assignee("erin").send();
    client().newCompleteCommand(activateOne("tld-first")).withResult(r -> r.forUserTask().correctPriority(99)).send().join();
    ActivatedJob second = activateOne("tld-second");
    assertThat(second.getUserTask().getChangedAttributes()).containsExactlyInAnyOrder("assignee", "priority");
    assertThat(second.getUserTask().getPriority()).as("a correction is visible to the next listener").isEqualTo(99);
    assertThat(second.getCustomHeaders()).containsEntry("io.camunda.zeebe:assignee", "erin");
    client().newCompleteCommand(second).withResult(r -> r.forUserTask().deny(true, "not in the team")).send().join();
    assertThatThrownBy(erin::join).isInstanceOf(ProblemException.class);
    UserTask after = task(pi);
    assertThat(after.getAssignee()).isNull();
    assertThat(after.getPriority()).as("the first listener's correction is discarded too").isEqualTo(50);

    long taskInstance = open.getElementInstanceKey();
    var v1 = client().newSetVariablesCommand(taskInstance).variables(Map.of("draft", "v1")).local(true).send();
    ActivatedJob update = activateOne("tld-update");
    assertThat(update.getUserTask().getChangedAttributes()).containsExactly("variables");
    client().newCompleteCommand(update).withResult(r -> r.forUserTask().deny(true, "draft too early")).send().join();
    assertThatThrownBy(v1::join).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail())
        .isEqualTo("Command 'UPDATE' rejected with code 'INVALID_STATE': Variable update for user task instance with key '" + taskInstance
            + "' was denied by Task Listener. Reason to deny: 'draft too early'"));
    var v2 = client().newSetVariablesCommand(taskInstance).variables(Map.of("draft", "v2")).local(true).send();
    client().newCompleteCommand(activateOne("tld-update")).send().join();
    v2.join();
    assertThat(client().newVariableSearchRequest().filter(f -> f.scopeKey(taskInstance).name("draft")).send().join().items())
        .singleElement().satisfies(v -> assertThat(v.getValue()).as("only the accepted update is applied").isEqualTo("\"v2\""));
  }

  @Test
  void theModelsAssigneeComesAfterTheCreatingListenersThroughTheAssigningOnes() {
    deploy(Bpmn.createExecutableProcess("tlc").startEvent()
        .userTask("review", u -> u.zeebeUserTask().zeebeAssignee("anna")
            .zeebeTaskListener(l -> l.creating().type("tlc-create"))
            .zeebeTaskListener(l -> l.assigning().type("tlc-assign")))
        .endEvent().done());
    long pi = start("tlc", Map.of());
    ActivatedJob creating = activateOne("tlc-create");
    assertThat(creating.getUserTask().getAssignee()).as("as in Zeebe, the task has no assignee while it is created").isNullOrEmpty();
    assertThat(task(pi).getAssignee()).isNull();
    assertThatThrownBy(() -> client().newCompleteCommand(creating).withResult(r -> r.forUserTask().correctAssignee("bob")).send().join())
        .as("the model's assignee can't be corrected on creating").isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).startsWith("Command 'COMPLETE' rejected with code 'INVALID_ARGUMENT': Expected to complete task listener job,"
              + " but correcting the assignee on 'CREATING' event is not supported when the user task has an assignee defined in the model");
        });
    assertThatThrownBy(() -> client().newCompleteCommand(creating).withResult(r -> r.forUserTask().deny(true)).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail())
            .contains("Denying result is not supported for 'CREATING' task listener jobs"));
    client().newCompleteCommand(creating).send().join();
    ActivatedJob assigning = activateOne("tlc-assign");
    assertThat(assigning.getUserTask().getAssignee()).isEqualTo("anna");
    assertThatThrownBy(() -> client().newCompleteCommand(assigning).withResult(r -> r.forUserTask().deny(true).correctPriority(1)).send().join())
        .as("a denial with corrections is refused").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
    client().newCompleteCommand(assigning).send().join();
    assertThat(task(pi).getAssignee()).isEqualTo("anna");
  }

  @Test
  void anAssigneeACreatingListenerSetsNeedsNoAssigningListener() {
    deploy(Bpmn.createExecutableProcess("tlx").startEvent()
        .userTask("review", u -> u.zeebeUserTask()
            .zeebeTaskListener(l -> l.creating().type("tlx-create"))
            .zeebeTaskListener(l -> l.assigning().type("tlx-assign")))
        .endEvent().done());
    long pi = start("tlx", Map.of());
    client().newCompleteCommand(activateOne("tlx-create")).withResult(r -> r.forUserTask().correctAssignee("carol")).send().join();
    UserTask created = task(pi);
    assertThat(created.getState().name()).isEqualTo("CREATED");
    assertThat(created.getAssignee()).isEqualTo("carol");
    assertThat(activate("tlx-assign", 1)).as("as in Zeebe, the corrected assignee is the created task's").isEmpty();
  }
}
