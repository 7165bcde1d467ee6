package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.BpmnParser;
import org.exportcert.engine.model.DeploymentException;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.Mapping;
import org.exportcert.engine.model.ProcessModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.model.UserTaskSpec;
import org.exportcert.engine.state.DeployedForm;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.UserTask;
import org.exportcert.engine.state.Variable;

/**
 * Executes commands against {@link EngineState}: deployment, BPMN token flow, jobs, user tasks,
 * variables and incidents. Deterministic given the command sequence and each command's timestamp
 * ({@link #now}), which is what lets the journal be replayed. Runs only on the processor thread.
 */
public final class BpmnRuntime {

  public static final String DEFAULT_TENANT = "<default>";

  private EngineState state;
  private final Feel feel;
  private final BpmnParser parser;
  private final Deque<Runnable> agenda = new ArrayDeque<>();
  /** Time of the command being processed (engine clock). */
  long now;
  /** Set when jobs may have become activatable: the processor retries parked long polls. */
  boolean jobsAvailable;
  /** Earliest known moment a job becomes activatable by time (deadline or back-off). */
  long nextTimeEvent = Long.MAX_VALUE;
  /** Process instances that ended during the current command (for awaitCompletion). */
  final List<ElementInstance> endedInstances = new ArrayList<>();

  public BpmnRuntime(EngineState state) {
    this.state = state;
    this.feel = new Feel(() -> now);
    this.parser = new BpmnParser(feel);
  }

  public EngineState state() {
    return state;
  }

  void reset(EngineState fresh) {
    this.state = fresh;
    agenda.clear();
    endedInstances.clear();
  }

  // ---------------------------------------------------------------- dispatch

  /** Executes one command; returns its response body (null for 204). */
  JsonNode execute(String type, JsonNode body) {
    return switch (type) {
      case "deploy" -> deploy(body);
      case "create" -> createInstance(body);
      case "cancel" -> cancel(body);
      case "activate" -> activateJobs(body);
      case "complete-job" -> completeJob(body);
      case "fail-job" -> failJob(body);
      case "throw-error" -> throwError(body);
      case "update-job" -> updateJob(body);
      case "set-variables" -> setVariables(body);
      case "resolve-incident" -> resolveIncident(body);
      case "assign-user-task" -> assignUserTask(body);
      case "unassign-user-task" -> unassignUserTask(body);
      case "update-user-task" -> updateUserTask(body);
      case "complete-user-task" -> completeUserTask(body);
      case "clock-add" -> clockAdd(body);
      case "clock-reset" -> clockReset();
      default -> throw new IllegalArgumentException("unknown command " + type);
    };
  }

  // ---------------------------------------------------------------- deployment

