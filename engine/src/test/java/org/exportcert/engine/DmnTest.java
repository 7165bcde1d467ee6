package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.Decision;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.EvaluateDecisionResponse;
import io.camunda.client.api.search.response.DecisionDefinition;
import io.camunda.client.api.search.response.Incident;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DMN: deployment and versioning, hit policies, business rule tasks and the evaluation API. */
class DmnTest extends EngineTestBase {

  private static final String RULES = "dmn/certification-rules.dmn";
  private static final String RULES_V2 = "dmn/certification-rules-v2.dmn";

  /** fee (FIRST) -> checks (COLLECT) -> route (UNIQUE, two outputs, requires fee) -> a task to look at. */
  static BpmnModelInstance rulesProcess(String id, ZeebeBindingType binding) {
    return Bpmn.createExecutableProcess(id).startEvent()
        .businessRuleTask("fee", t -> t.zeebeCalledDecisionId("fee").zeebeResultVariable("fee").zeebeBindingType(binding))
        .businessRuleTask("checks", t -> t.zeebeCalledDecisionId("checks").zeebeResultVariable("checks").zeebeBindingType(binding))
        .businessRuleTask("route", t -> t.zeebeCalledDecisionId("route").zeebeResultVariable("route").zeebeBindingType(binding))
        .serviceTask("review", t -> t.zeebeJobType("review"))
        .endEvent().done();
  }

  private DeploymentEvent deployWith(BpmnModelInstance process, String dmn) {
    return client().newDeployResourceCommand().addProcessModel(process, "rules.bpmn")
        .addResourceFromClasspath(dmn).send().join();
  }

  @Test
  void firstAndCollectHitPoliciesThroughBusinessRuleTasks() {
    DeploymentEvent deployment = deployWith(rulesProcess("rules", ZeebeBindingType.deployment), RULES);
    assertThat(deployment.getDecisions()).extracting(Decision::getDmnDecisionId)
        .containsExactlyInAnyOrder("fee", "checks", "effort", "route");
    assertThat(deployment.getDecisionRequirements()).singleElement()
        .satisfies(drg -> {
          assertThat(drg.getDmnDecisionRequirementsId()).isEqualTo("certification-rules");
          assertThat(drg.getVersion()).isEqualTo(1);
          assertThat(drg.getResourceName()).isEqualTo(RULES);
        });

    long pi = start("rules", Map.of("tier", "gold", "risk", 7));
    ActivatedJob review = activateOne("review");
    assertThat(review.getProcessInstanceKey()).isEqualTo(pi);
    Map<String, String> variables = rootVariables(pi);
    assertThat(variables).containsEntry("fee", "100"); // FIRST: the gold rule wins over gold-or-silver
    assertThat(variables).containsEntry("checks", "[\"audit\",\"interview\",\"documents\"]"); // COLLECT: rule order
    assertThat(variables).containsEntry("route", "{\"queue\":\"express\",\"priority\":1}"); // two outputs: a context

    long other = start("rules", Map.of("tier", "bronze", "risk", 1));
    activateOne("review");
    assertThat(rootVariables(other)).containsEntry("fee", "10").containsEntry("checks", "[\"documents\"]")
        .containsEntry("route", "{\"queue\":\"standard\",\"priority\":5}");

    assertThat(client().newDecisionInstanceSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join().items())
        .extracting(i -> i.getDecisionDefinitionId())
        .contains("fee", "checks", "route");
  }

  @Test
  void evaluateDecisionApiAppliesHitPolicies() {
    deployWith(rulesProcess("rules", ZeebeBindingType.latest), RULES);

    EvaluateDecisionResponse first = client().newEvaluateDecisionCommand().decisionId("fee")
        .variables(Map.of("tier", "silver")).send().join();
    assertThat(first.getDecisionOutput()).isEqualTo("50");
    assertThat(first.getDecisionVersion()).isEqualTo(1);
    assertThat(first.getDecisionRequirementsId()).isEqualTo("certification-rules");
    assertThat(first.getEvaluatedDecisions()).singleElement().satisfies(d -> {
      assertThat(d.getDecisionType()).isEqualTo("DECISION_TABLE");
      assertThat(d.getMatchedRules()).singleElement().satisfies(r -> {
        assertThat(r.getRuleId()).isEqualTo("feeGoldOrSilver");
        assertThat(r.getRuleIndex()).isEqualTo(2);
        assertThat(r.getEvaluatedOutputs().get(0).getOutputValue()).isEqualTo("50");
      });
      assertThat(d.getEvaluatedInputs().get(0).getInputValue()).isEqualTo("\"silver\"");
    });

    EvaluateDecisionResponse collect = client().newEvaluateDecisionCommand().decisionId("checks")
        .variables(Map.of("risk", 3)).send().join();
    assertThat(collect.getDecisionOutput()).isEqualTo("[\"interview\",\"documents\"]");
    assertThat(collect.getEvaluatedDecisions().get(0).getMatchedRules()).hasSize(2);

    EvaluateDecisionResponse sum = client().newEvaluateDecisionCommand().decisionId("effort")
        .variables(Map.of("risk", 7)).send().join();
    assertThat(sum.getDecisionOutput()).isEqualTo("12");

    EvaluateDecisionResponse noMatch = client().newEvaluateDecisionCommand().decisionId("checks")
        .variables(Map.of("risk", -1)).send().join();
    assertThat(noMatch.getDecisionOutput()).isEqualTo("[\"documents\"]");

    // a required decision is evaluated first and reported too
    EvaluateDecisionResponse route = client().newEvaluateDecisionCommand().decisionId("route")
        .variables(Map.of("tier", "gold")).send().join();
    assertThat(route.getDecisionOutput()).isEqualTo("{\"queue\":\"express\",\"priority\":1}");
    assertThat(route.getEvaluatedDecisions()).extracting(d -> d.getDecisionId()).containsExactly("fee", "route");

    assertThatThrownBy(() -> client().newEvaluateDecisionCommand().decisionId("unknown").send().join())
        .isInstanceOf(ProblemException.class).hasMessageContaining("404");
  }

