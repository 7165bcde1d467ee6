package org.exportcert.engine.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Variable;

/**
 * Call activities: start an instance of the called process (latest version) with the caller's
 * variables; the child's end completes the caller with the child's variables; terminating the
 * caller terminates the child.
 */
final class CallActivityProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  CallActivityProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    EngineState state = rt.state();
    ElementModel element = ei.element;
    Map<String, Object> variables = rt.visibleVariables(ei);
    Object processId = rt.feel().evaluateValue(element.calledProcessId(), variables);
    DeployedProcess called = processId == null ? null : state.latest(String.valueOf(processId));
    if (called == null) {
      rt.raiseIncident(ei, "CALLED_ELEMENT_ERROR",
          "Expected process with BPMN process id '" + processId + "' to be deployed, but not found.", null, Incident.Retry.ENTER);
      return;
    }
    ElementInstance child = new ElementInstance();
    child.key = state.newKey();
    child.processInstanceKey = child.key;
    child.process = called;
    child.element = called.model.process();
    child.startDate = rt.now;
    child.parentCallActivity = ei;
    child.tags = BpmnRuntime.rootOf(ei).tags;
    state.elementInstances.put(child.key, child);
    state.processInstances.put(child.key, child);
    state.elementInstanceChanged(child);
    EngineState.index(state.elementInstancesByInstance, child.key, child);
    EngineState.index(state.childInstances, ei.processInstanceKey, child.key);
    ei.calledInstanceKey = child.key;
    Map<String, Object> passed = new LinkedHashMap<>();
    if (element.propagateAllParentVariables()) {
      passed.putAll(variables);
    } else {
      Map<String, Variable> locals = state.variablesByScope.get(ei.key);
      if (locals != null) {
        locals.values().forEach(v -> passed.put(v.name, v.value));
      }
    }
    rt.setLocal(child, passed);
    rt.events.openEventSubprocesses(child);
    rt.listeners.start(child, new Continuation.StartCalled(called, child));
  }

  @Override
  public void terminate(ElementInstance ei) {
    if (ei.calledInstanceKey == null) {
      return;
    }
    ElementInstance child = rt.state().processInstances.get(ei.calledInstanceKey);
    if (child != null && child.isActive()) {
      rt.terminate(child);
      rt.endedInstances.add(child);
    }
  }

  /** The called instance ended: the caller completes, taking the child's variables when it propagates them. */
  void returnFromCall(ElementInstance caller, ElementInstance child) {
    if (!caller.isActive()) {
      return;
    }
    Map<String, Object> childVariables = new LinkedHashMap<>();
    Map<String, Variable> root = rt.state().variablesByScope.get(child.key);
    if (root != null) {
      root.values().forEach(v -> childVariables.put(v.name, v.value));
    }
    boolean propagate = caller.element.propagateAllChildVariables() || !caller.element.outputs().isEmpty();
    rt.leave(caller, propagate ? childVariables : null);
  }
}