  private JsonNode deploy(JsonNode body) {
    String tenantId = tenant(body);
    List<String> errors = new ArrayList<>();
    record ParsedResource(String name, String content, String checksum, List<ProcessModel> processes, String formId) {}
    List<ParsedResource> parsed = new ArrayList<>();
    JsonNode resources = body.path("resources");
    if (!resources.isArray() || resources.isEmpty()) {
      throw EngineException.invalidArgument("Expected to deploy at least one resource, but none given");
    }
    for (JsonNode resource : resources) {
      String name = resource.path("name").asText();
      byte[] bytes = Base64.getDecoder().decode(resource.path("content").asText());
      String content = new String(bytes, StandardCharsets.UTF_8);
      String checksum = sha256(bytes);
      String lower = name.toLowerCase();
      if (lower.endsWith(".bpmn") || lower.endsWith(".xml")) {
        try {
          parsed.add(new ParsedResource(name, content, checksum, parser.parse(name, bytes), null));
        } catch (DeploymentException e) {
          errors.add("'" + name + "':\n" + String.join("\n", e.errors()));
        }
      } else if (lower.endsWith(".form")) {
        try {
          JsonNode form = Json.MAPPER.readTree(content);
          String formId = form.path("id").asText(null);
          if (formId == null || formId.isBlank()) {
            errors.add("'" + name + "': a form must have an 'id'");
          } else {
            parsed.add(new ParsedResource(name, content, checksum, List.of(), formId));
          }
        } catch (Exception e) {
          errors.add("'" + name + "': not a valid form (JSON): " + e.getMessage());
        }
      } else if (lower.endsWith(".dmn")) {
        errors.add("'" + name + "': DMN decisions are not supported by this engine yet");
      } else {
        errors.add("'" + name + "': unknown resource type, expected .bpmn, .xml or .form");
      }
    }
    if (!errors.isEmpty()) {
      throw EngineException.invalidArgument(
          "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n"
              + String.join("\n", errors));
    }
    long deploymentKey = state.newKey();
    ObjectNode response = Json.object();
    response.put("deploymentKey", String.valueOf(deploymentKey));
    response.put("tenantId", tenantId);
    ArrayNode deployments = response.putArray("deployments");
    for (ParsedResource resource : parsed) {
      if (resource.formId() != null) {
        DeployedForm form = state.latestForm(resource.formId());
        if (form == null || !form.checksum.equals(resource.checksum())) {
          DeployedForm fresh = new DeployedForm();
          fresh.key = state.newKey();
          fresh.formId = resource.formId();
          fresh.version = form == null ? 1 : form.version + 1;
          fresh.resourceName = resource.name();
          fresh.schema = resource.content();
          fresh.checksum = resource.checksum();
          fresh.tenantId = tenantId;
          state.formsById.computeIfAbsent(fresh.formId, k -> new ArrayList<>()).add(fresh);
          state.formsByKey.put(fresh.key, fresh);
          form = fresh;
        }
        ObjectNode node = deployments.addObject().putObject("form");
        node.put("formId", form.formId);
        node.put("version", form.version);
        node.put("resourceName", form.resourceName);
        node.put("tenantId", form.tenantId);
        node.put("formKey", String.valueOf(form.key));
        continue;
      }
      for (ProcessModel model : resource.processes()) {
        DeployedProcess latest = state.latest(model.processId());
        DeployedProcess process = latest;
        if (latest == null || !latest.checksum.equals(resource.checksum())) {
          process = new DeployedProcess();
          process.key = state.newKey();
          process.processId = model.processId();
          process.name = model.name();
          process.version = latest == null ? 1 : latest.version + 1;
          process.resourceName = resource.name();
          process.xml = resource.content();
          process.checksum = resource.checksum();
          process.tenantId = tenantId;
          process.deploymentKey = deploymentKey;
          process.model = model;
          state.processesById.computeIfAbsent(process.processId, k -> new ArrayList<>()).add(process);
          state.processesByKey.put(process.key, process);
        }
        ObjectNode node = deployments.addObject().putObject("processDefinition");
        node.put("processDefinitionId", process.processId);
        node.put("processDefinitionVersion", process.version);
        node.put("resourceName", process.resourceName);
        node.put("tenantId", process.tenantId);
        node.put("processDefinitionKey", String.valueOf(process.key));
      }
    }
    return response;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tenant(JsonNode body) {
    String tenantId = Json.text(body, "tenantId");
    return tenantId == null || tenantId.isBlank() ? DEFAULT_TENANT : tenantId;
  }

  // ---------------------------------------------------------------- process instances

  DeployedProcess findProcess(JsonNode body) {
    Long key = Json.longValue(body, "processDefinitionKey");
    if (key != null) {
      DeployedProcess process = state.processesByKey.get(key);
      if (process == null) {
        throw EngineException.notFound(
            "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '" + key + "', but none found");
      }
      return process;
    }
    String id = Json.text(body, "processDefinitionId");
    if (id == null || id.isBlank()) {
      throw EngineException.invalidArgument("No processDefinitionId or processDefinitionKey provided.");
    }
    Long version = Json.longValue(body, "processDefinitionVersion");
    List<DeployedProcess> versions = state.processesById.getOrDefault(id, List.of());
    if (version == null || version < 0) {
      if (versions.isEmpty()) {
        throw EngineException.notFound(
            "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '" + id + "', but none found");
      }
      return versions.get(versions.size() - 1);
    }
    for (DeployedProcess process : versions) {
      if (process.version == version) {
        return process;
      }
    }
    throw EngineException.notFound(
        "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '" + id + "' and version '" + version + "', but none found");
  }

  private JsonNode createInstance(JsonNode body) {
    DeployedProcess process = findProcess(body);
    Map<String, Object> variables = Json.variables(body.get("variables"));
    JsonNode startInstructions = body.get("startInstructions");
    if (startInstructions != null && startInstructions.isArray() && !startInstructions.isEmpty()) {
      for (JsonNode instruction : startInstructions) {
        String elementId = instruction.path("elementId").asText();
        if (!process.model.hasElement(elementId)) {
          throw EngineException.invalidArgument("Expected to find element with id '" + elementId + "' in process '" + process.processId + "', but none found");
        }
      }
    }
    List<String> tags = new ArrayList<>();
    body.path("tags").forEach(t -> tags.add(t.asText()));
    ElementInstance pi = new ElementInstance();
    pi.key = state.newKey();
    pi.processInstanceKey = pi.key;
    pi.process = process;
    pi.element = process.model.process();
    pi.startDate = now;
    pi.tags = List.copyOf(tags);
    pi.businessId = Json.text(body, "businessId");
    state.elementInstances.put(pi.key, pi);
    state.processInstances.put(pi.key, pi);
    EngineState.index(state.elementInstancesByInstance, pi.key, pi);
    setLocal(pi, variables);
    if (startInstructions != null && startInstructions.isArray() && !startInstructions.isEmpty()) {
      for (JsonNode instruction : startInstructions) {
        ElementModel target = process.model.element(instruction.path("elementId").asText());
        ElementInstance scope = ensureScopes(pi, target);
        activate(target, scope);
      }
    } else {
      activate(process.model.element(process.model.process().noneStartEventId()), pi);
    }
    run();
    return Views.created(pi, null);
  }

  /** For start instructions: activates the enclosing subprocesses of a target without their start events. */
  private ElementInstance ensureScopes(ElementInstance pi, ElementModel target) {
    List<ElementModel> chain = new ArrayList<>();
    ElementModel scope = pi.process.model.element(target.scopeId);
    while (scope.kind != ElementKind.PROCESS) {
      chain.add(0, scope);
      scope = pi.process.model.element(scope.scopeId);
    }
    ElementInstance current = pi;
    for (ElementModel sub : chain) {
      ElementInstance existing = null;
      for (ElementInstance child : current.activeChildren) {
        if (child.element == sub) {
          existing = child;
        }
      }
      if (existing == null) {
        existing = newElementInstance(sub, current);
        applyInputs(existing);
      }
      current = existing;
    }
    return current;
  }

  private JsonNode cancel(JsonNode body) {
    long key = body.path("key").asLong();
    ElementInstance pi = state.processInstances.get(key);
    if (pi == null) {
      throw EngineException.notFound(
          "Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '" + key + "', but no such process instance was found");
    }
    if (!pi.isActive()) {
      throw EngineException.notFound(
          "Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '" + key + "', but it is not active");
    }
    terminate(pi);
    endedInstances.add(pi);
    return null;
  }

  // ---------------------------------------------------------------- token flow

  private void run() {
    Runnable step;
    while ((step = agenda.poll()) != null) {
      step.run();
    }
  }

  private ElementInstance newElementInstance(ElementModel element, ElementInstance scope) {
    ElementInstance ei = new ElementInstance();
    ei.key = state.newKey();
    ei.processInstanceKey = scope.processInstanceKey;
    ei.process = scope.process;
    ei.element = element;
    ei.flowScope = scope;
    ei.startDate = now;
    scope.activeChildren.add(ei);
    state.elementInstances.put(ei.key, ei);
    EngineState.index(state.elementInstancesByInstance, ei.processInstanceKey, ei);
    return ei;
  }

  private void activate(ElementModel element, ElementInstance scope) {
    ElementInstance ei = newElementInstance(element, scope);
    agenda.add(() -> enter(ei));
  }

  /** Activation: input mappings and the element's behaviour. Re-run when an incident is resolved. */
  private void enter(ElementInstance ei) {
    if (!ei.isActive()) {
      return;
    }
    ElementModel element = ei.element;
    try {
      applyInputs(ei);
    } catch (FeelException e) {
      raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
      return;
    }
    try {
      switch (element.kind) {
        case START_EVENT, END_EVENT, INTERMEDIATE_THROW_EVENT, INTERMEDIATE_CATCH_EVENT, BOUNDARY_EVENT, MANUAL_TASK, TASK, PARALLEL_GATEWAY -> leave(ei, null);
        case SUB_PROCESS -> activate(ei.process.model.element(element.noneStartEventId()), ei);
        case EXCLUSIVE_GATEWAY -> {
          ei.chosenFlowId = chooseFlow(ei);
          if (ei.chosenFlowId != null) {
            leave(ei, null);
          }
        }
        case SCRIPT_TASK -> {
          if (element.isJobWorkerTask()) {
            createJob(ei);
          } else {
            Object result = feel.evaluate(element.script(), visibleVariables(ei));
            Map<String, Object> vars = new HashMap<>();
            vars.put(element.resultVariable(), result);
            leave(ei, vars);
          }
        }
        case USER_TASK -> {
          if (element.isCamundaUserTask()) {
            createUserTask(ei);
          } else {
            createJob(ei);
          }
        }
        case SERVICE_TASK, SEND_TASK, BUSINESS_RULE_TASK -> createJob(ei);
        case PROCESS -> throw new IllegalStateException("process is not entered");
      }
    } catch (FeelException e) {
      raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
  }

  private String chooseFlow(ElementInstance ei) {
    ElementModel gateway = ei.element;
    List<SequenceFlowModel> outgoing = gateway.outgoing();
    if (outgoing.size() == 1 && outgoing.get(0).condition() == null) {
      return outgoing.get(0).id();
    }
    Map<String, Object> variables = visibleVariables(ei);
    for (SequenceFlowModel flow : outgoing) {
      if (flow.id().equals(gateway.defaultFlowId()) || flow.condition() == null) {
        continue;
      }
      Object result;
      try {
        result = feel.evaluate(flow.condition(), variables);
      } catch (FeelException e) {
        raiseIncident(ei, "CONDITION_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
        return null;
      }
      if (!(result instanceof Boolean)) {
        raiseIncident(ei, "CONDITION_ERROR",
            "Expected result of the expression '" + flow.condition() + "' to be 'BOOLEAN', but was '"
                + (result == null ? "NULL" : result.getClass().getSimpleName().toUpperCase()) + "'.",
            null, Incident.Retry.ENTER);
        return null;
      }
      if ((Boolean) result) {
        return flow.id();
      }
    }
    if (gateway.defaultFlowId() != null) {
      return gateway.defaultFlowId();
    }
    raiseIncident(ei, "CONDITION_ERROR",
        "Expected at least one condition to evaluate to true, or to have a default flow", null, Incident.Retry.ENTER);
    return null;
  }

  /** Completion: completion variables, output mappings, then outgoing flows. */
  private void leave(ElementInstance ei, Map<String, Object> completionVariables) {
    ElementModel element = ei.element;
    if (completionVariables != null && !completionVariables.isEmpty()) {
      if (element.outputs().isEmpty()) {
        merge(ei, completionVariables);
      } else {
        setLocal(ei, completionVariables);
      }
    }
    finishLeave(ei);
  }

  private void finishLeave(ElementInstance ei) {
    if (!ei.isActive()) {
      return;
    }
    ElementModel element = ei.element;
    if (!element.outputs().isEmpty() && ei.flowScope != null) {
      try {
        Map<String, Object> outputs = evaluateMappings(element.outputs(), visibleVariables(ei));
        merge(ei.flowScope, outputs);
      } catch (FeelException e) {
        raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.LEAVE);
        return;
      }
    }
    ei.state = ElementInstance.State.COMPLETED;
    ei.endDate = now;
    ElementInstance scope = ei.flowScope;
    if (scope == null) {
      endedInstances.add(ei);
      return;
    }
    if (element.kind == ElementKind.EXCLUSIVE_GATEWAY) {
      takeFlow(element.outgoing().stream().filter(f -> f.id().equals(ei.chosenFlowId)).findFirst().orElseThrow(), scope);
    } else {
      for (SequenceFlowModel flow : element.outgoing()) {
        takeFlow(flow, scope);
      }
    }
    if (element.linkTargetId() != null) {
      activate(scope.process.model.element(element.linkTargetId()), scope); // link: jump to the catch event
    }
    scope.activeChildren.remove(ei);
    if (element.terminateEnd()) {
      for (ElementInstance sibling : List.copyOf(scope.activeChildren)) {
        terminate(sibling);
      }
      scope.joinTokens.clear();
    }
    if (scope.activeChildren.isEmpty() && scope.pendingJoinTokens() == 0 && scope.isActive()) {
      agenda.add(() -> {
        if (scope.isActive() && scope.activeChildren.isEmpty() && scope.pendingJoinTokens() == 0) {
          leave(scope, null);
        }
      });
    }
  }

  private void takeFlow(SequenceFlowModel flow, ElementInstance scope) {
    state.takenFlows.computeIfAbsent(scope.processInstanceKey, k -> new ArrayList<>()).add(flow.id());
    ElementModel target = scope.process.model.element(flow.targetId());
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

  /** Terminates an element instance and everything below it: jobs, user tasks, incidents. */
  private void terminate(ElementInstance ei) {
    if (!ei.isActive()) {
      return;
    }
    for (ElementInstance child : List.copyOf(ei.activeChildren)) {
      terminate(child);
    }
    ei.joinTokens.clear();
    if (ei.jobKey != null) {
      Job job = state.jobs.get(ei.jobKey);
      if (job != null && job.isOpen()) {
        job.state = Job.State.CANCELED;
        state.closeJob(job);
      }
    }
    if (ei.userTaskKey != null) {
      UserTask task = state.userTasks.get(ei.userTaskKey);
      if (task != null && task.state == UserTask.State.CREATED) {
        task.state = UserTask.State.CANCELED;
        task.completionDate = now;
      }
    }
    resolveIncidentsOf(ei);
    ei.state = ElementInstance.State.TERMINATED;
    ei.endDate = now;
    if (ei.flowScope != null) {
      ei.flowScope.activeChildren.remove(ei);
    }
  }

  private void resolveIncidentsOf(ElementInstance ei) {
    if (ei.incidentKey != null) {
      Incident incident = state.incidents.get(ei.incidentKey);
      if (incident != null) {
        incident.state = Incident.State.RESOLVED;
      }
      ei.incidentKey = null;
    }
  }

  private void raiseIncident(ElementInstance ei, String errorType, String message, Job job, Incident.Retry retry) {
    Incident incident = new Incident();
    incident.key = state.newKey();
    incident.errorType = errorType;
    incident.errorMessage = message;
    incident.elementInstance = ei;
    incident.jobKey = job == null ? null : job.key;
    incident.creationTime = now;
    incident.retry = retry;
    state.incidents.put(incident.key, incident);
    EngineState.index(state.incidentsByInstance, ei.processInstanceKey, incident);
    ei.incidentKey = incident.key;
    if (job != null) {
      job.incidentKey = incident.key;
    }
  }

  // ---------------------------------------------------------------- variables

  private Map<String, Object> evaluateMappings(List<Mapping> mappings, Map<String, Object> context) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Mapping mapping : mappings) {
      Object value = feel.evaluate(mapping.source(), context);
      putPath(result, mapping.target(), value);
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static void putPath(Map<String, Object> target, String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> current = target;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = current.get(parts[i]);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        current.put(parts[i], next);
      }
      current = (Map<String, Object>) next;
    }
    current.put(parts[parts.length - 1], value);
  }

  private void applyInputs(ElementInstance ei) {
    if (ei.element.inputs().isEmpty()) {
      return;
    }
    Map<String, Object> context = visibleVariables(ei.flowScope);
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (Mapping mapping : ei.element.inputs()) {
      Map<String, Object> merged = new HashMap<>(context);
      merged.putAll(inputs);
      Object value = feel.evaluate(mapping.source(), merged);
      putPath(inputs, mapping.target(), value);
    }
    setLocal(ei, inputs);
  }

  /** Every variable visible from a scope, inner scopes shadowing outer ones. */
  Map<String, Object> visibleVariables(ElementInstance scope) {
    Map<String, Object> result = new HashMap<>();
    for (ElementInstance s = scope; s != null; s = s.flowScope) {
      Map<String, Variable> local = state.variablesByScope.get(s.key);
      if (local != null) {
        for (Variable v : local.values()) {
          result.putIfAbsent(v.name, v.value);
        }
      }
    }
    return result;
  }

  void setLocal(ElementInstance scope, Map<String, Object> variables) {
    for (Map.Entry<String, Object> entry : variables.entrySet()) {
      setVariable(scope, entry.getKey(), entry.getValue());
    }
  }

  /** Zeebe propagation: update the nearest scope defining the name, else create at the root. */
  void merge(ElementInstance scope, Map<String, Object> variables) {
    for (Map.Entry<String, Object> entry : variables.entrySet()) {
      ElementInstance target = null;
      ElementInstance root = scope;
      for (ElementInstance s = scope; s != null; s = s.flowScope) {
        root = s;
        Map<String, Variable> local = state.variablesByScope.get(s.key);
        if (target == null && local != null && local.containsKey(entry.getKey())) {
          target = s;
        }
      }
      setVariable(target != null ? target : root, entry.getKey(), entry.getValue());
    }
  }

  private void setVariable(ElementInstance scope, String name, Object value) {
    Map<String, Variable> local = state.variablesByScope.computeIfAbsent(scope.key, k -> new LinkedHashMap<>());
    Variable variable = local.get(name);
    if (variable == null) {
      variable = new Variable();
      variable.key = state.newKey();
      variable.name = name;
      variable.scopeKey = scope.key;
      variable.processInstanceKey = scope.processInstanceKey;
      local.put(name, variable);
      state.variables.put(variable.key, variable);
      EngineState.index(state.variablesByInstance, variable.processInstanceKey, variable);
    }
    variable.value = value;
  }

  private JsonNode setVariables(JsonNode body) {
    long key = body.path("key").asLong();
    ElementInstance ei = state.elementInstances.get(key);
    if (ei == null || !ei.isActive()) {
      throw EngineException.notFound(
          "Command 'UPDATE' rejected with code 'NOT_FOUND': Expected to update variables for element with key '" + key + "', but no such element was found");
    }
    Map<String, Object> variables = Json.variables(body.get("variables"));
    if (body.path("local").asBoolean(false)) {
      setLocal(ei, variables);
    } else {
      merge(ei, variables);
    }
    return null;
  }

  // ---------------------------------------------------------------- jobs

  private void createJob(ElementInstance ei) {
    ElementModel element = ei.element;
    Map<String, Object> variables = visibleVariables(ei);
    Object type = feel.evaluateValue(element.jobType(), variables);
    if (!(type instanceof String) || ((String) type).isBlank()) {
      throw new FeelException("Expected result of the expression '" + element.jobType() + "' to be 'STRING', but was '" + type + "'.");
    }
    Object retries = feel.evaluateValue(element.jobRetries(), variables);
    int retryCount;
    try {
      retryCount = retries instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(retries).trim());
    } catch (NumberFormatException e) {
      throw new FeelException("Expected result of the expression '" + element.jobRetries() + "' to be 'NUMBER', but was '" + retries + "'.");
    }
    Map<String, String> headers = new LinkedHashMap<>(element.headers());
    Map<String, Object> userTaskProperties = null;
    if (element.kind == ElementKind.USER_TASK) {
      userTaskProperties = new LinkedHashMap<>();
      UserTaskSpec spec = element.userTask();
      putHeader(headers, "io.camunda.zeebe:assignee", spec.assignee(), variables, false);
      putHeader(headers, "io.camunda.zeebe:candidateGroups", spec.candidateGroups(), variables, true);
      putHeader(headers, "io.camunda.zeebe:candidateUsers", spec.candidateUsers(), variables, true);
      putHeader(headers, "io.camunda.zeebe:dueDate", spec.dueDate(), variables, false);
      putHeader(headers, "io.camunda.zeebe:followUpDate", spec.followUpDate(), variables, false);
      if (spec.formKey() != null) {
        headers.put("io.camunda.zeebe:formKey", spec.formKey());
      }
    }
    Job job = new Job();
    job.key = state.newKey();
    job.type = (String) type;
    job.retries = retryCount;
    job.headers = headers;
    job.elementInstance = ei;
    job.creationTime = now;
    job.userTaskProperties = userTaskProperties;
    state.jobs.put(job.key, job);
    state.openJob(job);
    EngineState.index(state.jobsByInstance, ei.processInstanceKey, job);
    ei.jobKey = job.key;
    jobsAvailable = true;
  }

