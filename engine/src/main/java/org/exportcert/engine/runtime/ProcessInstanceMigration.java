package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.MessageSubscription;
import org.exportcert.engine.state.SignalSubscription;
import org.exportcert.engine.state.Timer;

/**
 * Process instance migration (REST {@code POST /v2/process-instances/{key}/migration}, gRPC
 * MigrateProcessInstance): every active element instance moves to the element its mapping
 * instruction names in the target process definition, keeping its key, variables, job or user task
 * and incidents, as Zeebe migrates. Zeebe's preconditions are checked before anything changes
 * (INVALID_ARGUMENT for the instructions themselves, INVALID_STATE for what the instance or the
 * target does not allow). This engine migrates tasks (job-based and Camunda user tasks), receive
 * tasks, timer/message/signal intermediate catch events, embedded subprocesses and call activities,
 * with their boundary events: a subscription (timer, message, signal) moves to the boundary event
 * its instruction maps it to (due date, message name and correlation key kept, as Zeebe keeps them),
 * an unmapped one is closed, and a boundary event of the target that nothing maps to is opened.
 * The same holds for the triggers of event subprocesses (owned by their scope). Active elements of
 * other kinds, multi-instance activities and tokens waiting at a join are refused by name
 * (INVALID_STATE) rather than migrated half-way.
 */
final class ProcessInstanceMigration {

  private static final Set<ElementKind> SUPPORTED = Set.of(ElementKind.PROCESS, ElementKind.SERVICE_TASK, ElementKind.USER_TASK,
      ElementKind.SEND_TASK, ElementKind.SCRIPT_TASK, ElementKind.BUSINESS_RULE_TASK, ElementKind.SUB_PROCESS, ElementKind.CALL_ACTIVITY,
      ElementKind.RECEIVE_TASK, ElementKind.INTERMEDIATE_CATCH_EVENT, ElementKind.EVENT_SUB_PROCESS);

  /** What happens to one active element instance: its target element and its subscriptions. */
  private record Move(ElementModel target, Map<Object, ElementModel> retarget, List<Object> close, List<ElementModel> open) {}

  private final BpmnRuntime runtime;

  ProcessInstanceMigration(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  JsonNode migrate(EngineCommand.MigrateProcessInstance command) {
    EngineState state = runtime.state();
    long key = command.processInstanceKey();
    ElementInstance pi = state.processInstances.get(key);
    if (pi == null || !pi.isActive()) {
      throw EngineException.notFound("Command 'MIGRATE' rejected with code 'NOT_FOUND': "
          + "Expected to migrate process instance but no process instance found with key '" + key + "'");
    }
    Long targetKey = command.targetProcessDefinitionKey();
    DeployedProcess target = targetKey == null ? null : state.processesByKey.get(targetKey);
    if (target == null) {
      throw EngineException.notFound("Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance to process "
          + "definition but no process definition found with key '" + targetKey + "'");
    }
    DeployedProcess source = pi.process;
    Map<String, String> mapping = mapping(key, source, target, command.mappingInstructions() == null ? List.of() : command.mappingInstructions());

    List<ElementInstance> active = new ArrayList<>();
    for (ElementInstance ei : state.elementInstancesByInstance.getOrDefault(pi.key, List.of())) {
      if (ei.isActive() && ei != pi) {
        active.add(ei);
      }
    }
    Map<ElementInstance, Move> moves = new LinkedHashMap<>();
    moves.put(pi, subscriptions(key, pi, target.model.process(), mapping, target)); // its event subprocess triggers
    for (ElementInstance ei : active) {
      ElementModel to = checkedTarget(key, ei, mapping, target);
      moves.put(ei, subscriptions(key, ei, to, mapping, target));
    }
    if (pi.pendingJoinTokens() > 0 || active.stream().anyMatch(ei -> ei.pendingJoinTokens() > 0)) {
      throw invalidState("Expected to migrate process instance '" + key + "' but tokens are waiting at a joining gateway. "
          + "Migrate it when the join has fired.");
    }

    String oldProcessId = source.processId;
    moves.forEach((ei, move) -> {
      ei.process = target;
      ei.element = move.target();
      move.retarget().forEach(ProcessInstanceMigration::retarget);
      move.close().forEach(subscription -> close(state, ei, subscription));
    });
    // the tasks' process definition and element ids are searched through the live indexes
    state.userTasksByInstance.getOrDefault(key, java.util.List.of()).forEach(state::userTaskChanged);
    moves.keySet().forEach(state::elementInstanceChanged);
    state.jobsByInstance.getOrDefault(key, java.util.List.of()).forEach(state::jobChanged);
    state.incidentsByInstance.getOrDefault(key, java.util.List.of()).forEach(state::incidentChanged);
    state.subscriptionsByInstance.getOrDefault(key, java.util.List.of()).forEach(state::messageSubscriptionChanged);
    moves.forEach((ei, move) -> {
      for (ElementModel event : move.open()) {
        try {
          runtime.subscribeBoundary(ei, event);
        } catch (org.exportcert.engine.feel.FeelException e) {
          // checked above with the same variables; should it still fail, the element says why
          runtime.raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, org.exportcert.engine.state.Incident.Retry.ENTER);
        }
      }
    });
    if (pi.startCorrelationKey != null && !oldProcessId.equals(target.processId)) {
      // the one-instance-per-correlation-key lock of a message start follows the instance
      state.messageStartedInstances.remove(oldProcessId + "\u0000" + pi.startCorrelationKey, pi.key);
      state.messageStartedInstances.put(target.processId + "\u0000" + pi.startCorrelationKey, pi.key);
    }
    runtime.recomputeNextTimerDue();
    runtime.run(); // a buffered message may correlate to a newly opened boundary event or event subprocess
    return null;
  }

