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
  /** Business rule tasks with zeebe:calledDecision: decision id (static or FEEL); result in resultVariable. */
  String decisionId;
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
  /** For scopes: the none start event to activate. */
  String noneStartEventId;

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
  public String decisionId() { return decisionId; }
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

  /** True when the element waits for a job worker. */
  public boolean isJobWorkerTask() {
    return jobType != null;
  }

  public boolean isCamundaUserTask() {
    return kind == ElementKind.USER_TASK && userTask != null && userTask.camundaUserTask();
  }
}