  private void putHeader(Map<String, String> headers, String name, String expression, Map<String, Object> variables, boolean list) {
    if (expression == null || expression.isBlank()) {
      return;
    }
    Object value = feel.evaluateValue(expression, variables);
    if (list) {
      headers.put(name, Json.write(toList(value)));
    } else if (value != null) {
      headers.put(name, String.valueOf(value));
    }
  }

  private static List<String> toList(Object value) {
    List<String> result = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(v -> result.add(String.valueOf(v)));
    } else if (value != null) {
      for (String part : String.valueOf(value).split(",")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
    }
    return result;
  }

  private JsonNode activateJobs(JsonNode body) {
    String type = Json.text(body, "type");
    if (type == null || type.isBlank()) {
      throw EngineException.invalidArgument("No type provided.");
    }
    int max = body.path("maxJobsToActivate").asInt(32);
    if (max < 1) {
      throw EngineException.invalidArgument("The value for maxJobsToActivate is '" + max + "' but must be greater than 0.");
    }
    long timeout = body.path("timeout").asLong(300_000);
    String worker = Json.text(body, "worker");
    List<String> fetch = new ArrayList<>();
    body.path("fetchVariable").forEach(v -> fetch.add(v.asText()));
    ObjectNode response = Json.object();
    ArrayNode jobs = response.putArray("jobs");
    Set<Long> open = state.openJobsByType.get(type);
    if (open == null) {
      return response;
    }
    for (Long key : open) {
      if (jobs.size() >= max) {
        break;
      }
      Job job = state.jobs.get(key);
      if (!job.isActivatable(now)) {
        continue;
      }
      job.state = Job.State.ACTIVATED;
      job.worker = worker == null ? "" : worker;
      job.deadline = now + timeout;
      noteTimeEvent(job.deadline);
      Map<String, Object> variables = visibleVariables(job.elementInstance);
      if (!fetch.isEmpty()) {
        variables.keySet().retainAll(fetch);
      }
      jobs.add(Views.activatedJob(job, variables));
    }
    return response;
  }