  private static EngineException invalidState(String detail) {
    return EngineException.invalidState("Command 'MIGRATE' rejected with code 'INVALID_STATE': " + detail);
  }

  private static EngineException invalidArgument(String detail) {
    return EngineException.invalidArgument("Command 'MIGRATE' rejected with code 'INVALID_ARGUMENT': " + detail);
  }

  private static Map<String, String> mapping(long key, DeployedProcess source, DeployedProcess target,
      List<EngineCommand.MappingInstruction> instructions) {
    Map<String, String> mapping = new LinkedHashMap<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (EngineCommand.MappingInstruction instruction : instructions) {
      String from = instruction.sourceElementId() == null ? "" : instruction.sourceElementId();
      String to = instruction.targetElementId() == null ? "" : instruction.targetElementId();
      if (mapping.put(from, to) != null) {
        duplicates.add(from);
      }
    }
    if (!duplicates.isEmpty()) {
      throw invalidArgument("Expected to migrate process instance '" + key + "' but the mapping instructions contain duplicate source element ids '"
          + duplicates + "'.");
    }
    mapping.forEach((from, to) -> {
      if (!source.model.hasElement(from)) {
        throw invalidArgument("Expected to migrate process instance '" + key + "' but mapping instructions contain a non-existing source element id '"
            + from + "'. Elements provided in mapping instructions must exist in the source process definition.");
      }
      if (!target.model.hasElement(to)) {
        throw invalidArgument("Expected to migrate process instance '" + key + "' but mapping instructions contain a non-existing target element id '"
            + to + "'. Elements provided in mapping instructions must exist in the target process definition.");
      }
    });
    return mapping;
  }

  /** The target element of an active element instance, after Zeebe's checks. */
  private static ElementModel checkedTarget(long key, ElementInstance ei, Map<String, String> mapping, DeployedProcess target) {
    ElementModel element = ei.element;
    String id = element.id;
    if (!SUPPORTED.contains(element.kind)) {
      throw invalidState("Expected to migrate process instance '" + key + "' but active element with id '" + id
          + "' has an unsupported type. The migration of a " + element.kind + " is not supported.");
    }
    if (element.loop() != null) {
      throw invalidState("Expected to migrate process instance '" + key + "' but active element with id '" + id
          + "' is a multi-instance activity. The migration of a MULTI_INSTANCE_BODY is not supported by this engine.");
    }
    String targetId = mapping.get(id);
    if (targetId == null) {
      throw invalidState("Expected to migrate process instance '" + key + "' but no mapping instruction defined for active element with id '"
          + id + "'. Elements cannot be migrated without a mapping.");
    }
    ElementModel to = target.model.element(targetId);
    if (to.kind != element.kind) {
      throw invalidState("Expected to migrate process instance '" + key + "' but active element with id '" + id + "' and type '" + element.kind
          + "' is mapped to an element with id '" + targetId + "' and different type '" + to.kind
          + "'. Elements must be mapped to elements of the same type.");
    }
    if (element.kind == ElementKind.USER_TASK && element.isCamundaUserTask() != to.isCamundaUserTask()) {
      throw invalidState("Expected to migrate process instance '" + key + "' but active user task with id '" + id + "' and implementation '"
          + implementation(element) + "' is mapped to an user task with id '" + targetId + "' and different implementation '"
          + implementation(to) + "'. Elements must be mapped to elements of the same implementation.");
    }
    if (to.loop() != null) {
      throw invalidState("Expected to migrate process instance '" + key + "' but active element with id '" + id + "' is mapped to the "
          + "multi-instance activity '" + targetId + "'. The migration of a MULTI_INSTANCE_BODY is not supported by this engine.");
    }
    ElementInstance flowScope = ei.flowScope;
    String expectedScope = flowScope.flowScope == null ? target.model.process().id : mapping.get(flowScope.element.id);
    if (!to.scopeId.equals(expectedScope)) {
      throw invalidState("Expected to migrate process instance '" + key + "' but the flow scope of active element with id '" + id
          + "' is changed. The flow scope of the active element is expected to be '" + expectedScope + "' but was '" + to.scopeId
          + "'. The flow scope of an element cannot be changed during migration yet.");
    }
    return to;
  }

