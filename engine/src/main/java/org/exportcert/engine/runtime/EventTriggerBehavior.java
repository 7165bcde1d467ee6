package org.exportcert.engine.runtime;

import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;

/**
 * What happens when an event is triggered, whatever triggered it (message, timer, signal, error,
 * escalation): a boundary event fires, an event subprocess starts, an event-based gateway passes.
 * Also opens the triggers an activity or scope waits on (boundary events, event subprocess starts).
 * A new trigger kind opens its subscriptions in {@link #openBoundaries} / {@link #openEventSubprocesses}
 * and reacts through {@link #fireBoundary} and {@link #startEventSubprocess}.
 */
final class EventTriggerBehavior {

  private final BpmnRuntime rt;

  EventTriggerBehavior(BpmnRuntime rt) {
    this.rt = rt;
  }

  /** Opens an activity's timer, message and signal boundary events (once: not again on re-entry after an incident). */
  void openBoundaries(ElementInstance ei) {
    if (ElementProcessors.isInner(ei)) {
      return; // the multi-instance body holds them
    }
    ElementModel element = ei.element;
    if (ei.timerKeys.isEmpty()) {
      for (ElementModel boundary : element.timerBoundaries()) {
        rt.timers.schedule(ei, boundary);
      }
    }
    if (ei.subscriptionKeys.isEmpty()) {
      for (ElementModel boundary : element.messageBoundaries()) {
        rt.messages.subscribe(ei, boundary);
      }
    }
    if (ei.signalSubscriptionKeys.isEmpty()) {
      for (ElementModel boundary : element.signalBoundaries()) {
        rt.signals.subscribe(ei, boundary);
      }
    }
  }

  /** Opens one boundary event's subscription (timer, message or signal) on an active element (migration). */
  void openBoundary(ElementInstance owner, ElementModel boundary) {
    if (boundary.timer() != null) {
      rt.timers.schedule(owner, boundary);
    } else if (boundary.signalName() != null) {
      rt.signals.subscribe(owner, boundary);
    } else if (boundary.messageName() != null) {
      rt.messages.subscribe(owner, boundary);
    }
  }

  /** Opens the message, timer and signal start triggers of a scope's event subprocesses (owned by the scope). */
  void openEventSubprocesses(ElementInstance scope) {
    if (scope.eventSubprocessesOpened) {
      return;
    }
    scope.eventSubprocessesOpened = true;
    for (ElementModel sub : scope.element.eventSubprocesses()) {
      ElementModel start = scope.process.model.element(sub.noneStartEventId());
      if (start.timer() != null) {
        rt.timers.schedule(scope, start);
      } else if (start.messageName() != null) {
        rt.messages.subscribe(scope, start);
      } else if (start.signalName() != null) {
        rt.signals.subscribe(scope, start);
      }
    }
  }

  /**
   * A boundary event attached to {@code attachedTo} fires: an interrupting one terminates the
   * activity (and everything in it) first; the event then runs in the activity's flow scope with
   * the trigger's variables (as locals, or as completion variables).
   */
  void fireBoundary(ElementInstance attachedTo, ElementModel boundary, boolean interrupting,
      Map<String, Object> localVariables, Map<String, Object> eventVariables) {
    ElementInstance scope = attachedTo.flowScope;
    Continuation fire = new Continuation.FireBoundary(scope, boundary, localVariables, eventVariables);
    if (interrupting) {
      rt.canceling.terminateThen(List.of(attachedTo), fire); // canceling task listeners first
    } else {
      fire.run(rt);
    }
  }

  /** Starts an event subprocess in its scope; an interrupting one first terminates everything else there. */
  void startEventSubprocess(ElementInstance scope, ElementModel start, Map<String, Object> variables) {
    if (!scope.isActive()) {
      return;
    }
    if (start.interrupting() || start.errorStart()) {
      scope.joinTokens.clear();
      rt.timers.cancel(scope);
      rt.messages.close(scope);
      rt.canceling.terminateThen(List.copyOf(scope.activeChildren), // canceling task listeners first
          new Continuation.OpenEventSubprocess(scope, start, variables));
      return;
    }
    openEventSubprocess(scope, start, variables);
  }