  private void noteTimeEvent(long time) {
    if (time < nextTimeEvent) {
      nextTimeEvent = time;
    }
  }

  /** Recomputes {@link #nextTimeEvent} from the open jobs, ignoring moments already past. */
  void recomputeNextTimeEvent(long after) {
    long next = Long.MAX_VALUE;
    for (java.util.Set<Long> keys : state.openJobsByType.values()) {
      for (Long key : keys) {
        long event = state.jobs.get(key).nextTimeEvent();
        if (event > after && event < next) {
          next = event;
        }
      }
    }
    nextTimeEvent = next;
  }

  private Job openJob(JsonNode body, String command, String verb) {
    long key = body.path("key").asLong();
    Job job = state.jobs.get(key);
    if (job == null || !job.isOpen()) {
      throw EngineException.notFound(
          "Command '" + command + "' rejected with code 'NOT_FOUND': Expected to " + verb + " job with key '" + key + "', but no such job was found");
    }
    return job;
  }

  private JsonNode completeJob(JsonNode body) {
    Job job = openJob(body, "COMPLETE", "complete");
    if (job.state == Job.State.ERROR_THROWN || job.incidentKey != null || (job.state == Job.State.FAILED && job.retries <= 0)) {
      throw EngineException.invalidState(
          "Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete job with key '" + job.key + "', but it is in state '" + job.state + "'");
    }
    Map<String, Object> variables = Json.variables(body.get("variables"));
    job.state = Job.State.COMPLETED;
    state.closeJob(job);
    ElementInstance ei = job.elementInstance;
    ei.jobKey = job.key;
    leave(ei, variables);
    run();
    return null;
  }

