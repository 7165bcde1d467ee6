package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Call activities: child instances, variable propagation, cancel, incidents and errors across the call. */
class CallActivityTest extends EngineTestBase {

  private static final BpmnModelInstance CHILD =
      Bpmn.createExecutableProcess("child").startEvent().serviceTask("Task_Test", t -> t.zeebeJobType("run-test")).endEvent().done();

  private List<ProcessInstance> children(long parent) {
    return client().newProcessInstanceSearchRequest().filter(f -> f.parentProcessInstanceKey(parent)).send().join().items();
  }

  @Test
  void parentWaitsForChildAndGetsItsVariables() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("parent").startEvent()
        .callActivity("CallActivity_Testing", c -> c.zeebeProcessId("child"))
        .serviceTask("after", t -> t.zeebeJobType("after-call")).endEvent().done());
    long parent = start("parent", Map.of("caseId", "C-1"));
    ActivatedJob job = activateOne("run-test");
    assertThat(job.getVariablesAsMap()).containsEntry("caseId", "C-1");
    ProcessInstance child = children(parent).get(0);
    assertThat(child.getProcessInstanceKey()).isEqualTo(job.getProcessInstanceKey());
    assertThat(child.getParentProcessInstanceKey()).isEqualTo(parent);
    client().newCompleteCommand(job).variables(Map.of("testResult", "passed")).send().join();
    assertThat(activateOne("after-call").getVariablesAsMap()).containsEntry("testResult", "passed");
    assertThat(state(child.getProcessInstanceKey())).isEqualTo("COMPLETED");
  }

  @Test
  void mappingsWithoutPropagation() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("mapped").startEvent()
        .callActivity("call", c -> c.zeebeProcessIdExpression("\"child\"").zeebePropagateAllChildVariables(false)
            .zeebeInputExpression("caseId", "childCase").zeebeOutputExpression("testResult", "result"))
        .serviceTask("after", t -> t.zeebeJobType("after-mapped")).endEvent().done());
    long parent = start("mapped", Map.of("caseId", "C-2"));
    ActivatedJob job = activateOne("run-test");
    assertThat(job.getVariablesAsMap()).containsEntry("childCase", "C-2");
    client().newCompleteCommand(job).variables(Map.of("testResult", "failed", "noise", 1)).send().join();
    assertThat(activateOne("after-mapped").getVariablesAsMap()).containsEntry("result", "failed").doesNotContainKeys("noise", "testResult");
    assertThat(rootVariables(parent)).doesNotContainKey("noise");
  }

  @Test
  void cancellingTheParentCancelsTheChildAndChildrenCannotBeCancelledAlone() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("parent2").startEvent().callActivity("call", c -> c.zeebeProcessId("child")).endEvent().done());
    long parent = start("parent2", Map.of());
    long child = children(parent).get(0).getProcessInstanceKey();
    assertThatThrownBy(() -> client().newCancelInstanceCommand(child).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(409));
    client().newCancelInstanceCommand(parent).send().join();
    assertThat(state(child)).isEqualTo("TERMINATED");
    assertThat(activate("run-test", 1)).isEmpty();
  }

  @Test
  void incidentInTheChildShowsOnTheParentAndMissingProcessIsAnIncident() {
    deploy(Bpmn.createExecutableProcess("parent3").startEvent().callActivity("call", c -> c.zeebeProcessId("child")).endEvent().done());
    long parent = start("parent3", Map.of());
    assertThat(activeIncidents(parent)).singleElement().satisfies(i -> assertThat(i.getErrorType().name()).isEqualTo("CALLED_ELEMENT_ERROR"));
    deploy(CHILD);
    client().newResolveIncidentCommand(activeIncidents(parent).get(0).getIncidentKey()).send().join();
    client().newFailCommand(activateOne("run-test")).retries(0).errorMessage("lab down").send().join();
    assertThat(instance(parent).getHasIncident()).isTrue();
  }

  @Test
  void boundaryErrorOnTheCallActivityCatchesTheChildsError() {
    deploy(CHILD);
    deploy(Bpmn.createExecutableProcess("parent4").startEvent()
        .callActivity("CallActivity_Testing", c -> c.zeebeProcessId("child")).endEvent("End_Passed")
        .moveToActivity("CallActivity_Testing").boundaryEvent("Boundary_TestFailed", b -> b.error("TEST_FAILED")).endEvent("End_Failed")
        .done());
    long parent = start("parent4", Map.of());
    ActivatedJob job = activateOne("run-test");
    client().newThrowErrorCommand(job).errorCode("TEST_FAILED").send().join();
    assertThat(state(parent)).isEqualTo("COMPLETED");
    assertThat(completedElements(parent)).contains("End_Failed");
    assertThat(state(job.getProcessInstanceKey())).isEqualTo("TERMINATED");
  }
}