  void openEventSubprocess(ElementInstance scope, ElementModel start, Map<String, Object> variables) {
    ElementInstance sub = rt.newElementInstance(scope.process.model.element(start.scopeId), scope);
    ElementInstance startInstance = rt.newElementInstance(start, sub);
    startInstance.triggered = true;
    startInstance.eventVariables = variables;
    rt.listeners.start(sub, new Continuation.EnterLater(startInstance));
  }

  /** The first event after an event-based gateway happened: the gateway completes, that event follows. */
  void passGateway(ElementInstance gateway, ElementModel event, Map<String, Object> variables) {
    rt.timers.cancel(gateway);
    rt.messages.close(gateway);
    ElementInstance scope = gateway.flowScope;
    gateway.state = ElementInstance.State.COMPLETED;
    gateway.endDate = rt.now;
    rt.state().elementInstanceChanged(gateway);
    for (SequenceFlowModel flow : gateway.element.outgoing()) {
      if (flow.targetId().equals(event.id)) {
        rt.flow.noteTaken(scope, flow);
      }
    }
    ElementInstance next = rt.newElementInstance(event, scope);
    scope.activeChildren.remove(gateway);
    next.triggered = true;
    next.eventVariables = variables;
    rt.enterLater(next);
  }

  /**
   * A BPMN error thrown by a job's worker or an error end event: caught by the nearest error event
   * subprocess or error boundary event ({@link CatcherLookup}); uncaught it raises
   * UNHANDLED_ERROR_EVENT on the thrower.
   */
  void throwError(ElementInstance thrower, String code, String message, Map<String, Object> variables, Job job) {
    CatcherLookup.Catcher catcher = CatcherLookup.find(thrower, CatcherLookup.ThrowKind.ERROR, code);
    if (catcher == null) {
      if (job != null) {
        job.state = Job.State.ERROR_THROWN;
        rt.state().jobChanged(job);
      }
      rt.raiseIncident(thrower, "UNHANDLED_ERROR_EVENT",
          "Expected to throw an error event with the code '" + code + "' with message '" + (message == null ? "" : message)
              + "', but it was not caught. No error events are available in the scope.",
          job, job != null ? Incident.Retry.JOB : Incident.Retry.ENTER);
      return;
    }
    if (job != null) {
      rt.state().closeJob(job);
      job.state = Job.State.COMPLETED; // so terminating the task does not cancel it
    }
    if (catcher.eventSubprocessStart() != null) {
      startEventSubprocess(catcher.scope(), catcher.eventSubprocessStart(), variables);
    } else {
      fireBoundary(catcher.scope(), catcher.boundary(), true, variables, null); // error variables become the event's locals
    }
    if (job != null) {
      job.state = Job.State.ERROR_THROWN;
      rt.state().jobChanged(job);
    }
  }

  /**
   * An escalation thrown by an intermediate throw or end event: caught like an error
   * ({@link CatcherLookup}). Interrupting catches terminate their scope (the thrower with it);
   * non-interrupting ones start alongside. Uncaught, nothing happens (Zeebe's rule).
   */
  void escalate(ElementInstance thrower, String code) {
    CatcherLookup.Catcher catcher = CatcherLookup.find(thrower, CatcherLookup.ThrowKind.ESCALATION, code);
    if (catcher == null) {
      return;
    }
    if (catcher.eventSubprocessStart() != null) {
      startEventSubprocess(catcher.scope(), catcher.eventSubprocessStart(), null);
    } else {
      fireBoundary(catcher.scope(), catcher.boundary(), catcher.boundary().interrupting(), null, null);
    }
  }
}
