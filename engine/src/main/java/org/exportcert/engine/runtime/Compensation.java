package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.CompensationSubscription;
import org.exportcert.engine.state.ElementInstance;

/**
 * Compensation as Zeebe 8.8 runs it (docs "Compensation events", "Compensation handler"):
 * <ul>
 *   <li>An activity with a compensation boundary event leaves a subscription when it completes
 *       (a multi-instance activity once, for its body); a subprocess or multi-instance body leaves
 *       one when subscriptions remain inside it, so nested handlers stay reachable.</li>
 *   <li>A compensation intermediate throw or end event triggers every untriggered subscription of
 *       its scope (inside an event subprocess: of the event subprocess and of the scope around
 *       it), or with {@code activityRef} only those of that activity, and from there everything
 *       nested in the triggered subprocesses. For each one with a handler the boundary event is
 *       activated and completed and the handler activated, all at once, in the throw event's flow
 *       scope (so handlers see and update that scope's variables).</li>
 *   <li>The throw event waits until every handler it started has completed, then completes; with
 *       nothing to compensate it completes at once. Active and terminated activities are not
 *       compensated; a terminated subprocess takes its subscriptions with it; a subscription is
 *       triggered at most once; call activities are a boundary (a child's handlers never run).</li>
 * </ul>
 * Subscriptions live in {@code EngineState}, so journal replay and purge treat them like the rest.
 * Three hooks call it: {@link ThrowEventProcessor} ({@link #throwEvent}) and {@link StateTransitions}
 * when an element instance completes ({@link #completed}) or is terminated ({@link #terminated}).
 */
final class Compensation {

  private final BpmnRuntime rt;

  Compensation(BpmnRuntime rt) {
    this.rt = rt;
  }

  private List<CompensationSubscription> subscriptions(long processInstanceKey) {
    return rt.state().compensationSubscriptions.getOrDefault(processInstanceKey, List.of());
  }

  // ------------------------------------------------------------------ hooks

  /** Hook: a compensation throw or end event is entered (after its inputs and start listeners). */
  void throwEvent(ElementInstance thrower) {
    String activityRef = thrower.element.compensationActivityRef();
    List<Long> scopes = new ArrayList<>();
    ElementInstance scope = thrower.flowScope;
    scopes.add(scope.key);
    if (scope.element.kind == ElementKind.EVENT_SUB_PROCESS && scope.flowScope != null) {
      scopes.add(scope.flowScope.key); // from an event subprocess: the scope around it too
    }
    List<CompensationSubscription> untriggered = new ArrayList<>();
    for (CompensationSubscription s : subscriptions(thrower.processInstanceKey)) {
      if (!s.isTriggered()) {
        untriggered.add(s);
      }
    }
    List<CompensationSubscription> direct = new ArrayList<>();
    for (CompensationSubscription s : untriggered) {
      if (scopes.contains(s.scopeKey) && (activityRef == null || activityRef.equals(s.activityId))) {
        direct.add(s);
      }
    }
    if (direct.isEmpty()) {
      rt.complete(thrower, null); // nothing completed to compensate: the event goes on
      return;
    }
    // most recently completed first; Zeebe starts them all at once, this only fixes the key order
    for (int i = direct.size() - 1; i >= 0; i--) {
      trigger(thrower, direct.get(i), untriggered);
    }
    if (!hasOpen(thrower)) {
      rt.later(() -> completeThrower(thrower)); // only scopes without handlers were reached
    }
  }

  /** Hook: an element instance has just completed (state COMPLETED, before its flows are taken). */
  void completed(ElementInstance ei) {
    if (ei.flowScope == null) {
      rt.state().compensationSubscriptions.remove(ei.processInstanceKey); // the instance is done
      return;
    }
    CompensationSubscription handled = byHandler(ei);
    if (handled != null) {
      handlerCompleted(handled);
      return;
    }
    boolean inner = isInner(ei);
    ElementModel boundary = inner ? null : ei.element.compensationBoundary();
    // a subprocess, multi-instance body (or any other container but an event subprocess, as in
    // Zeebe) with compensable activities inside stays reachable for a throw event outside it
    boolean container = ei.element.kind != ElementKind.EVENT_SUB_PROCESS && hasInScope(ei.processInstanceKey, ei.key);
    if (boundary == null && !container) {
      return;
    }
    CompensationSubscription s = new CompensationSubscription();
    s.key = rt.state().newKey();
    s.processInstanceKey = ei.processInstanceKey;
    s.activityId = ei.element.id;
    s.activityInstanceKey = ei.key;
    s.scopeKey = ei.flowScope.key;
    s.handlerId = boundary == null ? null : boundary.compensationHandlerId();
    rt.state().compensationSubscriptions.computeIfAbsent(ei.processInstanceKey, k -> new ArrayList<>()).add(s);
  }

