package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.dmn.Decisions;
import org.exportcert.engine.dmn.DmnEngineAdapter;
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
import org.exportcert.engine.state.BufferedMessage;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.MessageSubscription;
import org.exportcert.engine.state.Timer;
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
  private final Decisions decisions;
  private final StartEvents startEvents = new StartEvents(this);
  private final Signals signals = new Signals(this);
  private final ExecutionListeners listeners = new ExecutionListeners(this);
  private final TaskListeners taskListeners = new TaskListeners(this);
  private final Compensation compensation = new Compensation(this);
  private final Agenda agenda = new Agenda();
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

  public BpmnRuntime(EngineState state) {
    this.state = state;
    this.feel = new Feel(() -> now);
    this.parser = new BpmnParser(feel);
    this.decisions = new Decisions(() -> now);
  }

  public EngineState state() {
    return state;
  }

  StartEvents startEvents() {
    return startEvents;
  }

  void reset(EngineState fresh) {
    this.state = fresh;
    nextTimerDue = Long.MAX_VALUE;
    nextTimeEvent = Long.MAX_VALUE;
    agenda.clear();
    listeners.reset();
    taskListeners.reset();
    endedInstances.clear();
  }

  // ---------------------------------------------------------------- dispatch

  /** Executes one command; returns its response body (null for 204). */
  JsonNode execute(String type, JsonNode body) {
    return switch (type) {
      case "deploy" -> deploy(body);
      case "create" -> createInstance(body);
      case "cancel" -> cancel(body);
      case "delete-resource" -> new ResourceDeletion(this).delete(body);
      case "modify-instance" -> new ProcessInstanceModification(this).modify(body);
      case "migrate-instance" -> new ProcessInstanceMigration(this).migrate(body);
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
      case "clock-pin" -> clockPin(body);
      case "trigger-timers" -> triggerTimers();
      case "publish-message" -> publishMessage(body);
      case "correlate-message" -> correlateMessage(body);
      case "evaluate-decision" -> decisions.evaluate(state, body, now);
      case "broadcast-signal" -> signals.broadcast(body);
      case "continue" -> {
        run();
        yield null;
      }
      default -> throw new IllegalArgumentException("unknown command " + type);
    };
  }

  // ---------------------------------------------------------------- deployment

  private JsonNode deploy(JsonNode body) {
    String tenantId = tenant(body);
    List<String> errors = new ArrayList<>();
    record ParsedResource(String name, String content, String checksum, List<ProcessModel> processes, String formId, DmnEngineAdapter.ParsedDrg drg) {}
    Map<String, DmnEngineAdapter.ParsedDrg> drgs = new LinkedHashMap<>();
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
          parsed.add(new ParsedResource(name, content, checksum, parser.parse(name, bytes), null, null));
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
            parsed.add(new ParsedResource(name, content, checksum, List.of(), formId, null));
          }
        } catch (Exception e) {
          errors.add("'" + name + "': not a valid form (JSON): " + e.getMessage());
        }
      } else if (lower.endsWith(".dmn")) {
        try {
          DmnEngineAdapter.ParsedDrg drg = decisions.parse(name, bytes);
          drgs.put(name, drg);
          parsed.add(new ParsedResource(name, content, checksum, List.of(), null, drg));
        } catch (DeploymentException e) {
          errors.add("'" + name + "':\n" + String.join("\n", e.errors()));
        }
      } else {
        errors.add("'" + name + "': unknown resource type, expected .bpmn, .xml, .dmn or .form");
      }
    }
    errors.addAll(Decisions.checkUnique(drgs));
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
      if (resource.drg() != null) {
        decisions.deploy(state, resource.drg(), resource.name(), resource.content(), resource.checksum(), tenantId, deploymentKey, deployments);
        continue;
      }
      if (resource.formId() != null) {
        DeployedForm form = state.latestForm(resource.formId());
        if (form == null || !form.checksum.equals(resource.checksum())) {
          DeployedForm fresh = new DeployedForm();
          fresh.key = state.newKey();
          fresh.formId = resource.formId();
          fresh.version = state.nextVersion("form", fresh.formId, form == null ? 0 : form.version);
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
          process.version = state.nextVersion("process", model.processId(), latest == null ? 0 : latest.version);
          process.resourceName = resource.name();
          process.xml = resource.content();
          process.checksum = resource.checksum();
          process.tenantId = tenantId;
          process.deploymentKey = deploymentKey;
          process.model = model;
          state.processesById.computeIfAbsent(process.processId, k -> new ArrayList<>()).add(process);
          state.processesByKey.put(process.key, process);
          startEvents.deployed(process);
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
    boolean instructed = startInstructions != null && startInstructions.isArray() && !startInstructions.isEmpty();
    if (!instructed && process.model.process().noneStartEventId() == null) {
      throw EngineException.invalidState(
          "Command 'CREATE' rejected with code 'INVALID_STATE': Expected to create instance of process with none start event, but there is no such event");
    }
    List<String> tags = new ArrayList<>();
    body.path("tags").forEach(t -> tags.add(t.asText()));
    ElementInstance pi = newProcessInstance(process, variables);
    pi.tags = List.copyOf(tags);
    pi.businessId = Json.text(body, "businessId");
    listeners.start(pi, () -> { // the process's start listeners first
      if (instructed) {
        for (JsonNode instruction : startInstructions) {
          ElementModel target = process.model.element(instruction.path("elementId").asText());
          ElementInstance scope = ensureScopes(pi, target);
          activate(target, scope);
        }
      } else {
        activate(process.model.element(process.model.process().noneStartEventId()), pi);
      }
    });
    run();
    return Views.created(pi, null);
  }

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
    EngineState.index(state.elementInstancesByInstance, pi.key, pi);
    setLocal(pi, variables);
    openEventSubprocesses(pi);
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
    listeners.start(pi, () -> agenda.add(() -> enter(ei)));
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

  /**
   * Process instance modification: a flow scope (subprocess, event subprocess) created around an
   * activated element, entered as Zeebe activates it there: input mappings, boundary events and
   * event subprocess triggers, but not its start event.
   */
  ElementInstance enterScopeForModification(ElementModel element, ElementInstance parent) {
    ElementInstance ei = newElementInstance(element, parent);
    try {
      applyInputs(ei);
      for (ElementModel boundary : element.timerBoundaries()) {
        schedule(ei, boundary);
      }
      for (ElementModel boundary : element.messageBoundaries()) {
        subscribe(ei, boundary);
      }
      for (ElementModel boundary : element.signalBoundaries()) {
        signals.subscribe(ei, boundary);
      }
      openEventSubprocesses(ei);
    } catch (FeelException e) {
      raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
    return ei;
  }

  /** Migration: opens a boundary event's subscription (timer, message or signal) on an active element. */
  void subscribeBoundary(ElementInstance owner, ElementModel boundary) {
    if (boundary.timer() != null) {
      schedule(owner, boundary);
    } else if (boundary.signalName() != null) {
      signals.subscribe(owner, boundary);
    } else if (boundary.messageName() != null) {
      subscribe(owner, boundary);
    }
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
    if (pi.parentCallActivity != null) {
      throw EngineException.invalidState(
          "Command 'CANCEL' rejected with code 'INVALID_STATE': Expected to cancel a process instance with key '" + key
              + "', but it is created by a parent process instance. Cancel the root process instance '" + rootOf(pi).key + "' instead.");
    }
    terminate(pi);
    endedInstances.add(pi);
    run(); // a buffered message may start the next instance for a freed correlation key
    return null;
  }

  // ---------------------------------------------------------------- token flow

  /** Runs the pending element steps, one slice at most (see {@link Agenda}); the processor continues the rest. */
  void run() {
    agenda.runSlice();
  }

  /** True while element steps wait for a "continue" command. */
  boolean hasPendingSteps() {
    return !agenda.isEmpty();
  }

  ElementInstance newElementInstance(ElementModel element, ElementInstance scope) {
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
    History.afterIndexed(state, ei.processInstanceKey);
    return ei;
  }

  private void activate(ElementModel element, ElementInstance scope) {
    ElementInstance ei = newElementInstance(element, scope);
    agenda.add(() -> enter(ei));
  }

  /** Activation: input mappings and the element's behaviour. Re-run when an incident is resolved. */
  private void enter(ElementInstance ei) {
    if (!ei.isActive() || listeners.isWaiting(ei)) {
      return;
    }
    ElementModel element = ei.element;
    if (element.loop() != null && !isInner(ei)) {
      try {
        enterBody(ei);
      } catch (FeelException e) {
        raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
      }
      return;
    }
    try {
      if (!ei.startListenersDone) { // applied once: the start listeners' continuation comes back here
        applyInputs(ei);
      }
    } catch (FeelException e) {
      raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
      return;
    }
    if (ExecutionListeners.hasStart(ei)) {
      listeners.start(ei, () -> enter(ei));
      return;
    }
    try {
      if (ei.triggered) {
        leave(ei, ei.eventVariables); // the event that won the race after an event-based gateway
        return;
      }
      if (element.kind == ElementKind.EVENT_BASED_GATEWAY) {
        if (ei.timerKeys.isEmpty() && ei.subscriptionKeys.isEmpty() && ei.signalSubscriptionKeys.isEmpty()) {
          for (SequenceFlowModel flow : element.outgoing()) {
            ElementModel event = ei.process.model.element(flow.targetId());
            if (event.timer() != null) {
              schedule(ei, event);
            } else if (event.signalName() != null) {
              signals.subscribe(ei, event);
            } else {
              subscribe(ei, event);
            }
          }
        }
        return; // waits for the first event
      }
      if (!element.timerBoundaries().isEmpty() && ei.timerKeys.isEmpty() && !isInner(ei)) {
        for (ElementModel boundary : element.timerBoundaries()) {
          schedule(ei, boundary);
        }
      }
      if (!element.messageBoundaries().isEmpty() && ei.subscriptionKeys.isEmpty() && !isInner(ei)) {
        for (ElementModel boundary : element.messageBoundaries()) {
          subscribe(ei, boundary);
        }
      }
      if (!element.signalBoundaries().isEmpty() && ei.signalSubscriptionKeys.isEmpty() && !isInner(ei)) {
        for (ElementModel boundary : element.signalBoundaries()) {
          signals.subscribe(ei, boundary);
        }
      }
      if (element.kind == ElementKind.INTERMEDIATE_CATCH_EVENT && element.signalName() != null) {
        if (ei.signalSubscriptionKeys.isEmpty()) {
          signals.subscribe(ei, element);
        }
        return; // waits for the signal
      }
      if (element.compensationThrow()) {
        compensation.throwEvent(ei); // compensation hook: completes once the handlers it started have
        return;
      }
      if (element.errorThrow()) {
        throwBpmnError(ei, String.valueOf(feel.evaluateValue(element.errorCode(), visibleVariables(ei))), null, Map.of(), null);
        return;
      }
      if (element.escalation() && (element.kind == ElementKind.END_EVENT || element.kind == ElementKind.INTERMEDIATE_THROW_EVENT)) {
        escalate(ei, String.valueOf(feel.evaluateValue(element.escalationCode(), visibleVariables(ei))));
        if (ei.isActive()) {
          leave(ei, null); // not caught, or caught by a non-interrupting event: the throw event goes on
        }
        return;
      }
      if (element.signalName() != null && (element.kind == ElementKind.END_EVENT || element.kind == ElementKind.INTERMEDIATE_THROW_EVENT)) {
        signals.throwSignal(ei);
        leave(ei, null);
        return;
      }
      if ((element.kind == ElementKind.INTERMEDIATE_CATCH_EVENT || element.kind == ElementKind.RECEIVE_TASK)
          && element.messageName() != null) {
        if (ei.subscriptionKeys.isEmpty()) {
          subscribe(ei, element);
        }
        return; // waits for the message
      }
      if (element.kind == ElementKind.INTERMEDIATE_CATCH_EVENT && element.timer() != null) {
        if (ei.timerKeys.isEmpty()) {
          schedule(ei, element);
        }
        return; // waits for the timer
      }
      if (element.isJobWorkerTask() && (element.kind == ElementKind.END_EVENT || element.kind == ElementKind.INTERMEDIATE_THROW_EVENT)) {
        createJob(ei); // job-based message end and throw events: completing the job goes on
        return;
      }
      switch (element.kind) {
        case START_EVENT, END_EVENT, INTERMEDIATE_THROW_EVENT, INTERMEDIATE_CATCH_EVENT, MANUAL_TASK, TASK, PARALLEL_GATEWAY, RECEIVE_TASK -> leave(ei, null);
        case BOUNDARY_EVENT -> leave(ei, ei.eventVariables);
        case SUB_PROCESS -> {
          openEventSubprocesses(ei);
          activate(ei.process.model.element(element.noneStartEventId()), ei);
        }
        case EVENT_SUB_PROCESS -> throw new IllegalStateException("event subprocesses start through their start event");
        case CALL_ACTIVITY -> callProcess(ei);
        case EXCLUSIVE_GATEWAY -> {
          ei.chosenFlowId = chooseFlow(ei);
          if (ei.chosenFlowId != null) {
            leave(ei, null);
          }
        }
        case INCLUSIVE_GATEWAY -> {
          ei.chosenFlowIds = chooseFlows(ei);
          if (ei.chosenFlowIds != null) {
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
        case BUSINESS_RULE_TASK -> {
          if (element.calledDecisionId() != null) {
            evaluateCalledDecision(ei);
          } else {
            createJob(ei);
          }
        }
        case SERVICE_TASK, SEND_TASK -> createJob(ei);
        case PROCESS, EVENT_BASED_GATEWAY -> throw new IllegalStateException(element.kind + " is not entered here");
      }
    } catch (FeelException e) {
      raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
  }

  /** Business rule task with a called decision: evaluate now, result into resultVariable, or incident. */
  private void evaluateCalledDecision(ElementInstance ei) {
    Map<String, Object> variables = visibleVariables(ei);
    Object decisionId = feel.evaluateValue(ei.element.calledDecisionId(), variables);
    if (!(decisionId instanceof String id) || id.isBlank()) {
      throw new FeelException("Expected result of the expression '" + ei.element.calledDecisionId() + "' to be 'STRING', but was '" + decisionId + "'.");
    }
    Decisions.TaskOutcome outcome = decisions.evaluateForTask(state, ei, id, ei.element.calledDecisionBinding(), variables, now);
    if (outcome.failed()) {
      raiseIncident(ei, outcome.errorType(), outcome.errorMessage(), null, Incident.Retry.ENTER);
      return;
    }
    Map<String, Object> result = new HashMap<>();
    result.put(ei.element.resultVariable(), outcome.output());
    leave(ei, result);
  }

  /** A flow's condition: true or false, or null after raising the incident that says why not. */
  private Boolean conditionHolds(ElementInstance ei, SequenceFlowModel flow, Map<String, Object> variables) {
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
    return (Boolean) result;
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
      Boolean holds = conditionHolds(ei, flow, variables);
      if (holds == null) {
        return null;
      }
      if (holds) {
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

  /** Inclusive gateway fork: every flow whose condition holds, else the default flow, else an incident. */
  private List<String> chooseFlows(ElementInstance ei) {
    ElementModel gateway = ei.element;
    List<SequenceFlowModel> outgoing = gateway.outgoing();
    if (outgoing.size() == 1 && outgoing.get(0).condition() == null) {
      return List.of(outgoing.get(0).id());
    }
    Map<String, Object> variables = visibleVariables(ei);
    List<String> chosen = new ArrayList<>();
    for (SequenceFlowModel flow : outgoing) {
      if (flow.id().equals(gateway.defaultFlowId())) {
        continue;
      }
      if (flow.condition() == null) {
        chosen.add(flow.id());
        continue;
      }
      Boolean holds = conditionHolds(ei, flow, variables);
      if (holds == null) {
        return null;
      }
      if (holds) {
        chosen.add(flow.id());
      }
    }
    if (chosen.isEmpty() && gateway.defaultFlowId() != null) {
      chosen.add(gateway.defaultFlowId());
    }
    if (chosen.isEmpty()) {
      raiseIncident(ei, "CONDITION_ERROR",
          "Expected at least one condition to evaluate to true, or to have a default flow", null, Incident.Retry.ENTER);
      return null;
    }
    return chosen;
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
    if (!ei.isActive() || listeners.isWaiting(ei)) {
      return;
    }
    if (!ei.endListenersDone && !leaveMappings(ei)) { // once: the end listeners' continuation comes back here
      return;
    }
    if (ExecutionListeners.hasEnd(ei)) {
      listeners.end(ei, () -> finishLeave(ei));
      return;
    }
    ElementModel element = ei.element;
    cancelTimers(ei);
    closeSubscriptions(ei);
    ei.state = ElementInstance.State.COMPLETED;
    ei.endDate = now;
    compensation.completed(ei); // compensation hook: subscription, handler done, or instance done
    ElementInstance scope = ei.flowScope;
    if (scope == null) {
      endedInstances.add(ei);
      startEvents.instanceEnded(ei);
      ElementInstance caller = ei.parentCallActivity;
      if (caller != null && caller.isActive()) {
        agenda.add(() -> returnFromCall(caller, ei));
      }
      return;
    }
    if (isInner(ei)) {
      scope.activeChildren.remove(ei);
      afterInner(scope, ei);
      return;
    }
    if (element.kind == ElementKind.EXCLUSIVE_GATEWAY) {
      takeFlow(element.outgoing().stream().filter(f -> f.id().equals(ei.chosenFlowId)).findFirst().orElseThrow(), scope);
    } else if (element.kind == ElementKind.INCLUSIVE_GATEWAY) {
      for (SequenceFlowModel flow : element.outgoing()) {
        if (ei.chosenFlowIds.contains(flow.id())) {
          takeFlow(flow, scope);
        }
      }
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
    if (!scope.joinTokens.isEmpty()) {
      agenda.add(() -> fireInclusiveJoins(scope)); // a token gone elsewhere may be what a join waited for
    }
    if (scope.activeChildren.isEmpty() && scope.pendingJoinTokens() == 0 && scope.isActive()) {
      agenda.add(() -> {
        if (scope.isActive() && scope.activeChildren.isEmpty() && scope.pendingJoinTokens() == 0) {
          leave(scope, null);
        }
      });
    }
  }

  /** The multi-instance output collection and the output mappings; false after raising the incident that says why not. */
  private boolean leaveMappings(ElementInstance ei) {
    ElementModel element = ei.element;
    if (ei.multiInstanceBody && element.loop().outputCollection() != null && ei.flowScope != null) {
      Map<String, Variable> locals = state.variablesByScope.get(ei.key);
      Variable collection = locals == null ? null : locals.get(element.loop().outputCollection());
      Map<String, Object> out = new HashMap<>();
      out.put(element.loop().outputCollection(), collection == null ? List.of() : collection.value);
      merge(ei.flowScope, out);
    }
    if (!element.outputs().isEmpty() && ei.flowScope != null && !ei.multiInstanceBody) {
      try {
        Map<String, Object> outputs = evaluateMappings(element.outputs(), visibleVariables(ei));
        merge(ei.flowScope, outputs);
      } catch (FeelException e) {
        raiseIncident(ei, "IO_MAPPING_ERROR", e.getMessage(), null, Incident.Retry.LEAVE);
        return false;
      }
    }
    return true;
  }

  private void takeFlow(SequenceFlowModel flow, ElementInstance scope) {
    noteTaken(scope, flow);
    ElementModel target = scope.process.model.element(flow.targetId());
    if (target.kind == ElementKind.INCLUSIVE_GATEWAY && target.incoming().size() > 1) {
      // the join decides once the current step is done, when every element still able to reach it is known
      scope.joinTokens.merge(flow.id(), 1, Integer::sum);
      return;
    }
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

  /**
   * Activates each inclusive join of a scope that holds tokens and can get no more: no active element
   * and no token waiting at another join of the scope can still reach one of its incoming flows that
   * has no token yet. Consumes one token per incoming flow that has one (Zeebe's converging rule).
   */
  private void fireInclusiveJoins(ElementInstance scope) {
    if (!scope.isActive() || scope.joinTokens.isEmpty()) {
      return;
    }
    ProcessModel model = scope.process.model;
    for (ElementModel gateway : InclusiveJoin.waitingGateways(model, scope.joinTokens)) {
      if (!InclusiveJoin.canFire(model, gateway, scope)) {
        continue;
      }
      for (String incoming : gateway.incoming()) {
        scope.joinTokens.computeIfPresent(incoming, (k, v) -> v == 1 ? null : v - 1);
      }
      activate(gateway, scope);
    }
  }

  /** Terminates an element instance and everything below it: jobs, user tasks, incidents. */
  void terminate(ElementInstance ei) {
    if (!ei.isActive()) {
      return;
    }
    for (ElementInstance child : List.copyOf(ei.activeChildren)) {
      terminate(child);
    }
    ei.joinTokens.clear();
    if (ei.calledInstanceKey != null) {
      ElementInstance child = state.processInstances.get(ei.calledInstanceKey);
      if (child != null && child.isActive()) {
        terminate(child);
        endedInstances.add(child);
      }
    }
    if (ei.jobKey != null) {
      Job job = state.jobs.get(ei.jobKey);
      if (job != null && job.isOpen()) {
        job.state = Job.State.CANCELED;
        state.closeJob(job);
      }
    }
    if (ei.userTaskKey != null) {
      UserTask task = state.userTasks.get(ei.userTaskKey);
      if (task != null && task.state != UserTask.State.COMPLETED && task.state != UserTask.State.CANCELED) {
        taskListeners.cancel(task);
        task.state = UserTask.State.CANCELED;
        task.completionDate = now;
      }
    }
    resolveIncidentsOf(ei);
    listeners.cancel(ei);
    cancelTimers(ei);
    closeSubscriptions(ei);
    ei.state = ElementInstance.State.TERMINATED;
    ei.endDate = now;
    compensation.terminated(ei); // compensation hook: what completed inside can't be compensated any more
    if (ei.flowScope != null) {
      ei.flowScope.activeChildren.remove(ei);
    } else {
      startEvents.instanceEnded(ei);
    }
  }

  /** Records a taken flow once (searches list each flow taken; a loop must not grow the list). */
  private void noteTaken(ElementInstance scope, SequenceFlowModel flow) {
    List<String> taken = state.takenFlows.computeIfAbsent(scope.processInstanceKey, k -> new ArrayList<>());
    if (!taken.contains(flow.id())) {
      taken.add(flow.id());
    }
  }

  /** Runs a step after the current one (same command): how triggered events enter. */
  void later(Runnable step) {
    agenda.add(step);
  }

  /** Enters an element instance created by a trigger (boundary event, catch event) on the agenda. */
  void enterLater(ElementInstance ei) {
    agenda.add(() -> enter(ei));
  }

  /** Completes a waiting element (catch event) with a trigger's variables. */
  void complete(ElementInstance ei, Map<String, Object> variables) {
    leave(ei, variables);
  }

  Feel feel() {
    return feel;
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

  void raiseIncident(ElementInstance ei, String errorType, String message, Job job, Incident.Retry retry) {
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
      Object value = feel.evaluateValue(mapping.source(), context);
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
    Map<String, Object> context = visibleVariables(ei); // own locals: a multi-instance inputElement, loopCounter
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (Mapping mapping : ei.element.inputs()) {
      Map<String, Object> merged = new HashMap<>(context);
      merged.putAll(inputs);
      Object value = feel.evaluateValue(mapping.source(), merged);
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
    boolean local = body.path("local").asBoolean(false);
    Runnable apply = () -> {
      if (local) {
        setLocal(ei, variables);
      } else {
        merge(ei, variables);
      }
    };
    UserTask task = ei.userTaskKey == null ? null : state.userTasks.get(ei.userTaskKey);
    if (task != null && task.state == UserTask.State.CREATED) {
      // variables set on a Camunda user task are an update its updating listeners may deny
      taskListeners.run(task, "updating", UserTask.State.UPDATING, List.of("variables"), apply, () -> { });
      run();
    } else {
      apply.run();
    }
    return null;
  }

  // ---------------------------------------------------------------- jobs

  private void createJob(ElementInstance ei) {
    ElementModel element = ei.element;
    Map<String, Object> variables = visibleVariables(ei);
    String type = Jobs.type(feel, element.jobType(), variables);
    int retryCount = Jobs.retries(feel, element.jobRetries(), variables);
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
    Job job = Jobs.open(state, ei, type, retryCount, headers, now);
    job.userTaskProperties = userTaskProperties;
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
    boolean taskListener = TaskListeners.isTaskListenerJob(job);
    if (taskListener) {
      taskListeners.check(job, body);
    }
    Map<String, Object> variables = Json.variables(body.get("variables"));
    job.state = Job.State.COMPLETED;
    state.closeJob(job);
    if (taskListener) {
      taskListeners.completed(job, body);
      run();
      return null;
    }
    if (job.listenerEventType != null) {
      listeners.completed(job, variables);
      run();
      return null;
    }
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
    if (job.listenerEventType != null) {
      throw EngineException.invalidState(
          "Command 'THROW_ERROR' rejected with code 'INVALID_STATE': Expected to throw an error for job with key '" + job.key
              + "', but it is a listener job (execution or task listener), for which throwing a BPMN error is not supported");
    }
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
    throwBpmnError(job.elementInstance, code, job.errorMessage, variables, job);
    run();
    return null;
  }

  /**
   * A BPMN error thrown by a job's worker or an error end event: caught by the nearest error event
   * subprocess or error boundary event up the scope hierarchy (through call activities), by code
   * first, else a catch-all; uncaught it raises UNHANDLED_ERROR_EVENT on the thrower.
   */
  private void throwBpmnError(ElementInstance thrower, String code, String message, Map<String, Object> variables, Job job) {
    ElementInstance catcher = null;
    ElementModel boundary = null;
    // nearest catch up the scope hierarchy, continuing from a called process into its call activity
    ElementModel errorStart = null;
    for (ElementInstance scope = thrower; scope != null && boundary == null && errorStart == null;
        scope = scope.flowScope != null ? scope.flowScope : scope.parentCallActivity) {
      if (scope != thrower && scope.element.kind.isScope()) {
        errorStart = matchingErrorStart(scope, code);
      }
      if (errorStart == null) {
        boundary = isInner(scope) ? null : matchingBoundary(scope.element, code);
      }
      catcher = scope;
    }
    if (boundary == null && errorStart == null) {
      if (job != null) {
        job.state = Job.State.ERROR_THROWN;
      }
      raiseIncident(thrower, "UNHANDLED_ERROR_EVENT",
          "Expected to throw an error event with the code '" + code + "' with message '" + (message == null ? "" : message)
              + "', but it was not caught. No error events are available in the scope.",
          job, job != null ? Incident.Retry.JOB : Incident.Retry.ENTER);
      return;
    }
    if (job != null) {
      state.closeJob(job);
      job.state = Job.State.COMPLETED; // so terminating the task does not cancel it
    }
    if (errorStart != null) {
      startEventSubprocess(catcher, errorStart, variables);
    } else {
      // Caught: the attached activity (and everything in it) is interrupted, the boundary event
      // takes over in the activity's flow scope with the error variables as its local variables.
      terminate(catcher);
      ElementInstance event = newElementInstance(boundary, catcher.flowScope);
      setLocal(event, variables);
      agenda.add(() -> enter(event));
    }
    if (job != null) {
      job.state = Job.State.ERROR_THROWN;
    }
  }

  /**
   * An escalation thrown by an intermediate throw or end event: caught by the nearest escalation
   * event subprocess or escalation boundary (on a subprocess or call activity) up the scope
   * hierarchy, by code first, else a catch-all. Interrupting catches terminate their scope (the
   * thrower with it); non-interrupting ones start alongside. Uncaught, nothing happens (Zeebe's rule).
   */
  private void escalate(ElementInstance thrower, String code) {
    for (ElementInstance scope = thrower.flowScope != null ? thrower.flowScope : thrower.parentCallActivity; scope != null;
        scope = scope.flowScope != null ? scope.flowScope : scope.parentCallActivity) {
      if (scope.element.kind.isScope()) {
        ElementModel start = matchingEscalation(escalationStarts(scope), code);
        if (start != null) {
          startEventSubprocess(scope, start, null);
          return;
        }
      }
      ElementModel boundary = isInner(scope) ? null : matchingEscalation(scope.element.escalationBoundaries(), code);
      if (boundary != null) {
        ElementInstance flowScope = scope.flowScope;
        if (boundary.interrupting()) {
          terminate(scope);
        }
        ElementInstance event = newElementInstance(boundary, flowScope);
        agenda.add(() -> enter(event));
        return;
      }
    }
  }

  private static List<ElementModel> escalationStarts(ElementInstance scope) {
    List<ElementModel> starts = new ArrayList<>();
    for (ElementModel sub : scope.element.eventSubprocesses()) {
      ElementModel start = scope.process.model.element(sub.noneStartEventId());
      if (start.escalation()) {
        starts.add(start);
      }
    }
    return starts;
  }

  /** By code first, else the first catch-all (no code). */
  private static ElementModel matchingEscalation(List<ElementModel> catchers, String code) {
    ElementModel catchAll = null;
    for (ElementModel candidate : catchers) {
      if (candidate.escalationCode() == null) {
        if (catchAll == null) {
          catchAll = candidate;
        }
      } else if (candidate.escalationCode().equals(code)) {
        return candidate;
      }
    }
    return catchAll;
  }

  /** The error start event of one of a scope's event subprocesses catching a code (by code first, else catch-all). */
  private static ElementModel matchingErrorStart(ElementInstance scope, String code) {
    ElementModel catchAll = null;
    for (ElementModel sub : scope.element.eventSubprocesses()) {
      ElementModel start = scope.process.model.element(sub.noneStartEventId());
      if (!start.errorStart()) {
        continue;
      }
      if (start.errorCode() == null || start.errorCode().isBlank()) {
        if (catchAll == null) {
          catchAll = start;
        }
      } else if (start.errorCode().equals(code)) {
        return start;
      }
    }
    return catchAll;
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
    if (listeners.resume(ei) || taskListeners.resume(ei)) { // a listener's type or retries expression failed: its listeners run again
      run();
      return null;
    }
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
    taskListeners.run(task, "creating", UserTask.State.CREATING, List.of(), () -> {
      if (task.assignee != null) { // created with an assignee: the assigning listeners follow, as in Zeebe
        taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), () -> { }, () -> task.assignee = null);
      }
    }, () -> { });
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
    String previous = task.assignee;
    task.assignee = assignee;
    taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), () -> { }, () -> task.assignee = previous);
    run();
    return null;
  }

  private JsonNode unassignUserTask(JsonNode body) {
    UserTask task = openUserTask(body, "UNASSIGN", "unassign");
    String previous = task.assignee;
    task.assignee = null;
    taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), () -> { }, () -> task.assignee = previous);
    run();
    return null;
  }

  private JsonNode updateUserTask(JsonNode body) {
    UserTask task = openUserTask(body, "UPDATE", "update");
    JsonNode changeset = body.path("changeset");
    if (changeset.hasNonNull("priority") && (changeset.get("priority").asInt() < 0 || changeset.get("priority").asInt() > 100)) {
      throw EngineException.invalidArgument("priority must be between 0 and 100, was " + changeset.get("priority").asInt());
    }
    // kept so that an updating listener's denial can undo the change
    String dueDate = task.dueDate;
    String followUpDate = task.followUpDate;
    List<String> candidateGroups = task.candidateGroups;
    List<String> candidateUsers = task.candidateUsers;
    int priority = task.priority;
    List<String> changed = new ArrayList<>();
    if (changeset.hasNonNull("dueDate")) {
      task.dueDate = blankToNull(changeset.get("dueDate").asText());
      changed.add("dueDate");
    }
    if (changeset.hasNonNull("followUpDate")) {
      task.followUpDate = blankToNull(changeset.get("followUpDate").asText());
      changed.add("followUpDate");
    }
    if (changeset.hasNonNull("candidateGroups")) {
      List<String> groups = new ArrayList<>();
      changeset.get("candidateGroups").forEach(g -> groups.add(g.asText()));
      task.candidateGroups = groups;
      changed.add("candidateGroups");
    }
    if (changeset.hasNonNull("candidateUsers")) {
      List<String> users = new ArrayList<>();
      changeset.get("candidateUsers").forEach(u -> users.add(u.asText()));
      task.candidateUsers = users;
      changed.add("candidateUsers");
    }
    if (changeset.hasNonNull("priority")) {
      task.priority = changeset.get("priority").asInt();
      changed.add("priority");
    }
    taskListeners.run(task, "updating", UserTask.State.UPDATING, changed, () -> { }, () -> {
      task.dueDate = dueDate;
      task.followUpDate = followUpDate;
      task.candidateGroups = candidateGroups;
      task.candidateUsers = candidateUsers;
      task.priority = priority;
    });
    run();
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private JsonNode completeUserTask(JsonNode body) {
    UserTask task = openUserTask(body, "COMPLETE", "complete");
    Map<String, Object> variables = Json.variables(body.get("variables"));
    taskListeners.run(task, "completing", UserTask.State.COMPLETING, List.of(), () -> {
      task.state = UserTask.State.COMPLETED;
      task.completionDate = now;
      leave(task.elementInstance, variables);
    }, () -> { });
    run();
    return null;
  }

  // ---------------------------------------------------------------- event subprocesses

  /** Opens the message and timer start triggers of a scope's event subprocesses (owned by the scope). */
  private void openEventSubprocesses(ElementInstance scope) {
    if (scope.eventSubprocessesOpened) {
      return;
    }
    scope.eventSubprocessesOpened = true;
    for (ElementModel sub : scope.element.eventSubprocesses()) {
      ElementModel start = scope.process.model.element(sub.noneStartEventId());
      if (start.timer() != null) {
        schedule(scope, start);
      } else if (start.messageName() != null) {
        subscribe(scope, start);
      } else if (start.signalName() != null) {
        signals.subscribe(scope, start);
      }
    }
  }

  /** Starts an event subprocess in its scope; an interrupting one first terminates everything else there. */
  void startEventSubprocess(ElementInstance scope, ElementModel start, Map<String, Object> variables) {
    if (!scope.isActive()) {
      return;
    }
    if (start.interrupting() || start.errorStart()) {
      for (ElementInstance child : List.copyOf(scope.activeChildren)) {
        terminate(child);
      }
      scope.joinTokens.clear();
      cancelTimers(scope);
      closeSubscriptions(scope);
    }
    ElementInstance sub = newElementInstance(scope.process.model.element(start.scopeId), scope);
    ElementInstance startInstance = newElementInstance(start, sub);
    startInstance.triggered = true;
    startInstance.eventVariables = variables;
    listeners.start(sub, () -> agenda.add(() -> enter(startInstance)));
  }

  // ---------------------------------------------------------------- multi-instance

  /** An inner instance of a multi-instance activity (its flow scope is the activity's body). */
  static boolean isInner(ElementInstance ei) {
    return ei.flowScope != null && ei.flowScope.multiInstanceBody && ei.flowScope.element == ei.element;
  }

  private void enterBody(ElementInstance body) {
    ElementModel element = body.element;
    org.exportcert.engine.model.LoopSpec loop = element.loop();
    body.multiInstanceBody = true;
    if (body.timerKeys.isEmpty()) {
      for (ElementModel boundary : element.timerBoundaries()) {
        schedule(body, boundary);
      }
    }
    if (body.subscriptionKeys.isEmpty()) {
      for (ElementModel boundary : element.messageBoundaries()) {
        subscribe(body, boundary);
      }
    }
    if (body.signalSubscriptionKeys.isEmpty()) {
      for (ElementModel boundary : element.signalBoundaries()) {
        signals.subscribe(body, boundary);
      }
    }
    Object collection = feel.evaluate(loop.inputCollection(), visibleVariables(body));
    if (!(collection instanceof List<?> items)) {
      throw new FeelException("Expected result of the expression '" + loop.inputCollection() + "' to be 'ARRAY', but was '"
          + (collection == null ? "NULL" : collection.getClass().getSimpleName().toUpperCase()) + "'.");
    }
    body.loopItems = new ArrayList<>(items);
    body.loopNext = 0;
    if (loop.outputCollection() != null) {
      List<Object> output = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        output.add(null);
      }
      setVariable(body, loop.outputCollection(), output);
    }
    if (items.isEmpty()) {
      leave(body, null);
      return;
    }
    if (loop.sequential()) {
      startInner(body);
    } else {
      while (body.loopNext < body.loopItems.size()) {
        startInner(body);
      }
    }
  }

  private void startInner(ElementInstance body) {
    int index = body.loopNext++;
    ElementInstance inner = newElementInstance(body.element, body);
    Map<String, Object> locals = new LinkedHashMap<>();
    locals.put("loopCounter", (long) index + 1);
    if (body.element.loop().inputElement() != null) {
      locals.put(body.element.loop().inputElement(), body.loopItems.get(index));
    }
    setLocal(inner, locals);
    agenda.add(() -> enter(inner));
  }

  @SuppressWarnings("unchecked")
  private void afterInner(ElementInstance body, ElementInstance inner) {
    org.exportcert.engine.model.LoopSpec loop = body.element.loop();
    body.loopCompleted++;
    if (loop.outputCollection() != null && loop.outputElement() != null) {
      Object value;
      try {
        value = feel.evaluate(loop.outputElement(), visibleVariables(inner));
      } catch (FeelException e) {
        value = null;
      }
      Variable collection = state.variablesByScope.get(body.key).get(loop.outputCollection());
      List<Object> output = new ArrayList<>((List<Object>) collection.value);
      Object counter = state.variablesByScope.get(inner.key).get("loopCounter").value;
      output.set(((Number) counter).intValue() - 1, value);
      setVariable(body, loop.outputCollection(), output);
    }
    boolean done = false;
    if (loop.completionCondition() != null) {
      Map<String, Object> context = visibleVariables(body);
      context.put("numberOfInstances", (long) body.loopItems.size());
      context.put("numberOfActiveInstances", (long) body.activeChildren.size());
      context.put("numberOfCompletedInstances", (long) body.loopCompleted);
      context.put("numberOfTerminatedInstances", (long) body.loopTerminated);
      Object result;
      try {
        result = feel.evaluate(loop.completionCondition(), context);
      } catch (FeelException e) {
        result = null;
      }
      done = Boolean.TRUE.equals(result);
    }
    if (done) {
      for (ElementInstance other : List.copyOf(body.activeChildren)) {
        terminate(other);
        body.loopTerminated++;
      }
    } else if (loop.sequential() && body.loopNext < body.loopItems.size()) {
      startInner(body);
    }
    if (body.activeChildren.isEmpty() && body.isActive()) {
      agenda.add(() -> {
        if (body.isActive() && body.activeChildren.isEmpty()) {
          leave(body, null);
        }
      });
    }
  }

  // ---------------------------------------------------------------- call activities

  private void callProcess(ElementInstance ei) {
    ElementModel element = ei.element;
    Map<String, Object> variables = visibleVariables(ei);
    Object processId = feel.evaluateValue(element.calledProcessId(), variables);
    DeployedProcess called = processId == null ? null : state.latest(String.valueOf(processId));
    if (called == null) {
      raiseIncident(ei, "CALLED_ELEMENT_ERROR",
          "Expected process with BPMN process id '" + processId + "' to be deployed, but not found.", null, Incident.Retry.ENTER);
      return;
    }
    ElementInstance child = new ElementInstance();
    child.key = state.newKey();
    child.processInstanceKey = child.key;
    child.process = called;
    child.element = called.model.process();
    child.startDate = now;
    child.parentCallActivity = ei;
    child.tags = rootOf(ei).tags;
    state.elementInstances.put(child.key, child);
    state.processInstances.put(child.key, child);
    EngineState.index(state.elementInstancesByInstance, child.key, child);
    EngineState.index(state.childInstances, ei.processInstanceKey, child.key);
    ei.calledInstanceKey = child.key;
    Map<String, Object> passed = new LinkedHashMap<>();
    if (element.propagateAllParentVariables()) {
      passed.putAll(variables);
    } else {
      Map<String, Variable> locals = state.variablesByScope.get(ei.key);
      if (locals != null) {
        locals.values().forEach(v -> passed.put(v.name, v.value));
      }
    }
    setLocal(child, passed);
    openEventSubprocesses(child);
    listeners.start(child, () -> activate(called.model.element(called.model.process().noneStartEventId()), child));
  }

  private void returnFromCall(ElementInstance caller, ElementInstance child) {
    if (!caller.isActive()) {
      return;
    }
    Map<String, Object> childVariables = new LinkedHashMap<>();
    Map<String, Variable> root = state.variablesByScope.get(child.key);
    if (root != null) {
      root.values().forEach(v -> childVariables.put(v.name, v.value));
    }
    boolean propagate = caller.element.propagateAllChildVariables() || !caller.element.outputs().isEmpty();
    leave(caller, propagate ? childVariables : null);
  }

  private static ElementInstance rootOf(ElementInstance ei) {
    ElementInstance current = ei;
    while (current.flowScope != null || current.parentCallActivity != null) {
      current = current.flowScope != null ? current.flowScope : current.parentCallActivity;
    }
    return current;
  }

  // ---------------------------------------------------------------- messages

  private void subscribe(ElementInstance owner, ElementModel event) {
    Map<String, Object> variables = visibleVariables(owner);
    Object name = feel.evaluateValue(event.messageName(), variables);
    Object key = feel.evaluateValue(event.correlationKey(), variables);
    if (name == null || String.valueOf(name).isBlank()) {
      throw new FeelException("Expected the message name of '" + event.id + "' to be a non-empty string, but was '" + name + "'");
    }
    if (!(key instanceof String) && !(key instanceof Number)) {
      throw new FeelException("Failed to extract the correlation key for '" + event.correlationKey() + "': The value must be either a string or a number, but was '"
          + (key == null ? "NULL" : key.getClass().getSimpleName()) + "'.");
    }
    MessageSubscription subscription = new MessageSubscription();
    subscription.key = state.newKey();
    subscription.owner = owner;
    subscription.event = event;
    subscription.messageName = String.valueOf(name);
    subscription.correlationKey = String.valueOf(key);
    subscription.lastUpdated = now;
    state.messageSubscriptions.put(subscription.key, subscription);
    state.openSubscriptionsByName.computeIfAbsent(subscription.messageName, n -> new java.util.LinkedHashSet<>()).add(subscription.key);
    EngineState.index(state.subscriptionsByInstance, owner.processInstanceKey, subscription);
    owner.subscriptionKeys.add(subscription.key);
    // a buffered message published earlier correlates now (at most once per process instance)
    for (BufferedMessage message : state.bufferedMessages.values()) {
      if (message.expiresAt > now && message.name.equals(subscription.messageName)
          && message.correlationKey.equals(subscription.correlationKey)
          && !message.correlatedInstances.contains(owner.processInstanceKey)) {
        message.correlatedInstances.add(owner.processInstanceKey);
        MessageSubscription target = subscription;
        agenda.add(() -> trigger(target, message.variables, message.key));
        break;
      }
    }
  }

  private void closeSubscriptions(ElementInstance ei) {
    for (Long key : ei.subscriptionKeys) {
      MessageSubscription subscription = state.messageSubscriptions.get(key);
      if (subscription != null && subscription.state == MessageSubscription.State.CREATED) {
        subscription.state = MessageSubscription.State.DELETED;
        subscription.lastUpdated = now;
        java.util.Set<Long> open = state.openSubscriptionsByName.get(subscription.messageName);
        if (open != null) {
          open.remove(key);
        }
      }
    }
    ei.subscriptionKeys.clear();
    signals.close(ei);
  }

  /** A message reached a subscription: the catch event or receive task completes, or the boundary event fires. */
  private void trigger(MessageSubscription subscription, Map<String, Object> variables, long messageKey) {
    ElementInstance owner = subscription.owner;
    if (subscription.state != MessageSubscription.State.CREATED || !owner.isActive()) {
      return;
    }
    boolean eventSubprocessStart = subscription.event.kind == ElementKind.START_EVENT;
    boolean interruptingOrWait = (subscription.event.kind != ElementKind.BOUNDARY_EVENT && !eventSubprocessStart)
        || subscription.event.interrupting();
    if (interruptingOrWait) {
      closeSubscriptions(owner);
    }
    subscription.state = MessageSubscription.State.CORRELATED;
    subscription.lastUpdated = now;
    subscription.correlatedMessageKey = messageKey;
    if (owner.element.kind == ElementKind.EVENT_BASED_GATEWAY) {
      passGateway(owner, subscription.event, variables);
      return;
    }
    if (subscription.event.kind != ElementKind.BOUNDARY_EVENT && !eventSubprocessStart) {
      leave(owner, variables);
      return;
    }
    ElementInstance scope = owner.flowScope;
    if (eventSubprocessStart && subscription.event.interrupting()) {
      startEventSubprocess(owner, subscription.event, variables);
      return;
    }
    if (subscription.event.interrupting()) {
      terminate(owner);
    } else {
      // a non-interrupting boundary keeps listening: reopen an equal subscription
      java.util.Set<Long> open = state.openSubscriptionsByName.get(subscription.messageName);
      if (open != null) {
        open.remove(subscription.key);
      }
      owner.subscriptionKeys.remove(subscription.key);
      MessageSubscription again = new MessageSubscription();
      again.key = state.newKey();
      again.owner = owner;
      again.event = subscription.event;
      again.messageName = subscription.messageName;
      again.correlationKey = subscription.correlationKey;
      again.lastUpdated = now;
      state.messageSubscriptions.put(again.key, again);
      state.openSubscriptionsByName.computeIfAbsent(again.messageName, n -> new java.util.LinkedHashSet<>()).add(again.key);
      EngineState.index(state.subscriptionsByInstance, owner.processInstanceKey, again);
      owner.subscriptionKeys.add(again.key);
    }
    if (eventSubprocessStart) {
      startEventSubprocess(owner, subscription.event, variables);
      return;
    }
    ElementInstance event = newElementInstance(subscription.event, scope);
    event.eventVariables = variables;
    agenda.add(() -> enter(event));
  }

  /** The first event after an event-based gateway happened: the gateway completes, that event follows. */
  void passGateway(ElementInstance gateway, ElementModel event, Map<String, Object> variables) {
    cancelTimers(gateway);
    closeSubscriptions(gateway);
    ElementInstance scope = gateway.flowScope;
    gateway.state = ElementInstance.State.COMPLETED;
    gateway.endDate = now;
    for (SequenceFlowModel flow : gateway.element.outgoing()) {
      if (flow.targetId().equals(event.id)) {
        noteTaken(scope, flow);
      }
    }
    ElementInstance next = newElementInstance(event, scope);
    scope.activeChildren.remove(gateway);
    next.triggered = true;
    next.eventVariables = variables;
    agenda.add(() -> enter(next));
  }

  /** Open subscriptions for a message, at most one per process instance, oldest first. */
  private List<MessageSubscription> matching(String name, String correlationKey) {
    List<MessageSubscription> result = new ArrayList<>();
    java.util.Set<Long> instances = new java.util.HashSet<>();
    for (Long key : state.openSubscriptionsByName.getOrDefault(name, java.util.Set.of())) {
      MessageSubscription subscription = state.messageSubscriptions.get(key);
      if (subscription.correlationKey.equals(correlationKey) && instances.add(subscription.owner.processInstanceKey)) {
        result.add(subscription);
      }
    }
    return result;
  }

  private JsonNode publishMessage(JsonNode body) {
    String name = Json.text(body, "name");
    if (name == null || name.isBlank()) {
      throw EngineException.invalidArgument("No name provided.");
    }
    String correlationKey = Json.text(body, "correlationKey");
    correlationKey = correlationKey == null ? "" : correlationKey;
    long ttl = Math.max(0, body.path("timeToLive").asLong(0));
    String messageId = Json.text(body, "messageId");
    Map<String, Object> variables = Json.variables(body.get("variables"));
    state.bufferedMessages.values().removeIf(m -> m.expiresAt <= now);
    if (messageId != null && !messageId.isBlank()) {
      for (BufferedMessage buffered : state.bufferedMessages.values()) {
        if (messageId.equals(buffered.messageId) && buffered.name.equals(name)) {
          throw new EngineException(409, "ALREADY_EXISTS",
              "Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '" + messageId
                  + "', but a message with that id was already published");
        }
      }
    }
    BufferedMessage message = new BufferedMessage();
    message.key = state.newKey();
    message.name = name;
    message.correlationKey = correlationKey;
    message.messageId = messageId;
    message.variables = variables;
    message.expiresAt = now + ttl;
    for (MessageSubscription subscription : matching(name, correlationKey)) {
      message.correlatedInstances.add(subscription.owner.processInstanceKey);
      trigger(subscription, variables, message.key);
      run();
    }
    startEvents.correlate(message);
    if (ttl > 0) {
      state.bufferedMessages.put(message.key, message);
    }
    ObjectNode response = Json.object();
    response.put("tenantId", tenant(body));
    response.put("messageKey", String.valueOf(message.key));
    return response;
  }

  private JsonNode correlateMessage(JsonNode body) {
    String name = Json.text(body, "name");
    if (name == null || name.isBlank()) {
      throw EngineException.invalidArgument("No name provided.");
    }
    String correlationKey = Json.text(body, "correlationKey");
    correlationKey = correlationKey == null ? "" : correlationKey;
    List<MessageSubscription> targets = matching(name, correlationKey);
    BufferedMessage message = new BufferedMessage();
    message.name = name;
    message.correlationKey = correlationKey;
    message.variables = Json.variables(body.get("variables"));
    if (targets.isEmpty() && !startEvents.canCorrelate(message)) {
      throw EngineException.notFound(
          "Command 'CORRELATE' rejected with code 'NOT_FOUND': Expected to find subscription for message with name '" + name
              + "' and correlation key '" + correlationKey + "', but none was found.");
    }
    Map<String, Object> variables = message.variables;
    long messageKey = state.newKey();
    message.key = messageKey;
    Long processInstanceKey = targets.isEmpty() ? null : targets.get(0).owner.processInstanceKey;
    for (MessageSubscription subscription : targets) {
      trigger(subscription, variables, messageKey);
      run();
    }
    for (ElementInstance started : startEvents.correlate(message)) {
      processInstanceKey = processInstanceKey == null ? started.key : processInstanceKey;
    }
    ObjectNode response = Json.object();
    response.put("tenantId", tenant(body));
    response.put("messageKey", String.valueOf(messageKey));
    response.put("processInstanceKey", String.valueOf(processInstanceKey));
    return response;
  }

  // ---------------------------------------------------------------- timers

  private void schedule(ElementInstance owner, ElementModel event) {
    org.exportcert.engine.model.TimerSpec spec = event.timer();
    Map<String, Object> variables = visibleVariables(owner);
    Timer timer = new Timer();
    timer.owner = owner;
    timer.event = event;
    try {
      if (spec.duration() != null) {
        timer.dueDate = TimeExpressions.addDuration(now, timeValue(feel.evaluateValue(spec.duration(), variables), spec.duration()));
        timer.repetitions = 0;
      } else if (spec.date() != null) {
        timer.dueDate = TimeExpressions.parseDate(timeValue(feel.evaluateValue(spec.date(), variables), spec.date()));
        timer.repetitions = 0;
      } else {
        TimeExpressions.Schedule schedule = TimeExpressions.parseCycle(now, timeValue(feel.evaluateValue(spec.cycle(), variables), spec.cycle()));
        timer.dueDate = schedule.firstDue();
        timer.repetitions = schedule.repetitions();
        timer.interval = schedule.interval();
      }
    } catch (IllegalArgumentException e) {
      throw new FeelException("Expected a valid timer for '" + event.id + "': " + e.getMessage());
    }
    timer.key = state.newKey();
    state.timers.put(timer.key, timer);
    owner.timerKeys.add(timer.key);
    if (timer.dueDate < nextTimerDue) {
      nextTimerDue = timer.dueDate;
    }
  }

  private static String timeValue(Object value, String expression) {
    if (value == null) {
      throw new IllegalArgumentException("expression '" + expression + "' evaluated to null");
    }
    return String.valueOf(value);
  }

  private void cancelTimers(ElementInstance ei) {
    for (Long key : ei.timerKeys) {
      Timer timer = state.timers.remove(key);
      if (timer != null) {
        timer.state = Timer.State.CANCELED;
      }
    }
    ei.timerKeys.clear();
  }

  /** Fires every timer due at {@link #now}, earliest first (a journaled command, so replayable). */
  private JsonNode triggerTimers() {
    while (true) {
      Timer due = null;
      for (Timer timer : state.timers.values()) {
        if (timer.dueDate <= now && (due == null || timer.dueDate < due.dueDate)) {
          due = timer;
        }
      }
      if (due == null) {
        break;
      }
      fire(due);
      run();
    }
    recomputeNextTimerDue();
    return null;
  }

  private void fire(Timer timer) {
    ElementInstance owner = timer.owner;
    if (owner == null) {
      startEvents.fireStartTimer(timer);
      return;
    }
    if (!owner.isActive()) {
      state.timers.remove(timer.key);
      return;
    }
    if (owner.element.kind == ElementKind.EVENT_BASED_GATEWAY) {
      state.timers.remove(timer.key);
      owner.timerKeys.remove(timer.key);
      timer.state = Timer.State.TRIGGERED;
      passGateway(owner, timer.event, null);
      return;
    }
    if (timer.event.kind == ElementKind.INTERMEDIATE_CATCH_EVENT) {
      state.timers.remove(timer.key);
      owner.timerKeys.remove(timer.key);
      timer.state = Timer.State.TRIGGERED;
      leave(owner, null);
      return;
    }
    // boundary timer or event subprocess start timer
    if (timer.repetitions != 0 && !timer.event.interrupting()) {
      timer.dueDate = TimeExpressions.nextDue(timer.dueDate, timer.interval);
      if (timer.repetitions > 0) {
        timer.repetitions--;
      }
    } else {
      state.timers.remove(timer.key);
      owner.timerKeys.remove(timer.key);
      timer.state = Timer.State.TRIGGERED;
    }
    if (timer.event.kind == ElementKind.START_EVENT) {
      startEventSubprocess(owner, timer.event, null);
      return;
    }
    ElementInstance scope = owner.flowScope;
    if (timer.event.interrupting()) {
      terminate(owner);
    }
    ElementInstance event = newElementInstance(timer.event, scope);
    agenda.add(() -> enter(event));
  }

  /** Adds a timer and wakes the processor for it. */
  void addTimer(Timer timer) {
    state.timers.put(timer.key, timer);
    if (timer.dueDate < nextTimerDue) {
      nextTimerDue = timer.dueDate;
    }
  }

  void recomputeNextTimerDue() {
    long next = Long.MAX_VALUE;
    for (Timer timer : state.timers.values()) {
      next = Math.min(next, timer.dueDate);
    }
    nextTimerDue = next;
  }

  // ---------------------------------------------------------------- clock

  private JsonNode clockAdd(JsonNode body) {
    long offset = body.path("offsetMilli").asLong();
    if (state.pinnedTime != null) {
      state.pinnedTime += offset;
    } else {
      state.clockOffset += offset;
    }
    jobsAvailable = true;
    return null;
  }

  private JsonNode clockReset() {
    state.clockOffset = 0;
    state.pinnedTime = null;
    jobsAvailable = true;
    return null;
  }

  private JsonNode clockPin(JsonNode body) {
    JsonNode timestamp = body.get("timestamp");
    if (timestamp == null || timestamp.isNull()) {
      throw EngineException.invalidArgument("No timestamp provided.");
    }
    long pinned = timestamp.isNumber() ? timestamp.asLong() : TimeExpressions.parseDate(timestamp.asText());
    state.pinnedTime = pinned;
    jobsAvailable = true;
    return null;
  }
}
