package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.ProcessModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Variable;

/**
 * The lifecycle every element shares, after Zeebe's BpmnStateTransitionBehavior: activating
 * (input mappings, start listeners, boundary events, then the kind's {@link ElementProcessor}),
 * completing (output mappings, end listeners, taking the outgoing flows, joins, completing the
 * scope when its last child is done) and terminating (children, jobs, incidents, subscriptions).
 * Each step that leads to another element goes on the {@link Agenda}, never deeper on the stack.
 */
final class StateTransitions {

  private final BpmnRuntime rt;

  StateTransitions(BpmnRuntime rt) {
    this.rt = rt;
  }

  ElementInstance newElementInstance(ElementModel element, ElementInstance scope) {
    EngineState state = rt.state();
    ElementInstance ei = new ElementInstance();
    ei.key = state.newKey();
    ei.processInstanceKey = scope.processInstanceKey;
    ei.process = scope.process;
    ei.element = element;
    ei.flowScope = scope;
    ei.startDate = rt.now;
    scope.activeChildren.add(ei);
    state.elementInstances.put(ei.key, ei);
    state.elementInstanceChanged(ei);
    EngineState.index(state.elementInstancesByInstance, ei.processInstanceKey, ei);
    History.afterIndexed(state, ei.processInstanceKey);
    return ei;
  }

  /** Creates an element instance in a scope and enters it after the current step. */
  void activate(ElementModel element, ElementInstance scope) {
    ElementInstance ei = newElementInstance(element, scope);
    rt.enterLater(ei);
  }

  /** Activation: input mappings and the element's behaviour. Re-run when an incident is resolved. */
  void enter(ElementInstance ei) {
    if (!ei.isActive() || rt.listeners.isWaiting(ei)) {
      return;
    }
    if (ElementProcessors.isMultiInstanceBody(ei)) {
      try {
        rt.processors.multiInstanceBody().activate(ei);
      } catch (FeelException e) {
        rt.raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
      }
      return;
    }
    try {
      if (!ei.startListenersDone) { // applied once: the start listeners' continuation comes back here
        rt.variables.applyInputs(ei);
      }
    } catch (FeelException e) {
      rt.raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
      return;
    }
    if (ExecutionListeners.hasStart(ei)) {
      rt.listeners.start(ei, new Continuation.Enter(ei));
      return;
    }
    try {
      if (ei.triggered) {
        leave(ei, ei.eventVariables); // the event that won the race after an event-based gateway
        return;
      }
      rt.events.openBoundaries(ei);
      rt.processors.of(ei).activate(ei);
    } catch (FeelException e) {
      rt.raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
  }

  /** Completion: completion variables, output mappings, then outgoing flows. */
  void leave(ElementInstance ei, Map<String, Object> completionVariables) {
    ElementModel element = ei.element;
    if (completionVariables != null && !completionVariables.isEmpty()) {
      if (element.outputs().isEmpty()) {
        rt.merge(ei, completionVariables);
      } else {
        rt.setLocal(ei, completionVariables);
      }
    }
    finishLeave(ei);
  }

  /** The rest of completion; re-run when an output mapping incident is resolved. */
  void finishLeave(ElementInstance ei) {
    if (!ei.isActive() || rt.listeners.isWaiting(ei)) {
      return;
    }
    if (!ei.endListenersDone && !leaveMappings(ei)) { // once: the end listeners' continuation comes back here
      return;
    }
    if (ExecutionListeners.hasEnd(ei)) {
      rt.listeners.end(ei, new Continuation.FinishLeave(ei));
      return;
    }
    ElementModel element = ei.element;
    rt.timers.cancel(ei);
    rt.messages.close(ei);
    ei.state = ElementInstance.State.COMPLETED;
    ei.endDate = rt.now;
    rt.state().elementInstanceChanged(ei);
    rt.compensation.completed(ei); // compensation hook: subscription, handler done, or instance done
    ElementInstance scope = ei.flowScope;
    if (scope == null) { // a process instance ended
      rt.endedInstances.add(ei);
      rt.startEvents().instanceEnded(ei);
      ElementInstance caller = ei.parentCallActivity;
      if (caller != null && caller.isActive()) {
        rt.later(() -> rt.processors.callActivity().returnFromCall(caller, ei));
      }
      return;
    }
    if (ElementProcessors.isInner(ei)) {
      scope.activeChildren.remove(ei);
      rt.processors.multiInstanceBody().innerCompleted(scope, ei);
      return;
    }
    if (scope.element.kind == ElementKind.AD_HOC_SUB_PROCESS) { // the ad-hoc subprocess decides after each inner flow
      scope.activeChildren.remove(ei);
      rt.adHoc.afterChildCompleted(scope, ei);
      return;
    }
    for (SequenceFlowModel flow : rt.processors.of(ei).flowsOnComplete(ei)) {
      takeFlow(flow, scope);
    }
    if (element.linkTargetId() != null) {
      activate(scope.process.model.element(element.linkTargetId()), scope); // link: jump to the catch event
    }
    scope.activeChildren.remove(ei);
    if (element.terminateEnd()) {
      // as in Zeebe: the end event has completed; the scope completes once every sibling is terminated,
      // which waits for the canceling task listeners of the user tasks among them
      scope.joinTokens.clear();
      // the scope's flow has ended (Zeebe marks it interrupted by the terminate end event): while its
      // siblings' canceling listeners run, its event subprocesses must not start any more
      rt.timers.cancelEventSubprocessStarts(scope);
      rt.messages.closeEventSubprocessStarts(scope);
      rt.canceling.terminateThen(List.copyOf(scope.activeChildren), new Continuation.CompleteScopeWhenEmpty(scope));
      return;
    }
    if (!scope.joinTokens.isEmpty()) {
      rt.later(() -> fireInclusiveJoins(scope)); // a token gone elsewhere may be what a join waited for
    }
    completeWhenEmpty(scope);
  }

  /** Completes the scope after the current step if nothing is left to run in it. */
  void completeWhenEmpty(ElementInstance scope) {
    if (scope.activeChildren.isEmpty() && scope.pendingJoinTokens() == 0 && scope.isActive()) {
      rt.later(() -> {
        if (scope.isActive() && scope.activeChildren.isEmpty() && scope.pendingJoinTokens() == 0) {
          leave(scope, null);
        }
      });
    }
  }

  /** The multi-instance output collection and the output mappings; false after raising the incident that says why not. */
  private boolean leaveMappings(ElementInstance ei) {
    if (AdHocSubProcesses.endsAnAdHocPath(ei)) { // an ad-hoc flow ends: output collection and completion condition
      if (!rt.adHoc.beforeInnerCompletes(ei)) {
        return false;
      }
      if (AdHocSubProcesses.isInnerInstance(ei)) {
        return true;
      }
    }
    ElementModel element = ei.element;
    if (ei.multiInstanceBody && element.loop().outputCollection() != null && ei.flowScope != null) {
      Map<String, Variable> locals = rt.state().variablesByScope.get(ei.key);
      Variable collection = locals == null ? null : locals.get(element.loop().outputCollection());
      Map<String, Object> out = new HashMap<>();
      out.put(element.loop().outputCollection(), collection == null ? List.of() : collection.value);
      rt.merge(ei.flowScope, out);
    }
    if (!element.outputs().isEmpty() && ei.flowScope != null && !ei.multiInstanceBody) {
      try {
        Map<String, Object> outputs = rt.variables.evaluateMappings(element.outputs(), rt.visibleVariables(ei));
        rt.merge(ei.flowScope, outputs);
      } catch (FeelException e) {
        rt.raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.LEAVE);
        return false;
      }
    }
    return true;
  }