  @Test
  void otherHitPoliciesAsDmnDefinesThem() {
    client().newDeployResourceCommand().addResourceFromClasspath("dmn/hit-policies.dmn").send().join();
    java.util.function.Function<String, String> eval = id -> client().newEvaluateDecisionCommand().decisionId(id)
        .variables(Map.of("score", 7)).send().join().getDecisionOutput();
    assertThat(eval.apply("anyPolicy")).isEqualTo("\"ok\"");
    assertThat(eval.apply("priorityPolicy")).isEqualTo("\"high\"");
    assertThat(eval.apply("ruleOrderPolicy")).isEqualTo("[\"low\",\"high\",\"medium\"]");
    assertThat(eval.apply("outputOrderPolicy")).isEqualTo("[\"high\",\"medium\",\"low\"]");
    assertThat(eval.apply("countPolicy")).isEqualTo("3");
    assertThatThrownBy(() -> eval.apply("anyConflict")).isInstanceOf(ProblemException.class);
  }

  @Test
  void decisionsAreVersionedPerIdAndIdenticalRedeployKeepsTheVersion() {
    DeploymentEvent v1 = deployWith(rulesProcess("rules", ZeebeBindingType.deployment), RULES);
    long feeV1 = v1.getDecisions().stream().filter(d -> d.getDmnDecisionId().equals("fee")).findFirst().orElseThrow().getDecisionKey();
    long pi1 = start("rules", Map.of("tier", "gold", "risk", 0));

    DeploymentEvent again = client().newDeployResourceCommand().addResourceFromClasspath(RULES).send().join();
    assertThat(again.getDecisions()).allSatisfy(d -> assertThat(d.getVersion()).isEqualTo(1));
    assertThat(again.getDecisions()).extracting(Decision::getDecisionKey).contains(feeV1);

    DeploymentEvent v2 = client().newDeployResourceCommand().addResourceFromClasspath(RULES_V2).send().join();
    assertThat(v2.getDecisions()).allSatisfy(d -> assertThat(d.getVersion()).isEqualTo(2));
    assertThat(v2.getDecisionRequirements().get(0).getVersion()).isEqualTo(2);

    assertThat(client().newEvaluateDecisionCommand().decisionId("fee").variables(Map.of("tier", "gold")).send().join()
        .getDecisionOutput()).as("by id: latest version").isEqualTo("120");
    assertThat(client().newEvaluateDecisionCommand().decisionKey(feeV1).variables(Map.of("tier", "gold")).send().join()
        .getDecisionOutput()).as("by key: that version").isEqualTo("100");

    List<DecisionDefinition> fees = client().newDecisionDefinitionSearchRequest()
        .filter(f -> f.decisionDefinitionId("fee")).send().join().items();
    assertThat(fees).extracting(DecisionDefinition::getVersion).containsExactlyInAnyOrder(1, 2);
    assertThat(client().newDecisionDefinitionGetRequest(feeV1).send().join().getVersion()).isEqualTo(1);
    assertThat(client().newDecisionDefinitionGetXmlRequest(feeV1).send().join()).contains("certification-rules");
    assertThat(client().newDecisionRequirementsSearchRequest().send().join().items()).hasSize(2);

    // bindingType="deployment": the process keeps the decision it was deployed with
    activateOne("review");
    long pi2 = start("rules", Map.of("tier", "gold", "risk", 0));
    activateOne("review");
    assertThat(rootVariables(pi1)).containsEntry("fee", "100");
    assertThat(rootVariables(pi2)).containsEntry("fee", "100");
    // bindingType="latest" follows the newest version
    deploy(rulesProcess("rulesLatest", ZeebeBindingType.latest));
    long pi3 = start("rulesLatest", Map.of("tier", "gold", "risk", 0));
    activateOne("review");
    assertThat(rootVariables(pi3)).containsEntry("fee", "120");
  }

