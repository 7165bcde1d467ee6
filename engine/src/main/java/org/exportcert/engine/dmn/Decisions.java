package org.exportcert.engine.dmn;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.exportcert.engine.dmn.DmnEngineAdapter.EvaluatedDecision;
import org.exportcert.engine.dmn.DmnEngineAdapter.Evaluation;
import org.exportcert.engine.dmn.DmnEngineAdapter.MatchedRule;
import org.exportcert.engine.dmn.DmnEngineAdapter.ParsedDrg;
import org.exportcert.engine.dmn.DmnEngineAdapter.Value;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;
import org.exportcert.engine.state.DecisionState;
import org.exportcert.engine.state.DecisionState.Decision;
import org.exportcert.engine.state.DecisionState.Drg;
import org.exportcert.engine.state.DecisionState.Instance;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;

/**
 * DMN in the engine: deploying decision requirements graphs (versioned per id, an identical
 * resource keeps its version), evaluating decisions for the API and for business rule tasks, and
 * the JSON shapes of the REST API. Runs on the processor thread like the rest of the runtime.
 */
public final class Decisions {

  /** What a business rule task gets: the output, or an incident's type and message. */
  public record TaskOutcome(Object output, String errorType, String errorMessage) {
    public boolean failed() {
      return errorType != null;
    }
  }

  private final DmnEngineAdapter adapter;

  public Decisions(LongSupplier clockMillis) {
    this.adapter = new DmnEngineAdapter(clockMillis);
  }

  public ParsedDrg parse(String resourceName, byte[] content) {
    return adapter.parse(resourceName, content);
  }

  /** Decision ids must be unique across the DMN resources of one deployment (as in Zeebe). */
  public static List<String> checkUnique(Map<String, ParsedDrg> drgsByResource) {
    List<String> errors = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    Map<String, String> seenDrg = new HashMap<>();
    drgsByResource.forEach((resource, drg) -> {
      String other = seenDrg.put(drg.id(), resource);
      if (other != null) {
        errors.add("Expected the decision requirements ids to be unique within a deployment but found a duplicated id '"
            + drg.id() + "' in the resources '" + other + "' and '" + resource + "'.");
      }
      for (DmnEngineAdapter.DecisionInfo decision : drg.decisions()) {
        String previous = seen.put(decision.id(), resource);
        if (previous != null) {
          errors.add("Expected the decision ids to be unique within a deployment but found a duplicated id '"
              + decision.id() + "' in the resources '" + previous + "' and '" + resource + "'.");
        }
      }
    });
    return errors;
  }

  /** Registers a parsed DMN resource (new version unless identical to the latest) and describes it. */
  public void deploy(EngineState state, ParsedDrg parsed, String resourceName, String content, String checksum,
      String tenantId, long deploymentKey, ArrayNode deployments) {
    DecisionState decisions = state.decisions;
    Drg latest = decisions.latestDrg(parsed.id());
    Drg drg = latest;
    if (latest == null || !latest.checksum.equals(checksum)) {
      drg = new Drg();
      drg.key = state.newKey();
      drg.drgId = parsed.id();
      drg.name = parsed.name();
      drg.version = state.nextVersion("drg", parsed.id(), latest == null ? 0 : latest.version);
      drg.resourceName = resourceName;
      drg.xml = content;
      drg.checksum = checksum;
      drg.tenantId = tenantId;
      drg.deploymentKey = deploymentKey;
      drg.parsed = parsed;
      for (DmnEngineAdapter.DecisionInfo info : parsed.decisions()) {
        Decision previous = decisions.latest(info.id());
        Decision decision = new Decision();
        decision.key = state.newKey();
        decision.decisionId = info.id();
        decision.name = info.name();
        decision.version = state.nextVersion("decision", info.id(), previous == null ? 0 : previous.version);
        decision.tenantId = tenantId;
        decision.drg = drg;
        drg.decisions.add(decision);
        decisions.decisionsById.computeIfAbsent(decision.decisionId, k -> new ArrayList<>()).add(decision);
        decisions.decisionsByKey.put(decision.key, decision);
      }
      decisions.drgsById.computeIfAbsent(drg.drgId, k -> new ArrayList<>()).add(drg);
      decisions.drgsByKey.put(drg.key, drg);
    }
    Map<String, Long> inDeployment = decisions.decisionsByDeployment.computeIfAbsent(deploymentKey, k -> new HashMap<>());
    for (Decision decision : drg.decisions) {
      inDeployment.put(decision.decisionId, decision.key);
      ObjectNode node = deployments.addObject().putObject("decisionDefinition");
      node.put("decisionDefinitionId", decision.decisionId);
      node.put("version", decision.version);
      node.put("name", decision.name);
      node.put("tenantId", decision.tenantId);
      node.put("decisionRequirementsId", drg.drgId);
      node.put("decisionDefinitionKey", String.valueOf(decision.key));
      node.put("decisionRequirementsKey", String.valueOf(drg.key));
    }
    ObjectNode node = deployments.addObject().putObject("decisionRequirements");
    node.put("decisionRequirementsId", drg.drgId);
    node.put("version", drg.version);
    node.put("decisionRequirementsName", drg.name);
    node.put("tenantId", drg.tenantId);
    node.put("resourceName", drg.resourceName);
    node.put("decisionRequirementsKey", String.valueOf(drg.key));
  }

