package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.dmn.Decisions;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.BpmnParser;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.Timer;

/**
 * Executes commands against {@link EngineState}. Deterministic given the command sequence and each
 * command's timestamp ({@link #now}), which is what lets the journal be replayed. Runs only on the
 * processor thread.
 *
 * <p>Built after Zeebe's engine (see docs/engine.md, "How the engine is built"):
 * <ul>
 *   <li>{@link CommandHandlers}: one handler per command intent, grouped in *Commands classes;</li>
 *   <li>{@link ElementProcessors}: one {@link ElementProcessor} per BPMN element kind;</li>
 *   <li>shared behaviours: {@link StateTransitions} (the lifecycle of every element),
 *       {@link VariableBehavior}, {@link IncidentBehavior}, {@link JobBehavior},
 *       {@link MessageSubscriptions}, {@link TimerSubscriptions}, {@link Signals},
 *       {@link EventTriggerBehavior} with {@link CatcherLookup}, the execution and task listeners.</li>
 * </ul>
 * This class wires them together and holds the per-command context (clock, wake-up times).
 */
public final class BpmnRuntime {

  public static final String DEFAULT_TENANT = "<default>";

  private EngineState state;
  private final Feel feel;
  final BpmnParser parser;
  final Decisions decisions;
  private final Agenda agenda = new Agenda();
  private final StartEvents startEvents = new StartEvents(this);
  final Signals signals = new Signals(this);
  final ExecutionListeners listeners = new ExecutionListeners(this);
  final TaskListeners taskListeners = new TaskListeners(this);
  final VariableBehavior variables = new VariableBehavior(this);
  final IncidentBehavior incidents = new IncidentBehavior(this);
  final JobBehavior jobs = new JobBehavior(this);
  final MessageSubscriptions messages = new MessageSubscriptions(this);
  final TimerSubscriptions timers = new TimerSubscriptions(this);
  final EventTriggerBehavior events = new EventTriggerBehavior(this);
  final Compensation compensation = new Compensation(this);
  final StateTransitions flow = new StateTransitions(this);
  final AdHocSubProcesses adHoc = new AdHocSubProcesses(this);
  final CancelingListeners canceling = new CancelingListeners(this, taskListeners);
  final ElementProcessors processors;
  private final CommandHandlers commands;
  /** Time of the command being processed (engine clock). */
  long now;
  /** Set when jobs may have become activatable: the processor retries parked long polls. */
  boolean jobsAvailable;
  /** Earliest known moment a job becomes activatable by time (deadline or back-off). */
  long nextTimeEvent = Long.MAX_VALUE;
  /** Earliest due date of an active timer. */
  long nextTimerDue = Long.MAX_VALUE;
  /** Process instances that ended during the current command (for awaitCompletion). */
  final List<ElementInstance> endedInstances = new ArrayList<>();
  /** The user task whose transition the current command left waiting for its listeners: its answer is held (see {@link HeldAnswers}). */
  Long heldTransition;
  /** User task transitions that ended during the current command: held answers to release. */
  final List<HeldAnswers.Outcome> endedTransitions = new ArrayList<>();

  public BpmnRuntime(EngineState state) {
    this.state = state;
    this.feel = new Feel(() -> now);
    this.parser = new BpmnParser(feel);
    this.decisions = new Decisions(() -> now);
    this.processors = new ElementProcessors(this);
    this.commands = new CommandHandlers(this);
  }

  public EngineState state() {
    return state;
  }

  StartEvents startEvents() {
    return startEvents;
  }

  Feel feel() {
    return feel;
  }

  void reset(EngineState fresh) {
    this.state = fresh;
    nextTimerDue = Long.MAX_VALUE;
    nextTimeEvent = Long.MAX_VALUE;
    agenda.clear();
    canceling.reset();
    endedInstances.clear();
    heldTransition = null;
    endedTransitions.clear();
  }

  /** Executes one command; returns its response body (null for 204). */
  JsonNode execute(EngineCommand command) {
    // what the previous command left here was taken by the processor (or, replaying, is nobody's)
    heldTransition = null;
    endedTransitions.clear();
    return commands.execute(command);
  }

  // ---------------------------------------------------------------- steps

  /** Runs the pending element steps, one slice at most (see {@link Agenda}); the processor continues the rest. */
  void run() {
    agenda.runSlice();
  }

  /** True while element steps wait for a "continue" command. */
  boolean hasPendingSteps() {
    return !agenda.isEmpty();
  }

  /**
   * Whether the whole state is in {@link #state()}: no element step pending (an element or task
   * waiting for listener jobs is state: its continuation is kept there, see {@link Continuation}).
   */
  boolean snapshotSafe() {
    return agenda.isEmpty();
  }

  /** Runs a step after the current one (same command): how triggered events enter. */
  void later(Runnable step) {
    agenda.add(step);
  }

