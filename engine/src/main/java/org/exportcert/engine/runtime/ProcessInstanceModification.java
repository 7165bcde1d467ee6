package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import org.exportcert.engine.command.EngineCommand.ActivateInstruction;
import org.exportcert.engine.command.EngineCommand.TerminateInstruction;
import org.exportcert.engine.command.EngineCommand.VariableInstruction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.ProcessModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;

/**
 * Process instance modification (REST {@code POST /v2/process-instances/{key}/modification}, gRPC
 * ModifyProcessInstance), with Zeebe's rules: activate instructions create the element in the one
 * active instance of its flow scope (or in the selected ancestor, creating the flow scopes in
 * between, or creating missing flow scopes), with variable instructions applied to the chosen
 * scopes before the element is entered; terminate instructions terminate element instances, and a
 * flow scope left without active children is terminated too (up to the process instance) unless an
 * activation needs it. Every instruction is validated before anything changes, so a rejected
 * command leaves the instance as it was (and is not journaled).
 */
final class ProcessInstanceModification {

  /** The most instructions one command may carry (Zeebe bounds a command by its batch size). */
  static final int MAX_INSTRUCTIONS = 1_000;

  private final BpmnRuntime runtime;

  ProcessInstanceModification(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  /** One checked activate instruction: where the element goes and which scopes get created first. */
  private record Activation(ElementModel element, ElementInstance existingScope, List<ElementModel> scopesToCreate,
      Map<String, Map<String, Object>> variablesByScope, Map<String, Object> globalVariables) {}

  JsonNode modify(EngineCommand.ModifyProcessInstance command) {
    EngineState state = runtime.state();
    long key = command.processInstanceKey();
    ElementInstance pi = state.processInstances.get(key);
    if (pi == null || !pi.isActive()) {
      throw EngineException.notFound("Command 'MODIFY' rejected with code 'NOT_FOUND': "
          + "Expected to modify process instance but no process instance found with key '" + key + "'");
    }
    ProcessModel model = pi.process.model;
    String processId = pi.process.processId;
    List<ActivateInstruction> activations = command.activateInstructions() == null ? List.of() : command.activateInstructions();
    List<TerminateInstruction> terminations = command.terminateInstructions() == null ? List.of() : command.terminateInstructions();
    if (activations.size() + terminations.size() > MAX_INSTRUCTIONS) {
      throw EngineException.invalidArgument("Command 'MODIFY' rejected with code 'INVALID_ARGUMENT': Unable to modify process instance with key '"
          + key + "' as the size exceeds the maximum batch size (" + MAX_INSTRUCTIONS + " instructions). Please reduce the size by "
          + "splitting the modification into multiple commands.");
    }

    checkElementsExist(processId, model, activations);
    checkElementsSupported(processId, model, activations);
    Set<ElementInstance> toTerminate = terminateTargets(state, pi, terminations);
    List<Activation> plans = new ArrayList<>();
    for (ActivateInstruction instruction : activations) {
      plans.add(plan(state, pi, instruction));
    }
    Set<Long> required = requiredScopes(processId, plans, toTerminate);
    if (pi.parentCallActivity != null && wouldEnd(pi, toTerminate, required)) {
      throw invalid(processId, "but the given instructions would terminate the instance. The instance was created by a call activity "
          + "in the parent process. To terminate this instance please modify the parent process instead.");
    }

    for (Activation activation : plans) {
      activate(pi, activation);
    }
    for (ElementInstance target : toTerminate) {
      terminate(pi, target, required);
    }
    runtime.run();
    return null;
  }

  // ---------------------------------------------------------------- validation

  private static EngineException invalid(String processId, String rest) {
    return EngineException.invalidArgument("Command 'MODIFY' rejected with code 'INVALID_ARGUMENT': Expected to modify instance of process '"
        + processId + "' " + rest);
  }

  private static String elementId(ActivateInstruction instruction) {
    return instruction.elementId() == null ? "" : instruction.elementId();
  }

  private static void checkElementsExist(String processId, ProcessModel model, List<ActivateInstruction> activations) {
    Set<String> unknown = new LinkedHashSet<>();
    for (ActivateInstruction instruction : activations) {
      String elementId = elementId(instruction);
      if (!model.hasElement(elementId) && model.flow(elementId) == null) {
        unknown.add(elementId);
      }
    }
    if (!unknown.isEmpty()) {
      throw invalid(processId, "but it contains one or more activate instructions with an element that could not be found: '"
          + String.join("', '", unknown) + "'");
    }
  }

  private static void checkElementsSupported(String processId, ProcessModel model, List<ActivateInstruction> activations) {
    for (ActivateInstruction instruction : activations) {
      String elementId = elementId(instruction);
      String reason = null;
      if (!model.hasElement(elementId)) {
        reason = "The activation of elements with type 'SEQUENCE_FLOW' is not supported";
      } else {
        ElementModel element = model.element(elementId);
        switch (element.kind) {
          case START_EVENT, BOUNDARY_EVENT, PROCESS, EVENT_SUB_PROCESS ->
              reason = "The activation of elements with type '" + element.kind + "' is not supported";
          default -> {
            if (afterEventBasedGateway(model, element)) {
              reason = "The activation of events belonging to an event-based gateway is not supported";
            } else if (AdHocSubProcesses.instructionRefusal(model, elementId) != null) { // hook: ad-hoc subprocess
              reason = AdHocSubProcesses.instructionRefusal(model, elementId);
            }
          }
        }
      }
      if (reason != null) {
        throw invalid(processId, "but it contains one or more activate instructions for elements that are unsupported: '"
            + elementId + "'. " + reason + ".");
      }
    }
  }

  private static boolean afterEventBasedGateway(ProcessModel model, ElementModel element) {
    for (String flowId : element.incoming()) {
      SequenceFlowModel flow = model.flow(flowId);
      if (flow != null && model.hasElement(flow.sourceId()) && model.element(flow.sourceId()).kind == ElementKind.EVENT_BASED_GATEWAY) {
        return true;
      }
    }
    return false;
  }

  private static Set<ElementInstance> terminateTargets(EngineState state, ElementInstance pi, List<TerminateInstruction> terminations) {
    Set<ElementInstance> targets = new LinkedHashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    for (TerminateInstruction instruction : terminations) {
      Long key = instruction.elementInstanceKey();
      ElementInstance target = key == null ? null : state.elementInstances.get(key);
      if (target == null || !target.isActive() || target.processInstanceKey != pi.key) {
        unknown.add(String.valueOf(key));
      } else {
        targets.add(target);
      }
    }
    if (!unknown.isEmpty()) {
      throw invalid(pi.process.processId, "but it contains one or more terminate instructions with an element instance that could not be found: '"
          + String.join("', '", unknown) + "'");
    }
    return targets;
  }

  /** The flow scope elements of an element, innermost first, up to and including the process. */
  private static List<ElementModel> flowScopes(ProcessModel model, ElementModel element) {
    List<ElementModel> chain = new ArrayList<>();
    ElementModel scope = model.element(element.scopeId);
    while (true) {
      chain.add(scope);
      if (scope.kind == ElementKind.PROCESS) {
        return chain;
      }
      scope = model.element(scope.scopeId);
    }
  }

  private Activation plan(EngineState state, ElementInstance pi, ActivateInstruction instruction) {
    ProcessModel model = pi.process.model;
    String processId = pi.process.processId;
    ElementModel element = model.element(elementId(instruction));
    List<ElementModel> chain = flowScopes(model, element);

    Map<String, Map<String, Object>> byScope = new LinkedHashMap<>();
    Map<String, Object> global = new LinkedHashMap<>();
    for (VariableInstruction variableInstruction : instruction.variableInstructions() == null ? List.<VariableInstruction>of() : instruction.variableInstructions()) {
      Map<String, Object> variables = Json.variables(variableInstruction.variables());
      String scopeId = variableInstruction.scopeId();
      if (scopeId == null || scopeId.isBlank()) {
        global.putAll(variables);
        continue;
      }
      if (!model.hasElement(scopeId)) {
        throw invalid(processId, "but it contains one or more variable instructions with a scope element id that could not be found: '" + scopeId + "'");
      }
      boolean flowScope = scopeId.equals(element.id) || chain.stream().anyMatch(s -> s.id.equals(scopeId));
      if (!flowScope) {
        throw invalid(processId, "but it contains one or more variable instructions with a scope element that doesn't belong to the "
            + "activating element's flow scope. These variables should be set before or after the modification.");
      }
      byScope.computeIfAbsent(scopeId, k -> new LinkedHashMap<>()).putAll(variables);
    }

    Long ancestorKey = instruction.ancestorElementInstanceKey();
    List<ElementModel> toCreate = new ArrayList<>();
    ElementInstance existing;
    if (ancestorKey != null && ancestorKey > 0) {
      ElementInstance ancestor = state.elementInstances.get(ancestorKey);
      if (ancestor == null || !ancestor.isActive()) {
        throw invalid(processId, "but it contains one or more activate instructions with an ancestor scope key that does not exist, "
            + "or is not in an active state: '" + ancestorKey + "'");
      }
      if (ancestor.processInstanceKey != pi.key) {
        throw invalid(processId, "but it contains one or more activate instructions with an ancestor scope key that does not belong "
            + "to the modified process instance: '" + ancestorKey + "'");
      }
      int index = chain.indexOf(ancestor.element);
      if (index < 0) {
        throw invalid(processId, "but it contains one or more activate instructions with an ancestor scope key that is not an ancestor "
            + "of the element to activate: '" + ancestorKey + "'");
      }
      existing = ancestor;
      // a new instance of every flow scope between the selected ancestor and the element
      for (int i = index - 1; i >= 0; i--) {
        toCreate.add(chain.get(i));
      }
      if (ancestor.multiInstanceBody) {
        toCreate.add(0, ancestor.element); // a new inner instance of the body
      }
    } else {
      existing = null;
      for (ElementModel scope : chain) {
        List<ElementInstance> instances = activeInstancesOf(state, pi, scope);
        if (instances.size() > 1) {
          throw invalid(processId, "but it contains one or more activate instructions for an element that has a flow scope with more than "
              + "one active instance: '" + scope.id + "'. Can't decide in which instance of the flow scope the element should be "
              + "activated. Please specify an ancestor element instance key for this activate instruction.");
        }
        if (instances.size() == 1) {
          existing = instances.get(0);
          break;
        }
        toCreate.add(0, scope);
      }
    }
    for (ElementModel scope : toCreate) {
      if (scope.loop() != null) {
        throw invalid(processId, "but it contains one or more activate instructions that would result in the activation of "
            + "multi-instance element '" + scope.id + "', which is currently unsupported.");
      }
    }
    return new Activation(element, existing, toCreate, byScope, global);
  }

  /** Active instances of a flow scope element in the process instance (inner instances, not the multi-instance body). */
  private static List<ElementInstance> activeInstancesOf(EngineState state, ElementInstance pi, ElementModel scope) {
    if (scope.kind == ElementKind.PROCESS) {
      return List.of(pi);
    }
    List<ElementInstance> result = new ArrayList<>();
    for (ElementInstance ei : state.elementInstancesByInstance.getOrDefault(pi.key, List.of())) {
      if (ei.isActive() && ei.element == scope && !ei.multiInstanceBody) {
        result.add(ei);
      }
    }
    return result;
  }

  /** Existing scopes the activations need; none of them may be terminated by the same command. */
  private static Set<Long> requiredScopes(String processId, List<Activation> plans, Set<ElementInstance> toTerminate) {
    Set<Long> required = new HashSet<>();
    Set<Long> terminated = new HashSet<>();
    toTerminate.forEach(t -> terminated.add(t.key));
    for (Activation plan : plans) {
      for (ElementInstance scope = plan.existingScope(); scope != null; scope = scope.flowScope) {
        required.add(scope.key);
        if (terminated.contains(scope.key)) {
          throw invalid(processId, "but it contains one or more activate instructions for elements whose required flow scope instance "
              + "is also being terminated: element '" + plan.element().id + "' requires flow scope instance '" + scope.key
              + "' which is being terminated. Please provide a valid ancestor scope key for the activation or avoid terminating "
              + "the required flow scope.");
        }
      }
    }
    return required;
  }

  /** Whether terminating the targets (and the scopes they leave empty) would end the process instance. */
  private static boolean wouldEnd(ElementInstance pi, Set<ElementInstance> toTerminate, Set<Long> required) {
    Set<ElementInstance> gone = new HashSet<>(toTerminate);
    for (ElementInstance target : toTerminate) {
      if (target == pi) {
        return true;
      }
      for (ElementInstance scope = target.flowScope; scope != null && !required.contains(scope.key); scope = scope.flowScope) {
        if (!gone.containsAll(scope.activeChildren) || scope.pendingJoinTokens() > 0) {
          break;
        }
        gone.add(scope);
      }
    }
    return gone.contains(pi);
  }

  // ---------------------------------------------------------------- execution

  private void activate(ElementInstance pi, Activation activation) {
    if (!activation.globalVariables().isEmpty()) {
      runtime.setLocal(pi, activation.globalVariables());
    }
    for (ElementInstance scope = activation.existingScope(); scope != null; scope = scope.flowScope) {
      Map<String, Object> variables = activation.variablesByScope().get(scope.element.id);
      if (variables != null && !scope.multiInstanceBody) {
        runtime.setLocal(scope, variables);
      }
    }
    ElementInstance parent = activation.existingScope();
    for (ElementModel scopeElement : activation.scopesToCreate()) {
      parent = runtime.enterScopeForModification(scopeElement, parent);
      Map<String, Object> variables = activation.variablesByScope().get(scopeElement.id);
      if (variables != null) {
        runtime.setLocal(parent, variables);
      }
    }
    ElementInstance element = runtime.newElementInstance(activation.element(), parent);
    Map<String, Object> own = activation.variablesByScope().get(activation.element().id);
    if (own != null) {
      runtime.setLocal(element, own);
    }
    runtime.enterLater(element);
  }

  private void terminate(ElementInstance pi, ElementInstance target, Set<Long> required) {
    if (!target.isActive()) {
      return; // already terminated with an earlier instruction's scope
    }
    ElementInstance scope = target.flowScope;
    runtime.terminate(target);
    while (scope != null && scope.isActive() && !required.contains(scope.key)
        && scope.activeChildren.isEmpty() && scope.pendingJoinTokens() == 0) {
      ElementInstance outer = scope.flowScope;
      runtime.terminate(scope);
      scope = outer;
    }
    if (!pi.isActive()) {
      runtime.endedInstances.add(pi);
    }
  }
}
