package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inclusive gateway: fork on every true condition (default, incident) and Zeebe's converging join. */
class InclusiveGatewayTest extends EngineTestBase {

  /** Three checks, each taken when its flag is set; the join waits for the checks that were started. */
  private static final BpmnModelInstance CHECKS =
      Bpmn.createExecutableProcess("checks").startEvent()
          .inclusiveGateway("Gateway_Fork")
          .defaultFlow().serviceTask("Task_Nothing", t -> t.zeebeJobType("nothing"))
          .inclusiveGateway("Gateway_Join")
          .serviceTask("Task_Decide", t -> t.zeebeJobType("decide")).endEvent("End")
          .moveToNode("Gateway_Fork").conditionExpression("= audit").serviceTask("Task_Audit", t -> t.zeebeJobType("audit"))
          .connectTo("Gateway_Join")
          .moveToNode("Gateway_Fork").conditionExpression("= interview").serviceTask("Task_Interview", t -> t.zeebeJobType("interview"))
          .connectTo("Gateway_Join")
          .moveToNode("Gateway_Fork").conditionExpression("= documents").serviceTask("Task_Documents", t -> t.zeebeJobType("documents"))
          .connectTo("Gateway_Join")
          .done();

  private long count(List<String> elements, String id) {
    return elements.stream().filter(id::equals).count();
  }

  @Test
  void twoOfThreeConditionsTrueAndTheJoinWaitsForBoth() {
    deploy(CHECKS);
    long pi = start("checks", Map.of("audit", true, "interview", false, "documents", true));
    assertThat(activeElements(pi)).containsExactlyInAnyOrder("Task_Audit", "Task_Documents");
    client().newCompleteCommand(activateOne("audit")).send().join();
    assertThat(activate("decide", 1)).as("the join still waits for the documents check").isEmpty();
    assertThat(activeElements(pi)).containsExactly("Task_Documents");
    client().newCompleteCommand(activateOne("documents")).send().join();
    ActivatedJob decide = activateOne("decide");
    assertThat(count(completedElements(pi), "Gateway_Join")).as("the join is activated once").isEqualTo(1);
    client().newCompleteCommand(decide).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).doesNotContain("Task_Interview", "Task_Nothing");
  }

  @Test
  void defaultFlowWhenNoConditionHolds() {
    deploy(CHECKS);
    long pi = start("checks", Map.of("audit", false, "interview", false, "documents", false));
    assertThat(activeElements(pi)).containsExactly("Task_Nothing");
    client().newCompleteCommand(activateOne("nothing")).send().join();
    client().newCompleteCommand(activateOne("decide")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void noConditionTrueAndNoDefaultRaisesAnIncidentThatResolves() {
    deploy(Bpmn.createExecutableProcess("nodefault").startEvent()
        .inclusiveGateway("Gateway_Fork")
        .conditionExpression("= a").endEvent("End_A")
        .moveToNode("Gateway_Fork").conditionExpression("= b").endEvent("End_B")
        .done());
    long pi = start("nodefault", Map.of("a", false, "b", false));
    var incident = activeIncidents(pi);
    assertThat(incident).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("CONDITION_ERROR");
      assertThat(i.getElementId()).isEqualTo("Gateway_Fork");
    });
    client().newSetVariablesCommand(pi).variables(Map.of("b", true)).send().join();
    client().newResolveIncidentCommand(incident.get(0).getIncidentKey()).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("End_B").doesNotContain("End_A");
  }

  @Test
  void theJoinDoesNotWaitForATokenThatCanNoLongerArrive() {
    // the documents path may end early (no documents needed) and then never reaches the join
    deploy(Bpmn.createExecutableProcess("early_end").startEvent()
        .inclusiveGateway("Gateway_Fork")
        .conditionExpression("= true").serviceTask("Task_Audit", t -> t.zeebeJobType("audit"))
        .inclusiveGateway("Gateway_Join").endEvent("End_Joined")
        .moveToNode("Gateway_Fork").conditionExpression("= true").serviceTask("Task_Documents", t -> t.zeebeJobType("documents"))
        .exclusiveGateway("Gateway_Needed").defaultFlow().endEvent("End_NotNeeded")
        .moveToNode("Gateway_Needed").conditionExpression("= needed").connectTo("Gateway_Join")
        .done());
    long pi = start("early_end", Map.of("needed", false));
    client().newCompleteCommand(activateOne("audit")).send().join();
    assertThat(activeElements(pi)).containsExactly("Task_Documents");
    client().newCompleteCommand(activateOne("documents")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("End_NotNeeded", "Gateway_Join", "End_Joined");
  }
}
