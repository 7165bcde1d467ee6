package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;

/** The process instance commands "create" (at the none start event or at start instructions) and "cancel". */
final class ProcessInstanceCommands {

  private final BpmnRuntime rt;

  ProcessInstanceCommands(BpmnRuntime rt) {
    this.rt = rt;
  }

  DeployedProcess findProcess(EngineCommand.CreateProcessInstance command) {
    Long key = command.processDefinitionKey();
    if (key != null) {
      DeployedProcess process = rt.state().processesByKey.get(key);
      if (process == null) {
        throw EngineException.notFound(
            "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '" + key + "', but none found");
      }
      return process;
    }
    String id = command.processDefinitionId();
    if (id == null || id.isBlank()) {
      throw EngineException.invalidArgument("No processDefinitionId or processDefinitionKey provided.");
    }
    Long version = command.processDefinitionVersion();
    List<DeployedProcess> versions = rt.state().processesById.getOrDefault(id, List.of());
    if (version == null || version < 0) {
      if (versions.isEmpty()) {
        throw EngineException.notFound(
            "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '" + id + "', but none found");
      }
      return versions.get(versions.size() - 1);
    }
    for (DeployedProcess process : versions) {
      if (process.version == version) {
        return process;
      }
    }
    throw EngineException.notFound(
        "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '" + id + "' and version '" + version + "', but none found");
  }

  JsonNode create(EngineCommand.CreateProcessInstance command) {
    DeployedProcess process = findProcess(command);
    Map<String, Object> variables = Json.variables(command.variables());
    List<String> startElementIds = command.startElementIds() == null ? List.of() : command.startElementIds();
    if (!startElementIds.isEmpty()) {
      for (String elementId : startElementIds) {
        if (!process.model.hasElement(elementId)) {
          throw EngineException.invalidArgument("Expected to find element with id '" + elementId + "' in process '" + process.processId + "', but none found");
        }
        String adHocRefusal = AdHocSubProcesses.instructionRefusal(process.model, elementId);
        if (adHocRefusal != null) {
          throw EngineException.invalidArgument("Expected to start the process instance at element '" + elementId + "', but: " + adHocRefusal);
        }
      }
    }
    boolean instructed = !startElementIds.isEmpty();
    if (!instructed && process.model.process().noneStartEventId() == null) {
      throw EngineException.invalidState(
          "Command 'CREATE' rejected with code 'INVALID_STATE': Expected to create instance of process with none start event, but there is no such event");
    }
    List<String> tags = command.tags() == null ? List.of() : command.tags();
    ElementInstance pi = rt.newProcessInstance(process, variables);
    pi.tags = List.copyOf(tags);
    pi.businessId = command.businessId();
    // the process's start listeners first
    rt.listeners.start(pi, new Continuation.StartInstance(pi, instructed ? List.copyOf(startElementIds) : null));
    rt.run();
    return Views.created(pi, null);
  }

  /** For start instructions: activates the enclosing subprocesses of a target without their start events. */
  static ElementInstance ensureScopes(BpmnRuntime rt, ElementInstance pi, ElementModel target) {
    List<ElementModel> chain = new ArrayList<>();
    ElementModel scope = pi.process.model.element(target.scopeId);
    while (scope.kind != ElementKind.PROCESS) {
      chain.add(0, scope);
      scope = pi.process.model.element(scope.scopeId);
    }
    ElementInstance current = pi;
    for (ElementModel sub : chain) {
      ElementInstance existing = null;
      for (ElementInstance child : current.activeChildren) {
        if (child.element == sub) {
          existing = child;
        }
      }
      if (existing == null) {
        existing = rt.newElementInstance(sub, current);
        rt.variables.applyInputs(existing);
      }
      current = existing;
    }
    return current;
  }

  JsonNode cancel(EngineCommand.CancelProcessInstance command) {
    long key = command.processInstanceKey();
    ElementInstance pi = rt.state().processInstances.get(key);
    if (pi == null) {
      throw EngineException.notFound(
          "Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '" + key + "', but no such process instance was found");
    }
    if (!pi.isActive()) {
      throw EngineException.notFound(
          "Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '" + key + "', but it is not active");
    }
    if (rt.canceling.isTerminating(pi)) { // Zeebe: a terminating instance can't be terminated again
      throw EngineException.notFound(
          "Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '" + key + "', but no such process instance was found");
    }
    if (pi.parentCallActivity != null) {
      throw EngineException.invalidState(
          "Command 'CANCEL' rejected with code 'INVALID_STATE': Expected to cancel a process instance with key '" + key
              + "', but it is created by a parent process instance. Cancel the root process instance '" + BpmnRuntime.rootOf(pi).key + "' instead.");
    }
    rt.canceling.terminateThen(List.of(pi), new Continuation.InstanceEnded(pi)); // canceling task listeners first
    rt.run(); // a buffered message may start the next instance for a freed correlation key
    return null;
  }
}