  private JsonNode failJob(JsonNode body) {
    Job job = openJob(body, "FAIL", "fail");
    if (job.state == Job.State.ERROR_THROWN || job.incidentKey != null) {
      throw EngineException.invalidState(
          "Command 'FAIL' rejected with code 'INVALID_STATE': Expected to fail job with key '" + job.key + "', but it is in state '" + job.state + "'");
    }
    Map<String, Object> variables = Json.variables(body.get("variables"));
    int retries = body.path("retries").asInt(0);
    job.retries = retries;
    job.errorMessage = Json.text(body, "errorMessage");
    job.state = Job.State.FAILED;
    job.deadline = -1;
    job.retryAt = now + Math.max(0, body.path("retryBackOff").asLong(0));
    noteTimeEvent(job.retryAt);
    if (!variables.isEmpty()) {
      setLocal(job.elementInstance, variables);
    }
    if (retries <= 0) {
      String message = job.errorMessage == null || job.errorMessage.isBlank() ? "No more retries left." : job.errorMessage;
      raiseIncident(job.elementInstance, "JOB_NO_RETRIES", message, job, Incident.Retry.JOB);
    } else {
      jobsAvailable = true;
    }
    return null;
  }

  private JsonNode throwError(JsonNode body) {
    Job job = openJob(body, "THROW_ERROR", "throw an error for");
    if (job.state == Job.State.ERROR_THROWN || job.incidentKey != null) {
      throw EngineException.invalidState(
          "Command 'THROW_ERROR' rejected with code 'INVALID_STATE': Expected to throw an error for job with key '" + job.key + "', but it is in state '" + job.state + "'");
    }
    String code = Json.text(body, "errorCode");
    if (code == null || code.isBlank()) {
      throw EngineException.invalidArgument("No errorCode provided.");
    }
    Map<String, Object> variables = Json.variables(body.get("variables"));
    job.errorCode = code;
    job.errorMessage = Json.text(body, "errorMessage");
    ElementInstance thrower = job.elementInstance;
    ElementInstance catcher = null;
    ElementModel boundary = null;
    for (ElementInstance scope = thrower; scope != null && scope.flowScope != null && boundary == null; scope = scope.flowScope) {
      boundary = matchingBoundary(scope.element, code);
      catcher = scope;
    }
    if (boundary == null) {
      job.state = Job.State.ERROR_THROWN;
      raiseIncident(thrower, "UNHANDLED_ERROR_EVENT",
          "Expected to throw an error event with the code '" + code + "' with message '" + (job.errorMessage == null ? "" : job.errorMessage)
              + "', but it was not caught. No error events are available in the scope.",
          job, Incident.Retry.JOB);
      return null;
    }
    // Caught: the attached activity (and everything in it) is interrupted, the boundary event
    // takes over in the activity's flow scope with the error variables as its local variables.
    state.closeJob(job);
    job.state = Job.State.COMPLETED;
    terminate(catcher);
    job.state = Job.State.ERROR_THROWN;
    ElementInstance scope = catcher.flowScope;
    ElementInstance event = newElementInstance(boundary, scope);
    setLocal(event, variables);
    agenda.add(() -> enter(event));
    run();
    return null;
  }

