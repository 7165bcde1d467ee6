package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error end events and escalations (throw events, boundary events, event subprocesses), within a process and across a call. */
class ErrorEscalationTest extends EngineTestBase {

  private List<ProcessInstance> children(long parent) {
    return client().newProcessInstanceSearchRequest().filter(f -> f.parentProcessInstanceKey(parent)).send().join().items();
  }

  private long count(List<String> elements, String id) {
    return elements.stream().filter(id::equals).count();
  }

  @Test
  void errorEndEventIsCaughtByTheBoundaryOfItsSubprocess() {
    deploy(Bpmn.createExecutableProcess("review").startEvent()
        .subProcess("SubProcess_Review", s -> s.embeddedSubProcess().startEvent()
            .exclusiveGateway("Gateway_Complete").defaultFlow().endEvent("End_Reviewed")
            .moveToNode("Gateway_Complete").conditionExpression("= missing").endEvent("End_Incomplete", e -> e.error("DOCUMENTS_MISSING")))
        .endEvent("End_Done")
        .moveToActivity("SubProcess_Review").boundaryEvent("Boundary_Incomplete", b -> b.error("DOCUMENTS_MISSING"))
        .serviceTask("Task_RequestDocuments", t -> t.zeebeJobType("request-documents")).endEvent("End_Requested")
        .done());
    long caught = start("review", Map.of("missing", true));
    assertThat(activeElements(caught)).containsExactly("Task_RequestDocuments");
    assertThat(client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(caught).elementId("SubProcess_Review"))
        .send().join().items()).singleElement().satisfies(e -> assertThat(e.getState().name()).isEqualTo("TERMINATED"));
    long passed = start("review", Map.of("missing", false));
    assertThat(state(passed)).isEqualTo("COMPLETED");
    assertThat(completedElements(passed)).contains("End_Done").doesNotContain("Boundary_Incomplete");
  }

  @Test
  void errorEndEventInACalledProcessIsCaughtOnTheCallActivity() {
    deploy(Bpmn.createExecutableProcess("lab_test").startEvent().endEvent("End_Failed", e -> e.error("TEST_FAILED")).done());
    deploy(Bpmn.createExecutableProcess("certification").startEvent()
        .callActivity("CallActivity_Test", c -> c.zeebeProcessId("lab_test"))
        .endEvent("End_Certified")
        .moveToActivity("CallActivity_Test").boundaryEvent("Boundary_TestFailed", b -> b.error("TEST_FAILED"))
        .userTask("Task_CorrectiveAction", u -> u.zeebeUserTask()).endEvent()
        .done());
    long pi = start("certification", Map.of());
    assertThat(activeElements(pi)).containsExactly("Task_CorrectiveAction");
    assertThat(children(pi)).singleElement().satisfies(child -> assertThat(child.getState().name()).isEqualTo("TERMINATED"));
  }

  @Test
  void errorEndEventIsCaughtByAnErrorEventSubprocess() {
    deploy(Bpmn.createExecutableProcess("withdrawable").startEvent()
        .endEvent("End_Refused", e -> e.error("REFUSED"))
        .moveToProcess("withdrawable").eventSubProcess("EventSubProcess_Refusal", s -> s.startEvent("Start_Refusal").error("REFUSED")
            .endEvent("End_RefusalHandled"))
        .done());
    long pi = start("withdrawable", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Start_Refusal", "End_RefusalHandled");
  }

  @Test
  void uncaughtErrorEndEventRaisesAnIncident() {
    deploy(Bpmn.createExecutableProcess("unhandled").startEvent().endEvent("End_Error", e -> e.error("NOBODY_CATCHES")).done());
    long pi = start("unhandled", Map.of());
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("UNHANDLED_ERROR_EVENT");
      assertThat(i.getElementId()).isEqualTo("End_Error");
      assertThat(i.getErrorMessage()).contains("NOBODY_CATCHES");
    });
    assertThat(state(pi)).isEqualTo("ACTIVE");
  }

  private static final BpmnModelInstance ESCALATING =
      Bpmn.createExecutableProcess("escalating").startEvent()
          .subProcess("SubProcess_Partner", s -> s.embeddedSubProcess().startEvent()
              .intermediateThrowEvent("Event_Escalate", e -> e.escalation("PARTNER_LATE"))
              .userTask("Task_AwaitPartner", u -> u.zeebeUserTask()).endEvent("End_PartnerAnswered"))
          .endEvent("End_Done")
          .moveToActivity("SubProcess_Partner").boundaryEvent("Boundary_Late", b -> b.escalation("PARTNER_LATE").cancelActivity(true))
          .endEvent("End_Escalated")
          .done();

  @Test
  void interruptingEscalationBoundaryTerminatesTheSubprocess() {
    deploy(ESCALATING);
    long pi = start("escalating", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Boundary_Late", "End_Escalated").doesNotContain("Task_AwaitPartner", "End_Done");
  }

  @Test
  void nonInterruptingEscalationBoundaryLetsTheSubprocessGoOn() {
    deploy(Bpmn.createExecutableProcess("reminding").startEvent()
        .subProcess("SubProcess_Partner", s -> s.embeddedSubProcess().startEvent()
            .intermediateThrowEvent("Event_Escalate", e -> e.escalation("PARTNER_LATE"))
            .userTask("Task_AwaitPartner", u -> u.zeebeUserTask()).endEvent("End_PartnerAnswered"))
        .endEvent("End_Done")
        .moveToActivity("SubProcess_Partner").boundaryEvent("Boundary_Remind", b -> b.escalation("PARTNER_LATE").cancelActivity(false))
        .serviceTask("Task_Remind", t -> t.zeebeJobType("remind")).endEvent("End_Reminded")
        .done());
    long pi = start("reminding", Map.of());
    assertThat(activeElements(pi)).contains("SubProcess_Partner", "Task_AwaitPartner", "Task_Remind");
    assertThat(completedElements(pi)).contains("Event_Escalate", "Boundary_Remind");
    client().newCompleteCommand(activateOne("remind")).send().join();
    client().newCompleteUserTaskCommand(userTasks(pi).get(0).getUserTaskKey()).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("End_Reminded", "End_PartnerAnswered", "End_Done");
  }

  @Test
  void interruptingEscalationEventSubprocessCatchesByCode() {
    deploy(Bpmn.createExecutableProcess("esp_interrupting").startEvent()
        .parallelGateway("Fork")
        .userTask("Task_Long", u -> u.zeebeUserTask()).endEvent()
        .moveToNode("Fork").intermediateThrowEvent("Event_Escalate", e -> e.escalation("SUSPEND")).endEvent("End_AfterThrow")
        .moveToProcess("esp_interrupting").eventSubProcess("EventSubProcess_Suspend", s -> s.startEvent("Start_Suspend")
            .escalation("SUSPEND").interrupting(true).endEvent("End_Suspended"))
        .eventSubProcess("EventSubProcess_Any", s -> s.startEvent("Start_Any")
            .escalation().interrupting(true).endEvent("End_Any"))
        .done());
    long pi = start("esp_interrupting", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Start_Suspend", "End_Suspended").doesNotContain("Start_Any", "End_AfterThrow");
    assertThat(userTasks(pi)).singleElement().satisfies(t -> assertThat(t.getState().name()).isEqualTo("CANCELED"));
  }

  @Test
  void nonInterruptingEscalationEventSubprocessRunsAlongside() {
    deploy(Bpmn.createExecutableProcess("esp_alongside").startEvent()
        .intermediateThrowEvent("Event_Escalate", e -> e.escalation("NOTIFY"))
        .userTask("Task_Main", u -> u.zeebeUserTask()).endEvent("End_Main")
        .moveToProcess("esp_alongside").eventSubProcess("EventSubProcess_Notify", s -> s.startEvent("Start_Notify")
            .escalation().interrupting(false).serviceTask("Task_Notify", t -> t.zeebeJobType("notify")).endEvent("End_Notified"))
        .done());
    long pi = start("esp_alongside", Map.of());
    assertThat(activeElements(pi)).contains("Task_Main", "EventSubProcess_Notify", "Task_Notify");
    client().newCompleteCommand(activateOne("notify")).send().join();
    client().newCompleteUserTaskCommand(userTasks(pi).get(0).getUserTaskKey()).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("End_Notified", "End_Main");
  }

  @Test
  void escalationEndEventInACalledProcessIsCaughtOnTheCallActivity() {
    deploy(Bpmn.createExecutableProcess("partner_check").startEvent().endEvent("End_Escalate", e -> e.escalation("NO_ARRANGEMENT")).done());
    deploy(Bpmn.createExecutableProcess("recognition").startEvent()
        .callActivity("CallActivity_Partner", c -> c.zeebeProcessId("partner_check"))
        .endEvent("End_Recognised")
        .moveToActivity("CallActivity_Partner").boundaryEvent("Boundary_NoArrangement", b -> b.escalation().cancelActivity(false))
        .serviceTask("Task_Record", t -> t.zeebeJobType("record")).endEvent("End_Recorded")
        .done());
    long pi = start("recognition", Map.of());
    // non-interrupting: the child's end event completes, so the call activity completes too
    client().newCompleteCommand(activateOne("record")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Boundary_NoArrangement", "End_Recorded", "End_Recognised");
  }

  @Test
  void uncaughtEscalationJustContinues() {
    deploy(Bpmn.createExecutableProcess("nobody_listens").startEvent()
        .intermediateThrowEvent("Event_Escalate", e -> e.escalation("IGNORED"))
        .endEvent("End_Escalation", e -> e.escalation("IGNORED_TOO")).done());
    long pi = start("nobody_listens", Map.of());
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(activeIncidents(pi)).isEmpty();
    assertThat(count(completedElements(pi), "Event_Escalate")).isEqualTo(1);
  }
}