  private static String implementation(ElementModel userTask) {
    return userTask.isCamundaUserTask() ? "zeebe user task" : "job worker";
  }

  /** TIMER, MESSAGE, SIGNAL, or the element kind for events that hold no subscription. */
  private static String eventType(ElementModel element) {
    if (element.timer() != null) {
      return "TIMER";
    }
    if (element.messageName() != null) {
      return "MESSAGE";
    }
    if (element.signalName() != null) {
      return "SIGNAL";
    }
    return "NONE";
  }

  private static List<ElementModel> subscribingBoundaries(ElementModel element) {
    List<ElementModel> boundaries = new ArrayList<>(element.timerBoundaries());
    boundaries.addAll(element.messageBoundaries());
    boundaries.addAll(element.signalBoundaries());
    return boundaries;
  }

  /** The open subscriptions an active element instance owns: its own (catch event) and its boundary events'. */
  private static List<Object> owned(EngineState state, ElementInstance ei) {
    List<Object> owned = new ArrayList<>();
    ei.timerKeys.forEach(k -> owned.add(state.timers.get(k)));
    for (Long k : ei.subscriptionKeys) {
      MessageSubscription subscription = state.messageSubscriptions.get(k);
      if (subscription.state == MessageSubscription.State.CREATED) {
        owned.add(subscription);
      }
    }
    ei.signalSubscriptionKeys.forEach(k -> owned.add(state.signalSubscriptions.get(k)));
    owned.removeIf(java.util.Objects::isNull);
    return owned;
  }

  private static ElementModel eventOf(Object subscription) {
    if (subscription instanceof Timer timer) {
      return timer.event;
    }
    if (subscription instanceof MessageSubscription message) {
      return message.event;
    }
    return ((SignalSubscription) subscription).event;
  }

  private static void retarget(Object subscription, ElementModel event) {
    if (subscription instanceof Timer timer) {
      timer.event = event;
    } else if (subscription instanceof MessageSubscription message) {
      message.event = event;
    } else {
      ((SignalSubscription) subscription).event = event;
    }
  }

  private void close(EngineState state, ElementInstance owner, Object subscription) {
    if (subscription instanceof Timer timer) {
      state.timers.remove(timer.key);
      owner.releaseTimer(timer.key);
      timer.state = Timer.State.CANCELED;
    } else if (subscription instanceof MessageSubscription message) {
      message.state = MessageSubscription.State.DELETED;
      message.lastUpdated = runtime.now;
      Set<Long> open = state.openSubscriptionsByName.get(message.messageName);
      if (open != null) {
        open.remove(message.key);
      }
      owner.releaseSubscription(message.key);
    } else {
      SignalSubscription signal = (SignalSubscription) subscription;
      state.signalSubscriptions.remove(signal.key);
      owner.releaseSignalSubscription(signal.key);
    }
  }