  // ---------------------------------------------------------------- evaluation

  /** POST /v2/decision-definitions/evaluation: by key, or by id (latest version). */
  public JsonNode evaluate(EngineState state, EngineCommand.EvaluateDecision command, long now) {
    Decision decision = find(state, command);
    Map<String, Object> variables = Json.variables(command.variables());
    Evaluation evaluation = adapter.evaluate(decision.drg.parsed, decision.decisionId, variables);
    if (evaluation.failed()) {
      // rejected before any key is taken, so the journal needs no record of it
      throw EngineException.invalidArgument("Expected to evaluate decision '" + decision.decisionId + "', but " + evaluation.failureMessage());
    }
    long evaluationKey = state.newKey();
    List<Instance> instances = record(state, decision, evaluation, evaluationKey, now, null);
    ObjectNode response = Json.object();
    response.put("decisionDefinitionId", decision.decisionId);
    response.put("decisionDefinitionName", decision.name);
    response.put("decisionDefinitionVersion", decision.version);
    response.put("decisionRequirementsId", decision.drg.drgId);
    response.put("output", Json.write(evaluation.output()));
    response.putNull("failedDecisionDefinitionId");
    response.putNull("failureMessage");
    response.put("tenantId", decision.tenantId);
    response.put("decisionDefinitionKey", String.valueOf(decision.key));
    response.put("decisionRequirementsKey", String.valueOf(decision.drg.key));
    response.put("decisionInstanceKey", String.valueOf(evaluationKey));
    response.put("decisionEvaluationKey", String.valueOf(evaluationKey));
    ArrayNode evaluated = response.putArray("evaluatedDecisions");
    for (Instance instance : instances) {
      evaluated.add(evaluatedDecision(instance));
    }
    return response;
  }

  private static Decision find(EngineState state, EngineCommand.EvaluateDecision command) {
    Long key = command.decisionDefinitionKey();
    if (key != null) {
      Decision decision = state.decisions.decisionsByKey.get(key);
      if (decision == null) {
        throw EngineException.notFound(
            "Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision with key '" + key + "', but no such decision was found");
      }
      return decision;
    }
    String id = command.decisionDefinitionId();
    if (id == null || id.isBlank()) {
      throw EngineException.invalidArgument("No decisionDefinitionId or decisionDefinitionKey provided.");
    }
    Decision decision = state.decisions.latest(id);
    if (decision == null) {
      throw EngineException.notFound(
          "Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision '" + id + "', but no decision found for id '" + id + "'");
    }
    return decision;
  }

