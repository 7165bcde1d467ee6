package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Process instance migration (REST {@code POST /v2/process-instances/{key}/migration}, gRPC
 * MigrateProcessInstance): every active element instance moves to the element its mapping
 * instruction names in the target process definition, keeping its key, variables, job or user task
 * and incidents, as Zeebe migrates. Zeebe's preconditions are checked before anything changes
 * (INVALID_ARGUMENT for the instructions themselves, INVALID_STATE for what the instance or the
 * target does not allow). This engine migrates tasks (job-based and Camunda user tasks), embedded
 * subprocesses and call activities; active elements of other kinds, multi-instance activities,
 * timer/message/signal boundary events, event subprocesses and tokens waiting at a join are
 * refused by name (INVALID_STATE) rather than migrated half-way.
 */
final class ProcessInstanceMigration {

  private static final Set<ElementKind> SUPPORTED = Set.of(ElementKind.PROCESS, ElementKind.SERVICE_TASK, ElementKind.USER_TASK,
      ElementKind.SEND_TASK, ElementKind.SCRIPT_TASK, ElementKind.BUSINESS_RULE_TASK, ElementKind.SUB_PROCESS, ElementKind.CALL_ACTIVITY);

  private final BpmnRuntime runtime;

  ProcessInstanceMigration(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  JsonNode migrate(JsonNode body) {
    EngineState state = runtime.state();
    long key = body.path("key").asLong();
    ElementInstance pi = state.processInstances.get(key);
    if (pi == null || !pi.isActive()) {
      throw EngineException.notFound("Command 'MIGRATE' rejected with code 'NOT_FOUND': "
          + "Expected to migrate process instance but no process instance found with key '" + key + "'");
    }
    Long targetKey = Json.longValue(body, "targetProcessDefinitionKey");
    DeployedProcess target = targetKey == null ? null : state.processesByKey.get(targetKey);
    if (target == null) {
      throw EngineException.notFound("Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance to process "
          + "definition but no process definition found with key '" + targetKey + "'");
    }
    DeployedProcess source = pi.process;
    Map<String, String> mapping = mapping(key, source, target, body.path("mappingInstructions"));
    if (hasEventSubprocess(source)) {
      throw invalidState("Expected to migrate process instance but process instance has an event subprocess. "
          + "Process instances with event subprocesses cannot be migrated yet.");
    }
    if (hasEventSubprocess(target)) {
      throw invalidState("Expected to migrate process instance but target process has an event subprocess. "
          + "Target processes with event subprocesses cannot be migrated yet.");
    }

    List<ElementInstance> active = new ArrayList<>();
    for (ElementInstance ei : state.elementInstancesByInstance.getOrDefault(pi.key, List.of())) {
      if (ei.isActive() && ei != pi) {
        active.add(ei);
      }
    }
    Map<ElementInstance, ElementModel> moves = new LinkedHashMap<>();
    for (ElementInstance ei : active) {
      moves.put(ei, checkedTarget(key, ei, mapping, target));
    }
    if (pi.pendingJoinTokens() > 0 || active.stream().anyMatch(ei -> ei.pendingJoinTokens() > 0)) {
      throw invalidState("Expected to migrate process instance '" + key + "' but tokens are waiting at a joining gateway. "
          + "Migrate it when the join has fired.");
    }

    String oldProcessId = source.processId;
    pi.process = target;
    pi.element = target.model.process();
    moves.forEach((ei, element) -> {
      ei.process = target;
      ei.element = element;
    });
    if (pi.startCorrelationKey != null && !oldProcessId.equals(target.processId)) {
      // the one-instance-per-correlation-key lock of a message start follows the instance
      state.messageStartedInstances.remove(oldProcessId + "\u0000" + pi.startCorrelationKey, pi.key);
      state.messageStartedInstances.put(target.processId + "\u0000" + pi.startCorrelationKey, pi.key);
    }
    return null;
  }

  private static EngineException invalidState(String detail) {
    return EngineException.invalidState("Command 'MIGRATE' rejected with code 'INVALID_STATE': " + detail);
  }

  private static EngineException invalidArgument(String detail) {
    return EngineException.invalidArgument("Command 'MIGRATE' rejected with code 'INVALID_ARGUMENT': " + detail);
  }

  private static Map<String, String> mapping(long key, DeployedProcess source, DeployedProcess target, JsonNode instructions) {
    Map<String, String> mapping = new LinkedHashMap<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (JsonNode instruction : instructions) {
      String from = instruction.path("sourceElementId").asText("");
      String to = instruction.path("targetElementId").asText("");
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

  private static boolean hasEventSubprocess(DeployedProcess process) {
    for (ElementModel element : process.model.elements()) {
      if (element.kind == ElementKind.EVENT_SUB_PROCESS) {
        return true;
      }
    }
    return false;
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
    String sourceBoundaries = subscribingBoundaries(element);
    if (!sourceBoundaries.isEmpty()) {
      throw invalidState("Expected to migrate process instance '" + key + "' but active element with id '" + id
          + "' has one or more boundary events of types '" + sourceBoundaries + "'. Migrating active elements with boundary events of these "
          + "types is not possible yet.");
    }
    String targetBoundaries = subscribingBoundaries(to);
    if (!targetBoundaries.isEmpty()) {
      throw invalidState("Expected to migrate process instance '" + key + "' but target element with id '" + targetId
          + "' has one or more boundary events of types '" + targetBoundaries + "'. Migrating target elements with boundary events of these "
          + "types is not possible yet.");
    }
    return to;
  }

  private static String implementation(ElementModel userTask) {
    return userTask.isCamundaUserTask() ? "zeebe user task" : "job worker";
  }

  /** Boundary event types that hold a subscription (error and escalation boundaries migrate as they are). */
  private static String subscribingBoundaries(ElementModel element) {
    List<String> types = new ArrayList<>();
    if (!element.timerBoundaries().isEmpty()) {
      types.add("TIMER");
    }
    if (!element.messageBoundaries().isEmpty()) {
      types.add("MESSAGE");
    }
    if (!element.signalBoundaries().isEmpty()) {
      types.add("SIGNAL");
    }
    return String.join(", ", types);
  }
}
