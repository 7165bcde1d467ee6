package org.exportcert.engine.runtime;

import java.util.Map;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.TimerSpec;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Timer;

/**
 * Timers of waiting elements (catch events, boundary events, event subprocess starts, event-based
 * gateways): scheduling, cancelling, and what a due timer does. Due timers fire by the journaled
 * "trigger-timers" command, so replay fires them at the same moments.
 */
final class TimerSubscriptions {

  private final BpmnRuntime rt;

  TimerSubscriptions(BpmnRuntime rt) {
    this.rt = rt;
  }

  void schedule(ElementInstance owner, ElementModel event) {
    TimerSpec spec = event.timer();
    Map<String, Object> variables = rt.visibleVariables(owner);
    Timer timer = new Timer();
    timer.owner = owner;
    timer.event = event;
    long now = rt.now;
    try {
      if (spec.duration() != null) {
        timer.dueDate = TimeExpressions.addDuration(now, timeValue(rt.feel().evaluateValue(spec.duration(), variables), spec.duration()));
        timer.repetitions = 0;
      } else if (spec.date() != null) {
        timer.dueDate = TimeExpressions.parseDate(timeValue(rt.feel().evaluateValue(spec.date(), variables), spec.date()));
        timer.repetitions = 0;
      } else {
        TimeExpressions.Schedule schedule = TimeExpressions.parseCycle(now, timeValue(rt.feel().evaluateValue(spec.cycle(), variables), spec.cycle()));
        timer.dueDate = schedule.firstDue();
        timer.repetitions = schedule.repetitions();
        timer.interval = schedule.interval();
      }
    } catch (IllegalArgumentException e) {
      throw new FeelException("Expected a valid timer for '" + event.id + "': " + e.getMessage());
    }
    timer.key = rt.state().newKey();
    owner.ownTimer(timer.key);
    add(timer);
  }

  private static String timeValue(Object value, String expression) {
    if (value == null) {
      throw new IllegalArgumentException("expression '" + expression + "' evaluated to null");
    }
    return String.valueOf(value);
  }

  /** Adds a timer and wakes the processor for it. */
  void add(Timer timer) {
    rt.state().timers.put(timer.key, timer);
    if (timer.dueDate < rt.nextTimerDue) {
      rt.nextTimerDue = timer.dueDate;
    }
  }

  void cancel(ElementInstance ei) {
    for (Long key : ei.timerKeys) {
      Timer timer = rt.state().timers.remove(key);
      if (timer != null) {
        timer.state = Timer.State.CANCELED;
      }
    }
    ei.releaseTimers();
  }

  /** Cancels the scope's event subprocess start timers only (its boundary timers stay). */
  void cancelEventSubprocessStarts(ElementInstance scope) {
    for (Long key : java.util.List.copyOf(scope.timerKeys)) {
      Timer timer = rt.state().timers.get(key);
      if (timer != null && timer.event.kind == ElementKind.START_EVENT) {
        rt.state().timers.remove(key);
        timer.state = Timer.State.CANCELED;
        scope.releaseTimer(key);
      }
    }
  }

  /** Fires every timer due at the command's time, earliest first. */
  void fireDue() {
    while (true) {
      Timer due = null;
      for (Timer timer : rt.state().timers.values()) {
        if (timer.dueDate <= rt.now && (due == null || timer.dueDate < due.dueDate)) {
          due = timer;
        }
      }
      if (due == null) {
        break;
      }
      fire(due);
      rt.run();
    }
    recomputeNextDue();
  }

  private void fire(Timer timer) {
    ElementInstance owner = timer.owner;
    if (owner == null) {
      rt.startEvents().fireStartTimer(timer);
      return;
    }
    if (!owner.isActive()) {
      rt.state().timers.remove(timer.key);
      return;
    }
    if (owner.element.kind == ElementKind.EVENT_BASED_GATEWAY) {
      consume(timer);
      rt.events.passGateway(owner, timer.event, null);
      return;
    }
    if (timer.event.kind == ElementKind.INTERMEDIATE_CATCH_EVENT) {
      consume(timer);
      rt.leave(owner, null);
      return;
    }
    // boundary timer or event subprocess start timer; a non-interrupting cycle stays for its next repetition
    if (timer.repetitions != 0 && !timer.event.interrupting()) {
      timer.dueDate = TimeExpressions.nextDue(timer.dueDate, timer.interval);
      if (timer.repetitions > 0) {
        timer.repetitions--;
      }
    } else {
      consume(timer);
    }
    if (timer.event.kind == ElementKind.START_EVENT) {
      rt.events.startEventSubprocess(owner, timer.event, null);
      return;
    }
    rt.events.fireBoundary(owner, timer.event, timer.event.interrupting(), null, null);
  }

  private void consume(Timer timer) {
    rt.state().timers.remove(timer.key);
    timer.owner.releaseTimer(timer.key);
    timer.state = Timer.State.TRIGGERED;
  }

  void recomputeNextDue() {
    long next = Long.MAX_VALUE;
    for (Timer timer : rt.state().timers.values()) {
      next = Math.min(next, timer.dueDate);
    }
    rt.nextTimerDue = next;
  }
}