  /** Hook: an element instance was terminated; what completed inside it can no longer be compensated. */
  void terminated(ElementInstance ei) {
    if (ei.flowScope == null) {
      rt.state().compensationSubscriptions.remove(ei.processInstanceKey);
      return;
    }
    List<CompensationSubscription> all = rt.state().compensationSubscriptions.get(ei.processInstanceKey);
    if (all != null && !all.isEmpty()) {
      removeWithin(all, ei.key);
    }
  }

  // ------------------------------------------------------------------ behaviour

  private void trigger(ElementInstance thrower, CompensationSubscription s, List<CompensationSubscription> untriggered) {
    s.throwEvent = thrower;
    org.exportcert.engine.model.ProcessModel model = thrower.process.model;
    ElementModel boundary = model.hasElement(s.activityId) ? model.element(s.activityId).compensationBoundary() : null;
    if (boundary == null || !model.hasElement(s.handlerId == null ? "" : s.handlerId)) {
      s.handlerId = null; // e.g. migrated to a version without this handler: nothing left to run
    }
    if (s.handlerId != null) {
      ElementInstance scope = thrower.flowScope;
      // the boundary event is activated and completed at once (Zeebe writes the four records)
      ElementInstance boundaryInstance = rt.newElementInstance(boundary, scope);
      boundaryInstance.state = ElementInstance.State.COMPLETED;
      boundaryInstance.endDate = rt.now;
      rt.state().elementInstanceChanged(boundaryInstance);
      scope.activeChildren.remove(boundaryInstance);
      ElementInstance handler = rt.newElementInstance(thrower.process.model.element(s.handlerId), scope);
      s.handlerInstanceKey = handler.key;
      rt.enterLater(handler);
    }
    for (CompensationSubscription nested : untriggered) {
      if (!nested.isTriggered() && nested.scopeKey == s.activityInstanceKey) {
        trigger(thrower, nested, untriggered); // into the subprocess, top to bottom
      }
    }
  }

  private void handlerCompleted(CompensationSubscription s) {
    List<CompensationSubscription> all = rt.state().compensationSubscriptions.get(s.processInstanceKey);
    all.remove(s);
    completeEmptyScopes(all, s.scopeKey);
    ElementInstance thrower = s.throwEvent;
    if (!hasOpen(thrower)) {
      rt.later(() -> completeThrower(thrower));
    }
  }

  /** A triggered subprocess subscription without handler is done once nothing inside it is left. */
  private void completeEmptyScopes(List<CompensationSubscription> all, long scopeKey) {
    for (CompensationSubscription s : all) {
      if (s.scopeKey == scopeKey) {
        return;
      }
    }
    for (CompensationSubscription s : List.copyOf(all)) {
      if (s.activityInstanceKey == scopeKey && s.handlerId == null && s.isTriggered()) {
        all.remove(s);
        completeEmptyScopes(all, s.scopeKey);
      }
    }
  }

  private void completeThrower(ElementInstance thrower) {
    if (thrower.isActive() && !hasOpen(thrower)) {
      removeTriggeredBy(thrower);
      rt.complete(thrower, null);
    }
  }

  /** True while a handler started by this throw event has not completed. */
  private boolean hasOpen(ElementInstance thrower) {
    for (CompensationSubscription s : subscriptions(thrower.processInstanceKey)) {
      if (s.throwEvent == thrower && s.handlerId != null) {
        return true;
      }
    }
    return false;
  }

  private void removeTriggeredBy(ElementInstance thrower) {
    List<CompensationSubscription> all = rt.state().compensationSubscriptions.get(thrower.processInstanceKey);
    if (all != null) {
      all.removeIf(s -> s.throwEvent == thrower);
    }
  }

  private CompensationSubscription byHandler(ElementInstance ei) {
    if (!ei.element.forCompensation() || isInner(ei)) {
      return null;
    }
    for (CompensationSubscription s : subscriptions(ei.processInstanceKey)) {
      if (s.handlerInstanceKey != null && s.handlerInstanceKey == ei.key) {
        return s;
      }
    }
    return null;
  }

  private boolean hasInScope(long processInstanceKey, long scopeKey) {
    for (CompensationSubscription s : subscriptions(processInstanceKey)) {
      if (s.scopeKey == scopeKey) {
        return true;
      }
    }
    return false;
  }

  private static void removeWithin(List<CompensationSubscription> all, long scopeKey) {
    for (CompensationSubscription s : List.copyOf(all)) {
      if (s.scopeKey == scopeKey && all.remove(s)) {
        removeWithin(all, s.activityInstanceKey);
      }
    }
  }

  /** An inner instance (of a multi-instance activity, say): the boundary events belong to the instance around it. */
  private static boolean isInner(ElementInstance ei) {
    return ei.flowScope != null && ei.flowScope.element == ei.element;
  }
}
