package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DMN decision tables called from business rule tasks (zeebe:calledDecision). */
class DecisionTest extends EngineTestBase {

  private static String table(String hitPolicy, String aggregation) {
    return """
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Fees" name="Fees" namespace="x">
          <decision id="fees" name="Fees">
            <decisionTable id="t" hitPolicy="%s" %s>
              <input id="i1"><inputExpression id="ie1" typeRef="string"><text>category</text></inputExpression></input>
              <input id="i2"><inputExpression id="ie2" typeRef="number"><text>employees</text></inputExpression></input>
              <output id="o1" name="fee" typeRef="number"/>
              <rule id="r1"><inputEntry id="a1"><text>"AI_SAAS"</text></inputEntry><inputEntry id="b1"><text>&lt; 50</text></inputEntry><outputEntry id="c1"><text>1000</text></outputEntry></rule>
              <rule id="r2"><inputEntry id="a2"><text>"AI_SAAS"</text></inputEntry><inputEntry id="b2"><text>-</text></inputEntry><outputEntry id="c2"><text>2500</text></outputEntry></rule>
              <rule id="r3"><inputEntry id="a3"><text>-</text></inputEntry><inputEntry id="b3"><text>-</text></inputEntry><outputEntry id="c3"><text>500</text></outputEntry></rule>
            </decisionTable>
          </decision>
        </definitions>
        """.formatted(hitPolicy, aggregation == null ? "" : "aggregation=\"" + aggregation + "\"");
  }

  private long deployWithTable(String dmn) {
    DeploymentEvent deployment = client().newDeployResourceCommand()
        .addResourceStringUtf8(dmn, "fees.dmn")
        .addProcessModel(Bpmn.createExecutableProcess("fee").startEvent()
            .businessRuleTask("Task_DetermineFee", t -> t.zeebeCalledDecisionId("fees").zeebeResultVariable("fee"))
            .endEvent().done(), "fee.bpmn")
        .send().join();
    assertThat(deployment.getDecisions()).singleElement().satisfies(d -> {
      assertThat(d.getDmnDecisionId()).isEqualTo("fees");
      assertThat(d.getVersion()).isEqualTo(1);
    });
    assertThat(deployment.getDecisionRequirements()).singleElement().satisfies(r -> assertThat(r.getDmnDecisionRequirementsId()).isEqualTo("Definitions_Fees"));
    return deployment.getProcesses().get(0).getProcessDefinitionKey();
  }

  private String fee(Map<String, Object> variables) {
    long pi = client().newCreateInstanceCommand().bpmnProcessId("fee").latestVersion().variables(variables).withResult().send().join().getProcessInstanceKey();
    return rootVariables(pi).get("fee");
  }

  @Test
  void firstHitPolicy() {
    deployWithTable(table("FIRST", null));
    assertThat(fee(Map.of("category", "AI_SAAS", "employees", 10))).isEqualTo("1000");
    assertThat(fee(Map.of("category", "AI_SAAS", "employees", 100))).isEqualTo("2500");
    assertThat(fee(Map.of("category", "OTHER", "employees", 10))).isEqualTo("500");
  }

  @Test
  void collectHitPolicyAndSum() {
    deployWithTable(table("COLLECT", null));
    assertThat(fee(Map.of("category", "AI_SAAS", "employees", 10))).isEqualTo("[1000,2500,500]");
    client().newDeployResourceCommand().addResourceStringUtf8(table("COLLECT", "SUM"), "fees.dmn").send().join();
    assertThat(fee(Map.of("category", "AI_SAAS", "employees", 10))).isEqualTo("4000");
  }

  @Test
  void evaluateDecisionAndSearchDefinitions() {
    deployWithTable(table("FIRST", null));
    var result = client().newEvaluateDecisionCommand().decisionId("fees")
        .variables(Map.of("category", "AI_SAAS", "employees", 100)).send().join();
    assertThat(result.getDecisionOutput()).isEqualTo("2500");
    assertThat(result.getDecisionId()).isEqualTo("fees");
    assertThat(client().newDecisionDefinitionSearchRequest().filter(f -> f.decisionDefinitionId("fees")).send().join().items())
        .singleElement().satisfies(d -> assertThat(d.getVersion()).isEqualTo(1));
  }

  @Test
  void uniqueViolationIsAnIncident() {
    deployWithTable(table("UNIQUE", null));
    long pi = start("fee", Map.of("category", "AI_SAAS", "employees", 10));
    assertThat(activeIncidents(pi)).singleElement().satisfies(i -> assertThat(i.getErrorType().name()).isEqualTo("DECISION_EVALUATION_ERROR"));
  }

  @Test
  void invalidDmnIsRejected() {
    assertThatThrownBy(() -> client().newDeployResourceCommand().addResourceStringUtf8(table("FIRST", null).replace("&lt; 50", "&lt;&lt; 50"), "bad.dmn").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("bad.dmn").contains("fees"));
  }

  @Test
  void missingDecisionIsAnIncident() {
    deploy(Bpmn.createExecutableProcess("nodecision").startEvent()
        .businessRuleTask("t", t -> t.zeebeCalledDecisionId("missing").zeebeResultVariable("r")).endEvent().done());
    long pi = start("nodecision", Map.of());
    assertThat(activeIncidents(pi)).singleElement().satisfies(i -> assertThat(i.getErrorType().name()).isEqualTo("CALLED_DECISION_ERROR"));
    assertThat(List.of(state(pi))).containsExactly("ACTIVE");
  }
}