  /** Takes a flow: the target is activated, or a joining gateway records a token and waits. */
  private void takeFlow(SequenceFlowModel flow, ElementInstance scope) {
    noteTaken(scope, flow);
    ElementModel target = scope.process.model.element(flow.targetId());
    if (target.kind == ElementKind.INCLUSIVE_GATEWAY && target.incoming().size() > 1) {
      // the join decides once the current step is done, when every element still able to reach it is known
      scope.joinTokens.merge(flow.id(), 1, Integer::sum);
      return;
    }
    if (target.kind == ElementKind.PARALLEL_GATEWAY && target.incoming().size() > 1) {
      scope.joinTokens.merge(flow.id(), 1, Integer::sum);
      for (String incoming : target.incoming()) {
        if (scope.joinTokens.getOrDefault(incoming, 0) == 0) {
          return; // the join waits for a token on every incoming flow
        }
      }
      for (String incoming : target.incoming()) {
        scope.joinTokens.computeIfPresent(incoming, (k, v) -> v == 1 ? null : v - 1);
      }
    }
    activate(target, scope);
  }

  /**
   * Activates each inclusive join of a scope that holds tokens and can get no more: no active element
   * and no token waiting at another join of the scope can still reach one of its incoming flows that
   * has no token yet. Consumes one token per incoming flow that has one (Zeebe's converging rule).
   */
  private void fireInclusiveJoins(ElementInstance scope) {
    if (!scope.isActive() || scope.joinTokens.isEmpty()) {
      return;
    }
    ProcessModel model = scope.process.model;
    for (ElementModel gateway : InclusiveJoin.waitingGateways(model, scope.joinTokens)) {
      if (!InclusiveJoin.canFire(model, gateway, scope)) {
        continue;
      }
      for (String incoming : gateway.incoming()) {
        scope.joinTokens.computeIfPresent(incoming, (k, v) -> v == 1 ? null : v - 1);
      }
      activate(gateway, scope);
    }
  }

  /** Terminates an element instance and everything below it: jobs, user tasks, incidents. */
  void terminate(ElementInstance ei) {
    if (!ei.isActive()) {
      return;
    }
    for (ElementInstance child : List.copyOf(ei.activeChildren)) {
      terminate(child);
    }
    ei.joinTokens.clear();
    rt.processors.of(ei).terminate(ei);
    rt.jobs.cancel(ei);
    rt.incidents.resolveOf(ei);
    rt.listeners.cancel(ei);
    rt.timers.cancel(ei);
    rt.messages.close(ei);
    ei.state = ElementInstance.State.TERMINATED;
    ei.endDate = rt.now;
    rt.state().elementInstanceChanged(ei);
    rt.compensation.terminated(ei); // compensation hook: what completed inside can't be compensated any more
    if (ei.flowScope != null) {
      ei.flowScope.activeChildren.remove(ei);
    } else {
      rt.startEvents().instanceEnded(ei);
    }
  }

  /** Records a taken flow once (searches list each flow taken; a loop must not grow the list). */
  void noteTaken(ElementInstance scope, SequenceFlowModel flow) {
    List<String> taken = rt.state().takenFlows.computeIfAbsent(scope.processInstanceKey, k -> new ArrayList<>());
    if (!taken.contains(flow.id())) {
      taken.add(flow.id());
    }
  }
}
