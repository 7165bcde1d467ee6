package org.exportcert.engine.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One flow node (or the process itself) after parsing and validation. Immutable once built. */
public final class ElementModel {
  public final String id;
  public final String name;
  public final ElementKind kind;
  /** Id of the enclosing scope element (the process id for top-level elements). */
  public final String scopeId;

  final List<String> incoming = new ArrayList<>();
  final List<SequenceFlowModel> outgoing = new ArrayList<>();
  String defaultFlowId;
  boolean terminateEnd;
  String jobType;
  String jobRetries;
  final Map<String, String> headers = new LinkedHashMap<>();
  /** Job-based elements: their zeebe:linkedResource entries, resolved when the job is created. */
  final List<LinkedResourceSpec> linkedResources = new ArrayList<>();
  final List<Mapping> inputs = new ArrayList<>();
  final List<Mapping> outputs = new ArrayList<>();
  String script;
  String resultVariable;
  UserTaskSpec userTask;
  /** Link events: the link name (throw and catch). */
  String linkName;
  /** Link throw events: id of the catch event with the same name in the same scope. */
  String linkTargetId;
  /** Message catch events, receive tasks and message boundary events: name and correlation key (static or FEEL). */
  String messageName;
  String correlationKey;
  /** Activities: their message boundary events. */
  final List<ElementModel> messageBoundaries = new ArrayList<>();
  /** Scopes: their event subprocesses. */
  final List<ElementModel> eventSubprocesses = new ArrayList<>();
  /** Start events of event subprocesses triggered by an error (errorCode null = any). */
  boolean errorStart;
  /** Multi-instance activities. */
  LoopSpec loop;
  /** Call activities: called process id (static or FEEL) and variable propagation. */
  String calledProcessId;
  boolean propagateAllChildVariables = true;
  boolean propagateAllParentVariables = true;
  /** Timer catch and timer boundary events. */
  TimerSpec timer;
  /** Boundary events: whether they interrupt the activity (error boundaries always do). */
  boolean interrupting = true;
  /** Activities: their timer boundary events. */
  final List<ElementModel> timerBoundaries = new ArrayList<>();
  /** Error boundary events: the activity they are attached to and the caught code (null = all). */
  String attachedToId;
  String errorCode;
  /** Activities: their error boundary events, in document order. */
  final List<ElementModel> errorBoundaries = new ArrayList<>();
  /** Business rule tasks with zeebe:calledDecision: decision id (static or FEEL) and binding type. */
  String calledDecisionId;
  String calledDecisionBinding;
  /** For scopes: the none start event to activate (null when a process has only event starts). */
  String noneStartEventId;
  /** The process: its message, timer and signal start events (opened at deployment). */
  final List<ElementModel> eventStarts = new ArrayList<>();
  /** Error end events: the thrown code (static or FEEL). */
  boolean errorThrow;
  /** Escalation throw, catch and start events: the code (static or FEEL for throws; null on a catch = all). */
  boolean escalation;
  String escalationCode;
  /** Activities (subprocess, call activity): their escalation boundary events, in document order. */
  final List<ElementModel> escalationBoundaries = new ArrayList<>();
  /** Signal catch, boundary, start and throw events: the signal name (static or FEEL). */
  String signalName;
  /** Activities: their signal boundary events. */
  final List<ElementModel> signalBoundaries = new ArrayList<>();
  /** Execution listeners (zeebe:executionListeners) that run here, in model order; see ExecutionListeners. */
  final List<ListenerSpec> startListeners = new ArrayList<>();
  final List<ListenerSpec> endListeners = new ArrayList<>();
  /** Task listeners (zeebe:taskListeners) of a Camunda user task by event: creating, assigning, updating, completing. */
  final Map<String, List<ListenerSpec>> taskListeners = new LinkedHashMap<>();
  /** Ad-hoc subprocesses: activation, completion and output collection (see AdHocSubProcessReader). */
  AdHocSpec adHoc;

  /** Compensation (model/Compensations, runtime/Compensation): a compensation throw or end event and its activityRef (null = the whole scope). */
  boolean compensationThrow;
  String compensationActivityRef;
  /** Compensation boundary events: the id of their handler activity. */
  String compensationHandlerId;
  /** Activities: their compensation boundary event (null when they have none). */
  ElementModel compensationBoundary;
  /** Compensation handlers (isForCompensation): started only by compensation, never by a flow. */
  boolean forCompensation;

  ElementModel(String id, String name, ElementKind kind, String scopeId) {
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.scopeId = scopeId;
  }

  public List<String> incoming() { return incoming; }
  public List<SequenceFlowModel> outgoing() { return outgoing; }
  public String defaultFlowId() { return defaultFlowId; }
  public boolean terminateEnd() { return terminateEnd; }
  public String jobType() { return jobType; }
  public String jobRetries() { return jobRetries; }
  public Map<String, String> headers() { return headers; }
  public List<LinkedResourceSpec> linkedResources() { return linkedResources; }
  public List<Mapping> inputs() { return inputs; }
  public List<Mapping> outputs() { return outputs; }
  public String script() { return script; }
  public String resultVariable() { return resultVariable; }
  public UserTaskSpec userTask() { return userTask; }
  public String noneStartEventId() { return noneStartEventId; }
  public String linkName() { return linkName; }
  public String attachedToId() { return attachedToId; }
  public TimerSpec timer() { return timer; }
  public LoopSpec loop() { return loop; }
  public List<ElementModel> eventSubprocesses() { return eventSubprocesses; }
  public boolean errorStart() { return errorStart; }
  public String calledProcessId() { return calledProcessId; }
  public boolean propagateAllChildVariables() { return propagateAllChildVariables; }
  public boolean propagateAllParentVariables() { return propagateAllParentVariables; }
  public String messageName() { return messageName; }
  public String correlationKey() { return correlationKey; }
  public List<ElementModel> messageBoundaries() { return messageBoundaries; }
  public boolean interrupting() { return interrupting; }
  public List<ElementModel> timerBoundaries() { return timerBoundaries; }
  public String errorCode() { return errorCode; }
  public List<ElementModel> errorBoundaries() { return errorBoundaries; }
  public String linkTargetId() { return linkTargetId; }
  public String calledDecisionId() { return calledDecisionId; }
  public String calledDecisionBinding() { return calledDecisionBinding; }
  public List<ElementModel> eventStarts() { return eventStarts; }
  public boolean errorThrow() { return errorThrow; }
  public boolean escalation() { return escalation; }
  public String escalationCode() { return escalationCode; }
  public List<ElementModel> escalationBoundaries() { return escalationBoundaries; }
  public String signalName() { return signalName; }
  public List<ElementModel> signalBoundaries() { return signalBoundaries; }
  public boolean compensationThrow() { return compensationThrow; }
  public String compensationActivityRef() { return compensationActivityRef; }
  public String compensationHandlerId() { return compensationHandlerId; }
  public ElementModel compensationBoundary() { return compensationBoundary; }
  public boolean forCompensation() { return forCompensation; }
  public List<ListenerSpec> startListeners() { return startListeners; }
  public List<ListenerSpec> endListeners() { return endListeners; }
  public AdHocSpec adHoc() { return adHoc; }
  public List<ListenerSpec> taskListeners(String event) { return taskListeners.getOrDefault(event, List.of()); }

  /** True when the element waits for a job worker. */
  public boolean isJobWorkerTask() {
    return jobType != null;
  }

  public boolean isCamundaUserTask() {
    return kind == ElementKind.USER_TASK && userTask != null && userTask.camundaUserTask();
  }
}