  /** Enters an element instance created by a trigger (boundary event, catch event) on the agenda. */
  void enterLater(ElementInstance ei) {
    agenda.add(() -> flow.enter(ei));
  }

  // ---------------------------------------------------------------- process instances

  /** A new process instance with its variables and open event subprocess triggers, nothing activated yet. */
  ElementInstance newProcessInstance(DeployedProcess process, Map<String, Object> variables) {
    ElementInstance pi = new ElementInstance();
    pi.key = state.newKey();
    pi.processInstanceKey = pi.key;
    pi.process = process;
    pi.element = process.model.process();
    pi.startDate = now;
    state.elementInstances.put(pi.key, pi);
    state.processInstances.put(pi.key, pi);
    state.elementInstanceChanged(pi);
    EngineState.index(state.elementInstancesByInstance, pi.key, pi);
    setLocal(pi, variables);
    events.openEventSubprocesses(pi);
    return pi;
  }

  /**
   * Starts a process instance at an event start (message, timer, signal): the start event completes
   * at once and its trigger's variables propagate to the instance (through its output mappings).
   */
  void startAtEvent(ElementInstance pi, ElementModel start, Map<String, Object> variables) {
    ElementInstance ei = newElementInstance(start, pi);
    ei.triggered = true;
    ei.eventVariables = variables;
    listeners.start(pi, new Continuation.EnterLater(ei));
  }

  /**
   * Process instance modification: a flow scope (subprocess, event subprocess) created around an
   * activated element, entered as Zeebe activates it there: input mappings, boundary events and
   * event subprocess triggers, but not its start event.
   */
  ElementInstance enterScopeForModification(ElementModel element, ElementInstance parent) {
    ElementInstance ei = newElementInstance(element, parent);
    try {
      variables.applyInputs(ei);
      for (ElementModel boundary : element.timerBoundaries()) {
        timers.schedule(ei, boundary);
      }
      for (ElementModel boundary : element.messageBoundaries()) {
        messages.subscribe(ei, boundary);
      }
      for (ElementModel boundary : element.signalBoundaries()) {
        signals.subscribe(ei, boundary);
      }
      events.openEventSubprocesses(ei);
    } catch (FeelException e) {
      raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
    return ei;
  }

  /** The root process instance above an element, through call activities. */
  static ElementInstance rootOf(ElementInstance ei) {
    ElementInstance current = ei;
    while (current.flowScope != null || current.parentCallActivity != null) {
      current = current.flowScope != null ? current.flowScope : current.parentCallActivity;
    }
    return current;
  }

  // ---------------------------------------------------------------- entry points for the other runtime classes

  ElementInstance newElementInstance(ElementModel element, ElementInstance scope) {
    return flow.newElementInstance(element, scope);
  }

  /** Completes an element with completion variables: output mappings, end listeners, outgoing flows. */
  void leave(ElementInstance ei, Map<String, Object> completionVariables) {
    flow.leave(ei, completionVariables);
  }

  /** Completes a waiting element (catch event) with a trigger's variables. */
  void complete(ElementInstance ei, Map<String, Object> variables) {
    flow.leave(ei, variables);
  }

  /** Terminates an element instance and everything below it: jobs, user tasks, incidents. */
  void terminate(ElementInstance ei) {
    flow.terminate(ei);
  }

  void raiseIncident(ElementInstance ei, String errorType, String message, Job job, Incident.Retry retry) {
    incidents.raise(ei, errorType, message, job, retry);
  }

  /** Every variable visible from a scope, inner scopes shadowing outer ones. */
  Map<String, Object> visibleVariables(ElementInstance scope) {
    return variables.visible(scope);
  }

  void setLocal(ElementInstance scope, Map<String, Object> values) {
    variables.setLocal(scope, values);
  }

  /** Zeebe propagation: update the nearest scope defining the name, else create at the root. */
  void merge(ElementInstance scope, Map<String, Object> values) {
    variables.merge(scope, values);
  }

  /** Migration: opens a boundary event's subscription (timer, message or signal) on an active element. */
  void subscribeBoundary(ElementInstance owner, ElementModel boundary) {
    events.openBoundary(owner, boundary);
  }

  void startEventSubprocess(ElementInstance scope, ElementModel start, Map<String, Object> values) {
    events.startEventSubprocess(scope, start, values);
  }

  void passGateway(ElementInstance gateway, ElementModel event, Map<String, Object> values) {
    events.passGateway(gateway, event, values);
  }

  /** Adds a timer and wakes the processor for it. */
  void addTimer(Timer timer) {
    timers.add(timer);
  }

  void recomputeNextTimerDue() {
    timers.recomputeNextDue();
  }

  /** Recomputes {@link #nextTimeEvent} from the open jobs, ignoring moments already past. */
  void recomputeNextTimeEvent(long after) {
    jobs.recomputeNextTimeEvent(after);
  }
}
