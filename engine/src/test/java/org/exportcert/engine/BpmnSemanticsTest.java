package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.camunda.client.api.response.ActivateJobsResponse;
import org.junit.jupiter.api.Test;

/** One test per BPMN rule of engine part 1, driven through the unchanged Camunda client. */
class BpmnSemanticsTest extends EngineTestBase {

  @Test
  void parallelJoinWaitsForEveryIncomingFlow() {
    deploy(Bpmn.createExecutableProcess("join").startEvent()
        .parallelGateway("fork")
        .serviceTask("a", t -> t.zeebeJobType("a"))
        .parallelGateway("joinGw")
        .serviceTask("after", t -> t.zeebeJobType("after"))
        .endEvent()
        .moveToNode("fork").serviceTask("b", t -> t.zeebeJobType("b")).connectTo("joinGw")
        .done());
    long pi = start("join", Map.of());
    client().newCompleteCommand(activateOne("a")).send().join();
    assertThat(activate("after", 1)).as("join must wait for b").isEmpty();
    assertThat(activeElements(pi)).containsExactly("b");
    client().newCompleteCommand(activateOne("b")).send().join();
    client().newCompleteCommand(activateOne("after")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).filteredOn("joinGw"::equals).hasSize(1);
  }

  @Test
  void exclusiveGatewayTakesMatchingFlowElseDefault() {
    deploy(Bpmn.createExecutableProcess("xor").startEvent()
        .exclusiveGateway("gw").defaultFlow()
        .serviceTask("low", t -> t.zeebeJobType("low")).endEvent("endLow")
        .moveToNode("gw").conditionExpression("= amount > 100").serviceTask("high", t -> t.zeebeJobType("high")).endEvent("endHigh")
        .done());
    long big = start("xor", Map.of("amount", 500));
    long small = start("xor", Map.of("amount", 5));
    assertThat(activeElements(big)).containsExactly("high");
    assertThat(activeElements(small)).containsExactly("low");
  }