  /** A business rule task's called decision; failures become incidents at the task. */
  public TaskOutcome evaluateForTask(EngineState state, ElementInstance ei, String decisionId, String bindingType,
      Map<String, Object> variables, long now) {
    Decision decision;
    if ("deployment".equals(bindingType)) {
      Long key = state.decisions.decisionsByDeployment.getOrDefault(ei.process.deploymentKey, Map.of()).get(decisionId);
      if (key == null) {
        return new TaskOutcome(null, "CALLED_DECISION_ERROR",
            "Expected to evaluate decision '" + decisionId + "' with binding type 'deployment', but no such decision found in the deployment with key "
                + ei.process.deploymentKey + " which contained the current process.");
      }
      decision = state.decisions.decisionsByKey.get(key);
      if (decision == null) { // deleted since (resource deletion)
        return new TaskOutcome(null, "CALLED_DECISION_ERROR",
            "Expected to evaluate decision '" + decisionId + "' with binding type 'deployment', but the decision deployed with key "
                + ei.process.deploymentKey + " has been deleted.");
      }
    } else {
      decision = state.decisions.latest(decisionId);
      if (decision == null) {
        return new TaskOutcome(null, "CALLED_DECISION_ERROR",
            "Expected to evaluate decision '" + decisionId + "', but no decision found for id '" + decisionId + "'");
      }
    }
    Evaluation evaluation = adapter.evaluate(decision.drg.parsed, decision.decisionId, variables);
    long evaluationKey = state.newKey();
    record(state, decision, evaluation, evaluationKey, now, ei);
    if (evaluation.failed()) {
      return new TaskOutcome(null, "DECISION_EVALUATION_ERROR",
          "Expected to evaluate decision '" + decision.decisionId + "', but " + evaluation.failureMessage());
    }
    return new TaskOutcome(evaluation.output(), null, null);
  }

  private static List<Instance> record(EngineState state, Decision called, Evaluation evaluation, long evaluationKey, long now, ElementInstance ei) {
    List<Instance> instances = new ArrayList<>();
    int index = 0;
    for (EvaluatedDecision evaluated : evaluation.evaluated()) {
      Instance instance = instance(called, evaluated.decisionId(), evaluationKey, ++index, now, ei);
      instance.decisionType = evaluated.type();
      instance.result = Json.write(evaluated.output());
      instance.details = evaluated;
      instances.add(instance);
      state.decisions.instances.put(instance.instanceKey(), instance);
    }
    if (evaluation.failed()) {
      boolean calledRecorded = instances.stream().anyMatch(i -> i.decision == called);
      Instance failed = calledRecorded ? instances.get(instances.size() - 1)
          : instance(called, called.decisionId, evaluationKey, ++index, now, ei);
      failed.failed = true;
      failed.failureMessage = evaluation.failureMessage();
      if (!calledRecorded) {
        failed.decisionType = "UNKNOWN";
        failed.result = "null";
        state.decisions.instances.put(failed.instanceKey(), failed);
      }
    }
    return instances;
  }

  private static Instance instance(Decision called, String decisionId, long evaluationKey, int index, long now, ElementInstance ei) {
    Instance instance = new Instance();
    instance.evaluationKey = evaluationKey;
    instance.index = index;
    instance.evaluationDate = now;
    instance.decision = sibling(called, decisionId);
    if (ei != null) {
      instance.processInstanceKey = ei.processInstanceKey;
      instance.processDefinitionKey = ei.process.key;
      instance.elementInstanceKey = ei.key;
    }
    return instance;
  }

  /** A decision of the same graph version as the called one (required decisions). */
  private static Decision sibling(Decision called, String decisionId) {
    for (Decision decision : called.drg.decisions) {
      if (decision.decisionId.equals(decisionId)) {
        return decision;
      }
    }
    return called;
  }

  // ---------------------------------------------------------------- JSON shapes