  /** The error boundary event of an activity catching a code: by code first, else a catch-all. */
  private static ElementModel matchingBoundary(ElementModel activity, String code) {
    ElementModel catchAll = null;
    for (ElementModel boundary : activity.errorBoundaries()) {
      if (boundary.errorCode() == null || boundary.errorCode().isBlank()) {
        if (catchAll == null) {
          catchAll = boundary;
        }
      } else if (boundary.errorCode().equals(code)) {
        return boundary;
      }
    }
    return catchAll;
  }

  private JsonNode updateJob(JsonNode body) {
    Job job = openJob(body, "UPDATE", "update");
    JsonNode changeset = body.path("changeset");
    JsonNode retries = changeset.get("retries");
    JsonNode timeout = changeset.get("timeout");
    if (retries != null && !retries.isNull() && retries.asInt() < 1) {
      throw EngineException.invalidArgument("Expected retries to be greater than zero, but was " + retries.asInt());
    }
    if (timeout != null && !timeout.isNull() && job.state != Job.State.ACTIVATED) {
      throw EngineException.invalidState(
          "Command 'UPDATE_TIMEOUT' rejected with code 'INVALID_STATE': Expected to update the timeout of job with key '" + job.key + "', but it is not activated");
    }
    if (retries != null && !retries.isNull()) {
      job.retries = retries.asInt();
      jobsAvailable = true;
    }
    if (timeout != null && !timeout.isNull()) {
      job.deadline = now + timeout.asLong();
      noteTimeEvent(job.deadline);
    }
    return null;
  }

