package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.BufferedMessage;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Timer;

/**
 * A process's message, timer and signal start events. As in Zeebe they belong to the latest version
 * of a process id: deploying a new version closes the old version's start triggers and opens its own.
 * Message and signal starts need no state of their own (the latest version is looked up when a
 * message or signal arrives); timer starts are timers without an owner instance.
 *
 * <p>Message start rules (Camunda docs, "Message events" / "Messages"): a message is correlated to a
 * start event at most once per process id; with a correlation key, no new instance is created while
 * an instance of that process created by a message with the same key is active; when that instance
 * ends, a buffered message with the key and a start event's name starts the next one. Messages
 * published before the process was deployed are not correlated to its start events.
 */
final class StartEvents {

  private final BpmnRuntime runtime;

  StartEvents(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  private EngineState state() {
    return runtime.state();
  }

  /** A new version was deployed: the previous version's timer starts are cancelled, its own are scheduled. */
  void deployed(DeployedProcess process) {
    state().timers.values().removeIf(timer -> {
      boolean old = timer.startProcess != null && timer.startProcess.processId.equals(process.processId);
      if (old) {
        timer.state = Timer.State.CANCELED;
      }
      return old;
    });
    for (ElementModel start : process.model.process().eventStarts()) {
      if (start.timer() != null) {
        schedule(process, start);
      }
    }
    runtime.recomputeNextTimerDue();
  }

  private void schedule(DeployedProcess process, ElementModel start) {
    Timer timer = new Timer();
    timer.startProcess = process;
    timer.event = start;
    if (start.timer().date() != null) {
      timer.dueDate = TimeExpressions.parseDate(staticOrFeel(start.timer().date()));
      timer.repetitions = 0;
    } else {
      TimeExpressions.Schedule schedule = TimeExpressions.parseCycle(runtime.now, staticOrFeel(start.timer().cycle()));
      timer.dueDate = schedule.firstDue();
      timer.repetitions = schedule.repetitions();
      timer.interval = schedule.interval();
    }
    timer.key = state().newKey();
    runtime.addTimer(timer);
  }

  /** A start timer's value may be FEEL without variables (e.g. a date computed from now()). */
  private String staticOrFeel(String value) {
    Object result = runtime.feel().evaluateValue(value, Map.of());
    return String.valueOf(result);
  }

  /** A timer start fired: a new instance of its version starts there; a cycle goes on. */
  void fireStartTimer(Timer timer) {
    if (timer.repetitions != 0) {
      timer.dueDate = TimeExpressions.nextDue(timer.dueDate, timer.interval);
      if (timer.repetitions > 0) {
        timer.repetitions--;
      }
    } else {
      state().timers.remove(timer.key);
      timer.state = Timer.State.TRIGGERED;
    }
    ElementInstance pi = runtime.newProcessInstance(timer.startProcess, Map.of());
    runtime.startAtEvent(pi, timer.event, null);
  }

  /** Latest versions of all process ids, in deployment order (deterministic for replay). */
  private List<DeployedProcess> latestVersions() {
    List<DeployedProcess> result = new ArrayList<>();
    for (DeployedProcess process : state().processesByKey.values()) {
      if (state().latest(process.processId) == process) {
        result.add(process);
      }
    }
    return result;
  }

  private static ElementModel messageStart(DeployedProcess process, String name) {
    for (ElementModel start : process.model.process().eventStarts()) {
      if (name.equals(start.messageName())) {
        return start;
      }
    }
    return null;
  }

  private static String activeKey(String processId, String correlationKey) {
    return processId + "\u0000" + correlationKey;
  }

  private boolean blocked(DeployedProcess process, BufferedMessage message) {
    return message.startedProcesses.contains(process.processId)
        || (!message.correlationKey.isEmpty()
            && state().messageStartedInstances.containsKey(activeKey(process.processId, message.correlationKey)));
  }

  /** True when the message would start at least one instance now. */
  boolean canCorrelate(BufferedMessage message) {
    for (DeployedProcess process : latestVersions()) {
      if (messageStart(process, message.name) != null && !blocked(process, message)) {
        return true;
      }
    }
    return false;
  }

  /** Starts an instance of every process whose latest version has a start event for the message, unless blocked. */
  List<ElementInstance> correlate(BufferedMessage message) {
    List<ElementInstance> started = new ArrayList<>();
    for (DeployedProcess process : latestVersions()) {
      ElementModel start = messageStart(process, message.name);
      if (start != null && !blocked(process, message)) {
        started.add(start(process, start, message));
      }
    }
    return started;
  }

  private ElementInstance start(DeployedProcess process, ElementModel start, BufferedMessage message) {
    message.startedProcesses.add(process.processId);
    ElementInstance pi = runtime.newProcessInstance(process, Map.of());
    message.correlatedInstances.add(pi.key); // its own catch events don't get the same message again
    if (!message.correlationKey.isEmpty()) {
      pi.startCorrelationKey = message.correlationKey;
      state().messageStartedInstances.put(activeKey(process.processId, message.correlationKey), pi.key);
    }
    runtime.startAtEvent(pi, start, message.variables);
    runtime.run();
    return pi;
  }

  /** A process instance ended: its correlation key is free again; a buffered message with it may start the next one. */
  void instanceEnded(ElementInstance pi) {
    if (pi.startCorrelationKey == null) {
      return;
    }
    String processId = pi.process.processId;
    String key = pi.startCorrelationKey;
    state().messageStartedInstances.remove(activeKey(processId, key), pi.key);
    runtime.later(() -> {
      DeployedProcess latest = state().latest(processId);
      if (latest == null || state().messageStartedInstances.containsKey(activeKey(processId, key))) {
        return;
      }
      for (BufferedMessage message : state().bufferedMessages.values()) {
        ElementModel start = messageStart(latest, message.name);
        if (message.expiresAt > runtime.now && message.correlationKey.equals(key) && start != null
            && !message.startedProcesses.contains(processId)) {
          start(latest, start, message);
          return;
        }
      }
    });
  }
}