  private static ObjectNode evaluatedDecision(Instance instance) {
    ObjectNode node = Json.object();
    Decision decision = instance.decision;
    node.put("decisionDefinitionId", decision.decisionId);
    node.put("decisionDefinitionName", decision.name);
    node.put("decisionDefinitionVersion", decision.version);
    node.put("decisionDefinitionType", instance.decisionType);
    node.put("output", instance.result);
    node.put("tenantId", decision.tenantId);
    ArrayNode rules = node.putArray("matchedRules");
    ArrayNode inputs = node.putArray("evaluatedInputs");
    if (instance.details != null) {
      for (MatchedRule rule : instance.details.matchedRules()) {
        ObjectNode r = rules.addObject();
        r.put("ruleId", rule.ruleId());
        r.put("ruleIndex", rule.ruleIndex());
        ArrayNode outputs = r.putArray("evaluatedOutputs");
        for (Value output : rule.outputs()) {
          outputs.addObject().put("outputId", output.id()).put("outputName", output.name()).put("outputValue", Json.write(output.value()));
        }
      }
      for (Value input : instance.details.inputs()) {
        inputs.addObject().put("inputId", input.id()).put("inputName", input.name()).put("inputValue", Json.write(input.value()));
      }
    }
    node.put("decisionDefinitionKey", String.valueOf(decision.key));
    node.put("decisionEvaluationInstanceKey", instance.instanceKey());
    return node;
  }

  public static ObjectNode decisionDefinition(Decision decision) {
    ObjectNode node = Json.object();
    node.put("decisionDefinitionId", decision.decisionId);
    node.put("name", decision.name);
    node.put("version", decision.version);
    node.put("decisionRequirementsId", decision.drg.drgId);
    node.put("tenantId", decision.tenantId);
    node.put("decisionDefinitionKey", String.valueOf(decision.key));
    node.put("decisionRequirementsKey", String.valueOf(decision.drg.key));
    return node;
  }

  public static ObjectNode decisionRequirements(Drg drg) {
    ObjectNode node = Json.object();
    node.put("decisionRequirementsName", drg.name);
    node.put("version", drg.version);
    node.put("decisionRequirementsId", drg.drgId);
    node.put("resourceName", drg.resourceName);
    node.put("tenantId", drg.tenantId);
    node.put("decisionRequirementsKey", String.valueOf(drg.key));
    return node;
  }

  public static ObjectNode decisionInstance(Instance instance) {
    ObjectNode node = Json.object();
    Decision decision = instance.decision;
    node.put("decisionEvaluationInstanceKey", instance.instanceKey());
    node.put("decisionInstanceId", instance.instanceKey());
    node.put("state", instance.failed ? "FAILED" : "EVALUATED");
    node.put("evaluationDate", Json.iso(instance.evaluationDate));
    if (instance.failureMessage != null) {
      node.put("evaluationFailure", instance.failureMessage);
    } else {
      node.putNull("evaluationFailure");
    }
    node.put("decisionDefinitionId", decision.decisionId);
    node.put("decisionDefinitionName", decision.name);
    node.put("decisionDefinitionVersion", decision.version);
    node.put("decisionDefinitionType", instance.decisionType);
    node.put("result", instance.result);
    node.put("tenantId", decision.tenantId);
    node.put("decisionEvaluationKey", String.valueOf(instance.evaluationKey));
    // an evaluation through the API belongs to no process: -1 as Zeebe records it (the client parses these keys)
    node.put("processDefinitionKey", String.valueOf(instance.processDefinitionKey == null ? -1 : instance.processDefinitionKey));
    node.put("processInstanceKey", String.valueOf(instance.processInstanceKey == null ? -1 : instance.processInstanceKey));
    node.put("decisionDefinitionKey", String.valueOf(decision.key));
    node.put("elementInstanceKey", String.valueOf(instance.elementInstanceKey == null ? -1 : instance.elementInstanceKey));
    return node;
  }

  /** GET /v2/decision-instances/{key}: the search shape plus inputs and matched rules. */
  public static ObjectNode decisionInstanceDetails(Instance instance) {
    ObjectNode node = decisionInstance(instance);
    ObjectNode evaluated = evaluatedDecision(instance);
    node.set("evaluatedInputs", evaluated.get("evaluatedInputs"));
    node.set("matchedRules", evaluated.get("matchedRules"));
    return node;
  }
}