  @Test
  void deploymentWithAnInvalidDmnIsRejectedWhole() {
    assertThatThrownBy(() -> client().newDeployResourceCommand()
            .addProcessModel(rulesProcess("rules", ZeebeBindingType.deployment), "rules.bpmn")
            .addResourceFromClasspath(RULES)
            .addResourceFromClasspath("dmn/invalid.dmn").send().join())
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("invalid.dmn");
    assertThat(client().newProcessDefinitionSearchRequest().send().join().items()).isEmpty();
    assertThat(client().newDecisionDefinitionSearchRequest().send().join().items()).isEmpty();
    assertThat(client().newDecisionRequirementsSearchRequest().send().join().items()).isEmpty();
  }

  @Test
  void missingDecisionRaisesIncidentThatResolvesOnceDeployed() {
    deploy(rulesProcess("rulesLatest", ZeebeBindingType.latest));
    long pi = start("rulesLatest", Map.of("tier", "gold", "risk", 9));
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("CALLED_DECISION_ERROR");
      assertThat(i.getElementId()).isEqualTo("fee");
    });
    client().newDeployResourceCommand().addResourceFromClasspath(RULES).send().join();
    client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
    activateOne("review");
    assertThat(rootVariables(pi)).containsEntry("fee", "100");
  }

  @Test
  void evaluationFailureRaisesIncidentAndIsRejectedByTheApi() {
    BpmnModelInstance process = Bpmn.createExecutableProcess("banding").startEvent()
        .businessRuleTask("band", t -> t.zeebeCalledDecisionId("band").zeebeResultVariable("band"))
        .serviceTask("review", t -> t.zeebeJobType("review"))
        .endEvent().done();
    client().newDeployResourceCommand().addProcessModel(process, "band.bpmn")
        .addResourceFromClasspath("dmn/unique-clash.dmn").send().join();
    // UNIQUE with two matching rules is a hit policy violation: the evaluation fails
    long pi = start("banding", Map.of("score", 7));
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("DECISION_EVALUATION_ERROR");
      assertThat(i.getElementId()).isEqualTo("band");
    });
    assertThatThrownBy(() -> client().newEvaluateDecisionCommand().decisionId("band")
            .variables(Map.of("score", 7)).send().join())
        .isInstanceOf(ProblemException.class).hasMessageContaining("band");
    // a single match evaluates; resolving the incident after fixing the variable re-evaluates
    assertThat(client().newEvaluateDecisionCommand().decisionId("band").variables(Map.of("score", 3)).send().join()
        .getDecisionOutput()).isEqualTo("\"low\"");
    client().newSetVariablesCommand(pi).variables(Map.of("score", 2)).send().join();
    client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
    activateOne("review");
    assertThat(rootVariables(pi)).containsEntry("band", "\"low\"");
  }

  /** A decision looping over a billion numbers is stopped at the engine's bound: an incident, not a dead engine. */
  @Test
  void aRunawayDecisionIsStoppedAtTheBoundAndRaisesAnIncident() {
    String dmn = """
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="loops" name="loops" namespace="x">
          <decision id="count" name="count"><literalExpression><text>count(for i in 1..n return [i])</text></literalExpression></decision>
        </definitions>
        """;
    BpmnModelInstance process = Bpmn.createExecutableProcess("counting").startEvent()
        .businessRuleTask("count", t -> t.zeebeCalledDecisionId("count").zeebeResultVariable("c"))
        .serviceTask("review", t -> t.zeebeJobType("review"))
        .endEvent().done();
    client().newDeployResourceCommand().addProcessModel(process, "counting.bpmn")
        .addResourceBytes(dmn.getBytes(java.nio.charset.StandardCharsets.UTF_8), "loops.dmn").send().join();
    long pi = start("counting", Map.of("n", 1_000_000_000));
    assertThat(activeIncidents(pi)).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("DECISION_EVALUATION_ERROR");
      assertThat(i.getErrorMessage()).contains("the engine bounds an expression to");
    });
    assertThat(client().newEvaluateDecisionCommand().decisionId("count").variables(Map.of("n", 3)).send().join()
        .getDecisionOutput()).isEqualTo("3");
  }

  @Test
  void restartAfterKillKeepsDeployedDecisions() {
    DeploymentEvent v1 = deployWith(rulesProcess("rules", ZeebeBindingType.deployment), RULES);
    client().newDeployResourceCommand().addResourceFromClasspath(RULES_V2).send().join();
    EvaluateDecisionResponse before = client().newEvaluateDecisionCommand().decisionId("fee")
        .variables(Map.of("tier", "gold")).send().join();

    // abandon the engine as kill -9 would, then open the same data directory
    env.restart(env.startOnSameData());

    assertThat(client().newDecisionDefinitionSearchRequest().send().join().items()).hasSize(8);
    EvaluateDecisionResponse after = client().newEvaluateDecisionCommand().decisionId("fee")
        .variables(Map.of("tier", "gold")).send().join();
    assertThat(after.getDecisionOutput()).isEqualTo("120");
    assertThat(after.getDecisionKey()).isEqualTo(before.getDecisionKey());
    assertThat(after.getDecisionEvaluationKey()).isGreaterThan(before.getDecisionEvaluationKey());
    long pi = start("rules", Map.of("tier", "gold", "risk", 0));
    activateOne("review");
    assertThat(rootVariables(pi)).containsEntry("fee", "100");
    assertThat(v1.getDecisions()).isNotEmpty();
  }
}