  @Test
  void exclusiveGatewayWithoutMatchRaisesIncidentThatResolvesAfterFix() {
    deploy(Bpmn.createExecutableProcess("nomatch").startEvent()
        .exclusiveGateway("gw")
        .conditionExpression("= x = 1").endEvent("one")
        .moveToNode("gw").conditionExpression("= x = 2").endEvent("two")
        .done());
    long pi = start("nomatch", Map.of("x", 3));
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("CONDITION_ERROR");
      assertThat(i.getElementId()).isEqualTo("gw");
    });
    assertThat(instance(pi).getHasIncident()).isTrue();
    client().newSetVariablesCommand(pi).variables(Map.of("x", 2)).send().join();
    client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("two").doesNotContain("one");
  }

  /**
   * A FEEL loop over a billion numbers once ran on the processor
   * thread until the heap was gone and took the REST server down with it; it is now stopped at the
   * engine's bound and becomes an incident, and the engine keeps serving everyone else.
   */
  @Test
  void aRunawayFeelExpressionBecomesAnIncidentAndTheEngineKeepsAnswering() {
    deploy(Bpmn.createExecutableProcess("runaway").startEvent()
        .scriptTask("loop", t -> t.zeebeExpression("count(for i in 1..n return [i])").zeebeResultVariable("r"))
        .endEvent().done());
    deploy(Bpmn.createExecutableProcess("modest").startEvent()
        .scriptTask("sum", t -> t.zeebeExpression("sum(for i in 1..n return i)").zeebeResultVariable("r"))
        .endEvent().done());
    long runaway = start("runaway", Map.of("n", 1_000_000_000));
    assertThat(activeIncidents(runaway)).singleElement().satisfies(i -> {
      assertThat(i.getElementId()).isEqualTo("loop");
      assertThat(i.getErrorMessage()).contains("the engine bounds an expression to");
    });
    long modest = start("modest", Map.of("n", 1000)); // a loop within the bounds runs as before
    assertThat(state(modest)).isEqualTo("COMPLETED");
    assertThat(client().newVariableSearchRequest().filter(f -> f.processInstanceKey(modest).name("r"))
        .send().join().items()).singleElement().satisfies(v -> assertThat(v.getValue()).isEqualTo("500500"));
  }

  @Test
  void variablesPropagateOutOfASubprocess() {
    deploy(Bpmn.createExecutableProcess("sub").startEvent()
        .subProcess("sp", s -> s.embeddedSubProcess().startEvent().serviceTask("inner", t -> t.zeebeJobType("inner")).endEvent())
        .serviceTask("outer", t -> t.zeebeJobType("outer"))
        .endEvent().done());
    long pi = start("sub", Map.of());
    client().newCompleteCommand(activateOne("inner")).variables(Map.of("result", "ok")).send().join();
    ActivatedJob outer = activateOne("outer");
    assertThat(outer.getVariablesAsMap()).containsEntry("result", "ok");
    assertThat(rootVariables(pi)).containsEntry("result", "\"ok\"");
  }

  @Test
  void subprocessLocalVariablesLeaveOnlyThroughOutputMappings() {
    deploy(Bpmn.createExecutableProcess("subio").startEvent()
        .subProcess("sp", s -> s.zeebeInputExpression("0", "local").zeebeOutputExpression("local + 1", "exported")
            .embeddedSubProcess().startEvent().serviceTask("inner", t -> t.zeebeJobType("inner")).endEvent())
        .serviceTask("outer", t -> t.zeebeJobType("outer"))
        .endEvent().done());
    long pi = start("subio", Map.of());
    ActivatedJob inner = activateOne("inner");
    assertThat(inner.getVariablesAsMap()).containsEntry("local", 0);
    client().newCompleteCommand(inner).variables(Map.of("local", 41)).send().join();
    ActivatedJob outer = activateOne("outer");
    assertThat(outer.getVariablesAsMap()).containsEntry("exported", 42).doesNotContainKey("local");
  }

  @Test
  void inputAndOutputMappingsOnATask() {
    deploy(Bpmn.createExecutableProcess("io").startEvent()
        .serviceTask("task", t -> t.zeebeJobType("io")
            .zeebeInputExpression("order.total * 2", "doubled")
            .zeebeInput("=\"fixed\"", "constant")
            .zeebeInput("APPLICANT_REQUEST", "statusReason")
            .zeebeOutputExpression("response.status", "status"))
        .serviceTask("next", t -> t.zeebeJobType("next"))
        .endEvent().done());
    long pi = start("io", Map.of("order", Map.of("total", 21)));
    ActivatedJob job = activateOne("io");
    assertThat(job.getVariablesAsMap()).containsEntry("doubled", 42).containsEntry("constant", "fixed")
        .as("a source without '=' is a static value, as in Zeebe").containsEntry("statusReason", "APPLICANT_REQUEST");
    client().newCompleteCommand(job).variables(Map.of("response", Map.of("status", "OK"), "noise", 1)).send().join();
    activateOne("next");
    Map<String, String> root = rootVariables(pi);
    assertThat(root).containsEntry("status", "\"OK\"").doesNotContainKeys("doubled", "constant", "noise", "response");
  }

  @Test
  void expiredJobIsActivatableAgain() {
    deploy(Bpmn.createExecutableProcess("timeout").startEvent().serviceTask("t", t -> t.zeebeJobType("slow")).endEvent().done());
    start("timeout", Map.of());
    ActivatedJob first = client().newActivateJobsCommand().jobType("slow").maxJobsToActivate(1)
        .timeout(Duration.ofMillis(300)).workerName("w1").send().join().getJobs().get(0);
    assertThat(activate("slow", 1)).as("still locked by w1").isEmpty();
    // long poll: answered as soon as the deadline passes, no sleeping here
    ActivatedJob second = client().newActivateJobsCommand().jobType("slow").maxJobsToActivate(1)
        .workerName("w2").requestTimeout(Duration.ofSeconds(10)).send().join().getJobs().get(0);
    assertThat(second.getKey()).isEqualTo(first.getKey());
    assertThat(second.getWorker()).isEqualTo("w2");
    assertThat(second.getDeadline()).isGreaterThan(first.getDeadline());
  }

  @Test
  void concurrentPollersNeverGetTheSameJob() throws Exception {
    deploy(Bpmn.createExecutableProcess("many").startEvent().serviceTask("t", t -> t.zeebeJobType("many")).endEvent().done());
    java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
    List<CompletableFuture<Void>> pollers = new java.util.ArrayList<>();
    for (int p = 0; p < 6; p++) {
      pollers.add(CompletableFuture.runAsync(() -> {
        while (seen.size() < 60) {
          for (ActivatedJob job : client().newActivateJobsCommand().jobType("many").maxJobsToActivate(3)
              .requestTimeout(Duration.ofSeconds(2)).send().join().getJobs()) {
            if (!seen.add(job.getKey())) {
              duplicates.incrementAndGet();
            }
          }
        }
      }));
    }
    for (int i = 0; i < 60; i++) {
      start("many", Map.of("i", i));
    }
    CompletableFuture.allOf(pollers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(seen).hasSize(60);
    assertThat(duplicates).hasValue(0);
  }

  @Test
  void longPollIsAnsweredAsSoonAsAJobAppears() throws Exception {
    deploy(Bpmn.createExecutableProcess("poll").startEvent().serviceTask("t", t -> t.zeebeJobType("later")).endEvent().done());
    long before = System.nanoTime();
    CompletableFuture<ActivateJobsResponse> poll = client().newActivateJobsCommand().jobType("later").maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(30)).send().toCompletableFuture();
    org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !poll.isDone());
    start("poll", Map.of());
    ActivateJobsResponse response = poll.get(10, TimeUnit.SECONDS);
    long elapsedMs = (System.nanoTime() - before) / 1_000_000;
    assertThat(response.getJobs()).hasSize(1);
    assertThat(elapsedMs).as("answered well before the 30 s request timeout").isLessThan(10_000);
  }

  @Test
  void failWithoutRetriesRaisesIncidentThatResolvesAfterRetriesUpdate() {
    deploy(Bpmn.createExecutableProcess("fail").startEvent().serviceTask("t", t -> t.zeebeJobType("flaky").zeebeJobRetries("2")).endEvent().done());
    long pi = start("fail", Map.of());
    ActivatedJob job = activateOne("flaky");
    assertThat(job.getRetries()).isEqualTo(2);
    client().newFailCommand(job).retries(1).retryBackoff(Duration.ofMillis(100)).errorMessage("try again").send().join();
    ActivatedJob retried = activateOne("flaky"); // long poll answered when the back-off ends
    assertThat(retried.getRetries()).isEqualTo(1);
    client().newFailCommand(retried).retries(0).errorMessage("service down").send().join();
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("JOB_NO_RETRIES");
      assertThat(i.getErrorMessage()).isEqualTo("service down");
      assertThat(i.getJobKey()).isEqualTo(job.getKey());
    });
    assertThat(activate("flaky", 1)).isEmpty();
    assertThatThrownBy(() -> client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join())
        .isInstanceOf(ProblemException.class);
    client().newUpdateRetriesCommand(job.getKey()).retries(1).send().join();
    client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
    assertThat(activeIncidents(pi)).isEmpty();
    client().newCompleteCommand(activateOne("flaky")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void thrownErrorWithoutCatchRaisesIncident() {
    deploy(Bpmn.createExecutableProcess("err").startEvent().serviceTask("t", t -> t.zeebeJobType("err")).endEvent().done());
    long pi = start("err", Map.of());
    client().newThrowErrorCommand(activateOne("err")).errorCode("NOT_ELIGIBLE").errorMessage("no").send().join();
    assertThat(activeIncidents(pi)).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("UNHANDLED_ERROR_EVENT");
      assertThat(i.getErrorMessage()).contains("NOT_ELIGIBLE");
    });
  }

  @Test
  void errorBoundaryEventCatchesByCodeThenCatchAll() {
    deploy(Bpmn.createExecutableProcess("catching").startEvent()
        .serviceTask("Task_Check", t -> t.zeebeJobType("check"))
        .endEvent("End_Ok")
        .moveToActivity("Task_Check").boundaryEvent("Boundary_Rejected", b -> b.error("REJECTED").zeebeOutputExpression("reason", "rejectionReason"))
        .endEvent("End_Rejected")
        .moveToActivity("Task_Check").boundaryEvent("Boundary_Any", b -> b.error())
        .endEvent("End_Other")
        .done());
    long rejected = start("catching", Map.of());
    client().newThrowErrorCommand(activateOne("check")).errorCode("REJECTED").errorMessage("not eligible")
        .variables(Map.of("reason", "documents missing")).send().join();
    assertThat(state(rejected)).isEqualTo("COMPLETED");
    assertThat(completedElements(rejected)).contains("Boundary_Rejected", "End_Rejected").doesNotContain("End_Ok", "End_Other");
    assertThat(rootVariables(rejected)).containsEntry("rejectionReason", "\"documents missing\"");
    assertThat(client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(rejected).elementId("Task_Check"))
        .send().join().items().get(0).getState().name()).isEqualTo("TERMINATED");

    long other = start("catching", Map.of());
    client().newThrowErrorCommand(activateOne("check")).errorCode("SOMETHING_ELSE").send().join();
    assertThat(completedElements(other)).contains("Boundary_Any", "End_Other");
    assertThat(activeIncidents(other)).isEmpty();
  }

  @Test
  void errorFromATaskIsCaughtByTheBoundaryOfItsSubprocess() {
    deploy(Bpmn.createExecutableProcess("subcatch").startEvent()
        .subProcess("SubProcess_Review", s -> s.embeddedSubProcess().startEvent()
            .parallelGateway("fork").serviceTask("inner", t -> t.zeebeJobType("inner")).endEvent("innerEnd")
            .moveToNode("fork").userTask("parallelHuman", u -> u.zeebeUserTask()).endEvent("humanEnd"))
        .endEvent("End_Normal")
        .moveToActivity("SubProcess_Review").boundaryEvent("Boundary_Failed", b -> b.error("FAILED"))
        .serviceTask("handle", t -> t.zeebeJobType("handle"))
        .endEvent("End_Handled")
        .done());
    long pi = start("subcatch", Map.of());
    client().newThrowErrorCommand(activateOne("inner")).errorCode("FAILED").send().join();
    assertThat(activeElements(pi)).containsExactly("handle");
    assertThat(userTasks(pi)).singleElement().satisfies(t -> assertThat(t.getState().name()).isEqualTo("CANCELED"));
    client().newCompleteCommand(activateOne("handle")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void cancelTerminatesEveryActiveElementJobAndUserTask() {
    deploy(Bpmn.createExecutableProcess("cancel").startEvent().parallelGateway("fork")
        .serviceTask("job", t -> t.zeebeJobType("cancelme")).endEvent("e1")
        .moveToNode("fork").userTask("human", u -> u.zeebeUserTask()).endEvent("e2")
        .done());
    long pi = start("cancel", Map.of());
    assertThat(activeElements(pi)).containsExactlyInAnyOrder("job", "human");
    client().newCancelInstanceCommand(pi).send().join();
    assertThat(state(pi)).isEqualTo("TERMINATED");
    assertThat(activeElements(pi)).isEmpty();
    assertThat(activate("cancelme", 1)).isEmpty();
    assertThat(userTasks(pi)).singleElement().satisfies(t -> assertThat(t.getState().name()).isEqualTo("CANCELED"));
    assertThatThrownBy(() -> client().newCancelInstanceCommand(pi).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void userTaskAssignAndComplete() {
    deploy(Bpmn.createExecutableProcess("review").startEvent()
        .userTask("Task_Review", u -> u.zeebeUserTask().zeebeCandidateGroups("reviewers").zeebeAssigneeExpression("initialReviewer")
            .zeebeDueDate("2030-01-01T10:00:00Z").zeebeTaskPriority("70"))
        .endEvent().done());
    long pi = start("review", Map.of("initialReviewer", "anna"));
    UserTask task = userTasks(pi).get(0);
    assertThat(task.getAssignee()).isEqualTo("anna");
    assertThat(task.getCandidateGroups()).containsExactly("reviewers");
    assertThat(task.getPriority()).isEqualTo(70);
    assertThat(task.getDueDate()).isNotNull();
    assertThatThrownBy(() -> client().newAssignUserTaskCommand(task.getUserTaskKey()).assignee("bob").allowOverride(false).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(409));
    client().newAssignUserTaskCommand(task.getUserTaskKey()).assignee("bob").send().join();
    assertThat(client().newUserTaskGetRequest(task.getUserTaskKey()).send().join().getAssignee()).isEqualTo("bob");
    client().newUnassignUserTaskCommand(task.getUserTaskKey()).send().join();
    assertThat(client().newUserTaskGetRequest(task.getUserTaskKey()).send().join().getAssignee()).isNull();
    client().newUpdateUserTaskCommand(task.getUserTaskKey()).candidateGroups("leads").priority(90).send().join();
    UserTask updated = client().newUserTaskGetRequest(task.getUserTaskKey()).send().join();
    assertThat(updated.getCandidateGroups()).containsExactly("leads");
    assertThat(updated.getPriority()).isEqualTo(90);
    client().newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("approved", true)).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("approved", "true");
    assertThat(client().newUserTaskGetRequest(task.getUserTaskKey()).send().join().getState().name()).isEqualTo("COMPLETED");
  }

  @Test
  void jobBasedUserTaskIsAJobWithHeaders() {
    deploy(Bpmn.createExecutableProcess("legacy").startEvent()
        .userTask("approve", u -> u.zeebeAssignee("carl").zeebeCandidateGroups("a, b")).endEvent().done());
    long pi = start("legacy", Map.of());
    ActivatedJob job = activateOne("io.camunda.zeebe:userTask");
    assertThat(job.getCustomHeaders()).containsEntry("io.camunda.zeebe:assignee", "carl")
        .containsEntry("io.camunda.zeebe:candidateGroups", "[\"a\",\"b\"]");
    client().newCompleteCommand(job).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void scriptTaskSetsResultVariable() {
    deploy(Bpmn.createExecutableProcess("script").startEvent()
        .scriptTask("calc", s -> s.zeebeExpression("a + b").zeebeResultVariable("sum"))
        .endEvent().done());
    long pi = client().newCreateInstanceCommand().bpmnProcessId("script").latestVersion()
        .variables(Map.of("a", 2, "b", 3)).withResult().send().join().getProcessInstanceKey();
    assertThat(rootVariables(pi)).containsEntry("sum", "5");
  }

  @Test
  void feelErrorInMappingRaisesIncident() {
    deploy(Bpmn.createExecutableProcess("badfeel").startEvent()
        .serviceTask("t", t -> t.zeebeJobType("x").zeebeInputExpression("count(assert(items, items != null))", "n"))
        .endEvent().done());
    long pi = start("badfeel", Map.of());
    assertThat(activeIncidents(pi)).singleElement().satisfies(i -> assertThat(i.getErrorType().name()).isEqualTo("IO_MAPPING_ERROR"));
    client().newSetVariablesCommand(pi).variables(Map.of("items", List.of(1, 2))).send().join();
    client().newResolveIncidentCommand(activeIncidents(pi).get(0).getIncidentKey()).send().join();
    assertThat(activateOne("x").getVariablesAsMap()).containsEntry("n", 2);
  }

  @Test
  void terminateEndEventEndsTheWholeScope() {
    deploy(Bpmn.createExecutableProcess("term").startEvent().parallelGateway("fork")
        .serviceTask("waits", t -> t.zeebeJobType("waits")).endEvent("normal")
        .moveToNode("fork").endEvent("kill", e -> e.terminate())
        .done());
    long pi = start("term", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(activate("waits", 1)).isEmpty();
  }

  @Test
  void manualAndUndefinedTasksPassThrough() {
    deploy(Bpmn.createExecutableProcess("pass").startEvent().manualTask("m").task("t").intermediateThrowEvent("i").endEvent().done());
    long pi = client().newCreateInstanceCommand().bpmnProcessId("pass").latestVersion().withResult().send().join().getProcessInstanceKey();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void startInstructionsStartBeforeAnElement() {
    deploy(Bpmn.createExecutableProcess("segment").startEvent()
        .serviceTask("first", t -> t.zeebeJobType("first"))
        .subProcess("sp", s -> s.embeddedSubProcess().startEvent("spStart").serviceTask("inner", t -> t.zeebeJobType("inner-seg")).endEvent())
        .endEvent().done());
    long pi = client().newCreateInstanceCommand().bpmnProcessId("segment").latestVersion()
        .startBeforeElement("inner").send().join().getProcessInstanceKey();
    assertThat(activeElements(pi)).containsExactlyInAnyOrder("sp", "inner");
    assertThat(activate("first", 1)).isEmpty();
    client().newCompleteCommand(activateOne("inner-seg")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void linkEventsJumpToTheCatchOfTheSameName() {
    String xml = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
          <bpmn:process id="link" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="before"/>
            <bpmn:serviceTask id="before"><bpmn:extensionElements><zeebe:taskDefinition type="before"/></bpmn:extensionElements>
              <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="before" targetRef="Link_ToReview"/>
            <bpmn:intermediateThrowEvent id="Link_ToReview"><bpmn:incoming>f2</bpmn:incoming><bpmn:linkEventDefinition id="l1" name="review"/></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="Link_Review"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:linkEventDefinition id="l2" name="review"/></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f3" sourceRef="Link_Review" targetRef="after"/>
            <bpmn:serviceTask id="after"><bpmn:extensionElements><zeebe:taskDefinition type="after-link"/></bpmn:extensionElements>
              <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f4" sourceRef="after" targetRef="end"/>
            <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;
    client().newDeployResourceCommand().addResourceStringUtf8(xml, "link.bpmn").send().join();
    long pi = start("link", Map.of());
    client().newCompleteCommand(activateOne("before")).send().join();
    client().newCompleteCommand(activateOne("after-link")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Link_ToReview", "Link_Review");
    BpmnModelInstance dangling = Bpmn.createExecutableProcess("dangling").startEvent()
        .intermediateThrowEvent("Link_Nowhere", e -> e.link("nowhere")).done();
    assertThatThrownBy(() -> deploy(dangling))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("Link_Nowhere"));
  }

  @Test
  void invalidDeploymentIsRejectedWholeAndIdenticalRedeployKeepsVersion() {
    BpmnModelInstance good = Bpmn.createExecutableProcess("good").startEvent().endEvent().done();
    BpmnModelInstance bad = Bpmn.createExecutableProcess("bad").startEvent().serviceTask("noType").endEvent().done();
    assertThatThrownBy(() -> client().newDeployResourceCommand().addProcessModel(good, "good.bpmn").addProcessModel(bad, "bad.bpmn").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("noType").contains("bad.bpmn");
        });
    assertThat(client().newProcessDefinitionSearchRequest().send().join().items()).isEmpty();
    long first = deploy(good);
    long second = deploy(good);
    assertThat(second).isEqualTo(first);
    long changed = deploy(Bpmn.createExecutableProcess("good").name("changed").startEvent().endEvent().done());
    assertThat(changed).isNotEqualTo(first);
    assertThat(client().newProcessDefinitionGetRequest(changed).send().join().getVersion()).isEqualTo(2);
  }

  @Test
  void unsupportedElementsAreRejectedByName() {
    BpmnModelInstance conditional = Bpmn.createExecutableProcess("cond").startEvent()
        .intermediateCatchEvent("Event_Threshold", e -> e.conditionalEventDefinition().condition("= amount > 100").conditionalEventDefinitionDone())
        .endEvent().done();
    assertThatThrownBy(() -> deploy(conditional))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("Event_Threshold").contains("conditionalEventDefinition"));
  }
}