  // ---------------------------------------------------------------- incidents

  private JsonNode resolveIncident(JsonNode body) {
    long key = body.path("key").asLong();
    Incident incident = state.incidents.get(key);
    if (incident == null || incident.state != Incident.State.ACTIVE) {
      throw EngineException.notFound(
          "Command 'RESOLVE' rejected with code 'NOT_FOUND': Expected to resolve incident with key '" + key + "', but no such incident was found");
    }
    ElementInstance ei = incident.elementInstance;
    if (incident.retry == Incident.Retry.JOB) {
      Job job = state.jobs.get(incident.jobKey);
      if (job.retries <= 0) {
        throw EngineException.invalidState(
            "Command 'RESOLVE' rejected with code 'INVALID_STATE': Expected to resolve incident with key '" + key
                + "', but job '" + job.key + "' has no retries left; update the job retries first");
      }
      incident.state = Incident.State.RESOLVED;
      ei.incidentKey = null;
      job.incidentKey = null;
      job.state = Job.State.FAILED;
      job.retryAt = now;
      jobsAvailable = true;
      return null;
    }
    incident.state = Incident.State.RESOLVED;
    ei.incidentKey = null;
    if (incident.retry == Incident.Retry.ENTER) {
      enter(ei);
    } else {
      finishLeave(ei);
    }
    run();
    return null;
  }

  // ---------------------------------------------------------------- user tasks