  /**
   * Zeebe's rules for the subscriptions of an active element: a catch event's own subscription goes
   * to the target event of the same type; a boundary event's goes to the target boundary event its
   * instruction names (attached to the target element, same type, each target boundary once), or is
   * closed without an instruction; the target's other subscribing boundary events are opened.
   */
  private Move subscriptions(long key, ElementInstance ei, ElementModel to, Map<String, String> mapping, DeployedProcess target) {
    EngineState state = runtime.state();
    Map<Object, ElementModel> retarget = new LinkedHashMap<>();
    List<Object> close = new ArrayList<>();
    Set<String> targetedBoundaries = new LinkedHashSet<>();
    if (!eventType(ei.element).equals(eventType(to))) {
      throw invalidState("Expected to migrate process instance '" + key + "' but active element with id '" + ei.element.id + "' and event type '"
          + eventType(ei.element) + "' is mapped to an element with id '" + to.id + "' and different event type '" + eventType(to)
          + "'. Elements must be mapped to elements of the same event type.");
    }
    for (Object subscription : owned(state, ei)) {
      ElementModel event = eventOf(subscription);
      if (event == ei.element) {
        retarget.put(subscription, to);
        continue;
      }
      String targetId = mapping.get(event.id);
      if (targetId == null) {
        close.add(subscription);
        continue;
      }
      ElementModel boundary = target.model.element(targetId);
      if (event.kind == ElementKind.START_EVENT) { // the start event of one of the scope's event subprocesses
        if (!isEventSubprocessStartOf(target, boundary, to)) {
          throw invalidState("Expected to migrate process instance '" + key + "' but the start event with id '" + event.id
              + "' of an event subprocess of '" + ei.element.id + "' is mapped to an element with id '" + targetId
              + "', which is not the start event of an event subprocess of '" + to.id + "'. Event subprocesses must stay in the "
              + "same scope.");
        }
      } else if (boundary.kind != ElementKind.BOUNDARY_EVENT || !to.id.equals(boundary.attachedToId())) {
        throw invalidState("Expected to migrate process instance '" + key + "' but active element with id '" + ei.element.id
            + "' is mapped to an element with id '" + to.id + "' and has a boundary event with id '" + event.id
            + "' that is mapped to an element with id '" + targetId + "'. These mappings detach the boundary event from the element "
            + "in the target process. Boundary events must stay attached to the same element instance.");
      }
      if (!eventType(event).equals(eventType(boundary))) {
        throw invalidState("Expected to migrate process instance '" + key + "' but boundary event with id '" + event.id + "' and event type '"
            + eventType(event) + "' is mapped to an element with id '" + targetId + "' and different event type '" + eventType(boundary)
            + "'. Elements must be mapped to elements of the same event type.");
      }
      if (!targetedBoundaries.add(targetId)) {
        throw invalidState("Expected to migrate process instance '" + key + "' but multiple mapping instructions target the boundary event '"
            + targetId + "'.");
      }
      retarget.put(subscription, boundary);
    }
    List<ElementModel> open = new ArrayList<>();
    List<ElementModel> opening = subscribingBoundaries(to);
    if (ei.eventSubprocessesOpened && !interruptedByEventSubprocess(ei)) {
      for (ElementModel sub : to.eventSubprocesses()) {
        ElementModel start = target.model.element(sub.noneStartEventId());
        if (!"NONE".equals(eventType(start))) {
          opening.add(start);
        }
      }
    }
    for (ElementModel event : opening) {
      if (!targetedBoundaries.contains(event.id)) {
        checkOpens(key, ei, event);
        open.add(event);
      }
    }
    return new Move(to, retarget, close, open);
  }

  private static boolean isEventSubprocessStartOf(DeployedProcess target, ElementModel start, ElementModel scope) {
    if (start.kind != ElementKind.START_EVENT) {
      return false;
    }
    ElementModel sub = target.model.element(start.scopeId);
    return sub.kind == ElementKind.EVENT_SUB_PROCESS && sub.scopeId.equals(scope.id);
  }

  /** A scope an interrupting event subprocess took over listens for no further event subprocess. */
  private static boolean interruptedByEventSubprocess(ElementInstance scope) {
    for (ElementInstance child : scope.activeChildren) {
      if (child.element.kind == ElementKind.EVENT_SUB_PROCESS) {
        ElementModel start = child.process.model.element(child.element.noneStartEventId());
        if (start.interrupting() || start.errorStart()) {
          return true;
        }
      }
    }
    return false;
  }

  /** A boundary event about to be opened must be able to open with the instance's variables. */
  private void checkOpens(long key, ElementInstance ei, ElementModel boundary) {
    Map<String, Object> variables = runtime.visibleVariables(ei);
    try {
      if (boundary.timer() != null) {
        org.exportcert.engine.model.TimerSpec spec = boundary.timer();
        String expression = spec.duration() != null ? spec.duration() : spec.date() != null ? spec.date() : spec.cycle();
        Object value = runtime.feel().evaluateValue(expression, variables);
        if (value == null) {
          throw new IllegalArgumentException("expression '" + expression + "' evaluated to null");
        }
        if (spec.duration() != null) {
          TimeExpressions.addDuration(runtime.now, String.valueOf(value));
        } else if (spec.date() != null) {
          TimeExpressions.parseDate(String.valueOf(value));
        } else {
          TimeExpressions.parseCycle(runtime.now, String.valueOf(value));
        }
      } else if (boundary.messageName() != null) {
        Object name = runtime.feel().evaluateValue(boundary.messageName(), variables);
        Object correlationKey = runtime.feel().evaluateValue(boundary.correlationKey(), variables);
        if (name == null || String.valueOf(name).isBlank() || !(correlationKey instanceof String || correlationKey instanceof Number)) {
          throw new IllegalArgumentException("the message name or correlation key does not evaluate to a string or number");
        }
      } else if (runtime.feel().evaluateValue(boundary.signalName(), variables) == null) {
        throw new IllegalArgumentException("the signal name evaluates to null");
      }
    } catch (RuntimeException e) {
      throw invalidState("Expected to migrate process instance '" + key + "' but the boundary event '" + boundary.id
          + "' of the target element could not be opened: " + e.getMessage());
    }
  }
}