  private void createUserTask(ElementInstance ei) {
    UserTaskSpec spec = ei.element.userTask();
    Map<String, Object> variables = visibleVariables(ei);
    UserTask task = new UserTask();
    Object assignee = spec.assignee() == null ? null : feel.evaluateValue(spec.assignee(), variables);
    task.assignee = assignee == null || String.valueOf(assignee).isBlank() ? null : String.valueOf(assignee);
    task.candidateGroups = toList(spec.candidateGroups() == null ? null : feel.evaluateValue(spec.candidateGroups(), variables));
    task.candidateUsers = toList(spec.candidateUsers() == null ? null : feel.evaluateValue(spec.candidateUsers(), variables));
    Object due = spec.dueDate() == null ? null : feel.evaluateValue(spec.dueDate(), variables);
    task.dueDate = due == null || String.valueOf(due).isBlank() ? null : String.valueOf(due);
    Object followUp = spec.followUpDate() == null ? null : feel.evaluateValue(spec.followUpDate(), variables);
    task.followUpDate = followUp == null || String.valueOf(followUp).isBlank() ? null : String.valueOf(followUp);
    if (spec.priority() != null && !spec.priority().isBlank()) {
      Object priority = feel.evaluateValue(spec.priority(), variables);
      try {
        task.priority = priority instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(priority).trim());
      } catch (NumberFormatException e) {
        throw new FeelException("Expected priority '" + spec.priority() + "' to be a number between 0 and 100, but was '" + priority + "'");
      }
    }
    if (spec.externalFormReference() != null) {
      Object reference = feel.evaluateValue(spec.externalFormReference(), variables);
      task.externalFormReference = reference == null ? null : String.valueOf(reference);
    }
    if (spec.formId() != null) {
      DeployedForm form = state.latestForm(spec.formId());
      if (form == null) {
        raiseIncident(ei, "FORM_NOT_FOUND",
            "Expected to find a form with id '" + spec.formId() + "', but no form with this id is found, at least a form with this id should be available.",
            null, Incident.Retry.ENTER);
        return;
      }
      task.formKey = form.key;
    }
    task.key = state.newKey();
    task.elementInstance = ei;
    task.creationDate = now;
    task.customHeaders = Map.copyOf(ei.element.headers());
    state.userTasks.put(task.key, task);
    EngineState.index(state.userTasksByInstance, ei.processInstanceKey, task);
    ei.userTaskKey = task.key;
  }

  private UserTask openUserTask(JsonNode body, String command, String verb) {
    long key = body.path("key").asLong();
    UserTask task = state.userTasks.get(key);
    if (task == null) {
      throw EngineException.notFound(
          "Command '" + command + "' rejected with code 'NOT_FOUND': Expected to " + verb + " user task with key '" + key + "', but no such user task was found");
    }
    if (task.state != UserTask.State.CREATED) {
      throw EngineException.invalidState(
          "Command '" + command + "' rejected with code 'INVALID_STATE': Expected to " + verb + " user task with key '" + key + "', but it is in state '" + task.state + "'");
    }
    return task;
  }

  private JsonNode assignUserTask(JsonNode body) {
    UserTask task = openUserTask(body, "ASSIGN", "assign");
    String assignee = Json.text(body, "assignee");
    if (assignee == null || assignee.isBlank()) {
      throw EngineException.invalidArgument("No assignee provided.");
    }
    boolean allowOverride = !body.has("allowOverride") || body.get("allowOverride").isNull() || body.get("allowOverride").asBoolean();
    if (!allowOverride && task.assignee != null && !task.assignee.equals(assignee)) {
      throw EngineException.invalidState(
          "Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '" + task.key
              + "', but it is already assigned to '" + task.assignee + "' and override is not allowed");
    }
    task.assignee = assignee;
    return null;
  }

  private JsonNode unassignUserTask(JsonNode body) {
    UserTask task = openUserTask(body, "UNASSIGN", "unassign");
    task.assignee = null;
    return null;
  }

  private JsonNode updateUserTask(JsonNode body) {
    UserTask task = openUserTask(body, "UPDATE", "update");
    JsonNode changeset = body.path("changeset");
    if (changeset.hasNonNull("dueDate")) {
      task.dueDate = blankToNull(changeset.get("dueDate").asText());
    }
    if (changeset.hasNonNull("followUpDate")) {
      task.followUpDate = blankToNull(changeset.get("followUpDate").asText());
    }
    if (changeset.hasNonNull("candidateGroups")) {
      List<String> groups = new ArrayList<>();
      changeset.get("candidateGroups").forEach(g -> groups.add(g.asText()));
      task.candidateGroups = groups;
    }
    if (changeset.hasNonNull("candidateUsers")) {
      List<String> users = new ArrayList<>();
      changeset.get("candidateUsers").forEach(u -> users.add(u.asText()));
      task.candidateUsers = users;
    }
    if (changeset.hasNonNull("priority")) {
      int priority = changeset.get("priority").asInt();
      if (priority < 0 || priority > 100) {
        throw EngineException.invalidArgument("priority must be between 0 and 100, was " + priority);
      }
      task.priority = priority;
    }
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private JsonNode completeUserTask(JsonNode body) {
    UserTask task = openUserTask(body, "COMPLETE", "complete");
    Map<String, Object> variables = Json.variables(body.get("variables"));
    task.state = UserTask.State.COMPLETED;
    task.completionDate = now;
    leave(task.elementInstance, variables);
    run();
    return null;
  }

  // ---------------------------------------------------------------- clock

  private JsonNode clockAdd(JsonNode body) {
    state.clockOffset += body.path("offsetMilli").asLong();
    jobsAvailable = true;
    return null;
  }

  private JsonNode clockReset() {
    state.clockOffset = 0;
    return null;
  }
}
