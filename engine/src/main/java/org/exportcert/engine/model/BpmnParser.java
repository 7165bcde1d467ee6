package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.CompensateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.EscalationEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.InclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.ManualTask;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.Task;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.camunda.bpm.model.xml.validation.ValidationResults;
import org.exportcert.engine.feel.Feel;

/**
 * Reads a BPMN resource with {@code zeebe-bpmn-model}, runs Zeebe's design-time validators plus
 * this engine's own checks (supported elements, FEEL syntax), and builds {@link ProcessModel}s.
 * Any error rejects the whole resource.
 */
public final class BpmnParser {

  /** Job type of a job-based (legacy) user task, as in Zeebe. */
  public static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

  private final Feel feel;
  private final EventDefinitionReader events = new EventDefinitionReader(this);
  private final TaskDefinitionReader tasks = new TaskDefinitionReader(this);

  public BpmnParser(Feel feel) {
    this.feel = feel;
  }

  public List<ProcessModel> parse(String resourceName, byte[] content) {
    XmlShape.requireShallow(resourceName, content);
    BpmnModelInstance instance;
    try {
      instance = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
    } catch (RuntimeException e) {
      String holders = References.elementsReferring(content, rootMessage(e));
      throw new DeploymentException(resourceName,
          holders != null ? List.of(holders.split("\n")) : List.of("cannot read BPMN: " + rootMessage(e)));
    }
    try {
      return analyse(resourceName, instance);
    } catch (DeploymentException e) {
      throw e;
    } catch (RuntimeException e) {
      // a reference the model API could not resolve, or any other model defect: a rejection, never a 500.
      // Zeebe's validators resolve some <incoming>/<outgoing> children; one naming no flow fails there.
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("for id (\\S+)").matcher(rootMessage(e));
      List<String> dangling = id.find() ? References.danglingFlowChildren(instance, id.group(1)) : List.of();
      throw new DeploymentException(resourceName,
          dangling.isEmpty() ? List.of("- Element: definitions: invalid BPMN: " + rootMessage(e)) : dangling);
    }
  }

  private List<ProcessModel> analyse(String resourceName, BpmnModelInstance instance) {
    List<String> errors = new ArrayList<>();
    References.check(instance, errors);
    if (!errors.isEmpty()) {
      throw new DeploymentException(resourceName, errors); // validators would trip over the same references
    }
    ValidationResults results = instance.validate(ZeebeDesignTimeValidators.VALIDATORS);
    results.getResults().forEach((element, list) -> {
      for (ValidationResult result : list) {
        if (result.getType() == ValidationResultType.ERROR) {
          errors.add("- Element: " + describe(element) + ": " + result.getMessage());
        }
      }
    });
    DeploymentRules.check(instance, errors);
    List<ProcessModel> models = new ArrayList<>();
    for (Process process : instance.getModelElementsByType(Process.class)) {
      if (!process.isExecutable()) {
        continue;
      }
      ProcessModel model = new ProcessModel(process.getId(), process.getName());
      ElementModel root = new ElementModel(process.getId(), process.getName(), ElementKind.PROCESS, null);
      Listeners.read(process, root, errors, this::checkMaybeFeel);
      model.add(root);
      readScope(model, root, process.getFlowElements(), errors);
      models.add(model);
    }
    if (errors.isEmpty()) {
      StraightThroughLoops.check(models, errors);
    }
    if (models.isEmpty() && errors.isEmpty()) {
      errors.add("- Element: definitions: must contain at least one executable process");
    }
    if (!errors.isEmpty()) {
      throw new DeploymentException(resourceName, errors);
    }
    return models;
  }

  private static String describe(ModelElementInstance element) {
    String id = element instanceof BaseElement base ? base.getId() : null;
    return id != null ? id : element.getElementType().getTypeName();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : e.toString();
  }

  private void readScope(ProcessModel model, ElementModel scope, Collection<FlowElement> flowElements, List<String> errors) {
    List<String> noneStarts = new ArrayList<>();
    List<String> eventStarts = new ArrayList<>();
    // Flows are linked by their sourceRef/targetRef, as Zeebe does; <incoming>/<outgoing> children are
    // optional in BPMN and read only by Zeebe's validators (see analyse).
    java.util.Map<String, List<SequenceFlowModel>> outgoingBySource = new java.util.HashMap<>();
    java.util.Map<String, List<String>> incomingByTarget = new java.util.HashMap<>();
    java.util.Set<String> nodeIds = new java.util.HashSet<>();
    for (FlowElement element : flowElements) {
      if (element instanceof FlowNode node) {
        nodeIds.add(node.getId());
      }
    }
    List<SequenceFlow> flows = flowsOf(flowElements, nodeIds, errors);
    for (SequenceFlow flow : flows) {
      outgoingBySource.computeIfAbsent(flow.getSource().getId(), k -> new ArrayList<>())
          .add(new SequenceFlowModel(flow.getId(), flow.getSource().getId(), flow.getTarget().getId(), conditionOf(flow)));
      incomingByTarget.computeIfAbsent(flow.getTarget().getId(), k -> new ArrayList<>()).add(flow.getId());
    }
    for (SequenceFlow flow : flows) {
      String condition = null;
      ConditionExpression expression = flow.getConditionExpression();
      if (expression != null && expression.getTextContent() != null && !expression.getTextContent().isBlank()) {
        condition = expression.getTextContent().trim();
        checkFeel(flow.getId(), "condition", condition, errors);
        if (!(flow.getSource() instanceof ExclusiveGateway) && !(flow.getSource() instanceof InclusiveGateway)) {
          errors.add(error(flow.getId(), "conditional sequence flows are only supported out of exclusive and inclusive gateways"));
        }
      }
      model.add(new SequenceFlowModel(flow.getId(), flow.getSource().getId(), flow.getTarget().getId(), condition));
    }
    for (FlowElement element : flowElements) {
      if (!(element instanceof FlowNode node)) {
        continue; // data objects, associations etc. carry no behaviour
      }
      ElementKind kind = kindOf(node, errors);
      if (kind == null) {
        continue;
      }
      ElementModel model1 = new ElementModel(node.getId(), node.getName(), kind, scope.id);
      if (node instanceof Activity activity && activity.getLoopCharacteristics() != null) {
        if (!(activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi)) {
          errors.add(error(node.getId(), "standard loop characteristics are not supported, use multi-instance"));
        } else {
          ZeebeLoopCharacteristics zeebe = mi.getSingleExtensionElement(ZeebeLoopCharacteristics.class);
          String condition = mi.getCompletionCondition() == null || mi.getCompletionCondition().getTextContent() == null
              || mi.getCompletionCondition().getTextContent().isBlank() ? null : mi.getCompletionCondition().getTextContent().trim();
          if (zeebe == null || zeebe.getInputCollection() == null || zeebe.getInputCollection().isBlank()) {
            errors.add(error(node.getId(), "a multi-instance activity needs zeebe:loopCharacteristics with an inputCollection"));
          } else {
            model1.loop = new LoopSpec(mi.isSequential(), zeebe.getInputCollection(), blank(zeebe.getInputElement()),
                blank(zeebe.getOutputCollection()), blank(zeebe.getOutputElement()), condition);
            checkFeel(node.getId(), "input collection", zeebe.getInputCollection(), errors);
            if (model1.loop.outputElement() != null) {
              checkFeel(node.getId(), "output element", model1.loop.outputElement(), errors);
            }
            if (condition != null) {
              checkFeel(node.getId(), "completion condition", condition, errors);
            }
          }
        }
      }
      if (node instanceof StartEvent startEvent) {
        if (startEvent.getEventDefinitions().isEmpty()) {
          noneStarts.add(node.getId());
        } else {
          eventStarts.add(node.getId());
          model1.interrupting = startEvent.isInterrupting();
          EventDefinition definition = startEvent.getEventDefinitions().iterator().next();
          boolean processStart = scope.kind == ElementKind.PROCESS;
          if (definition instanceof MessageEventDefinition message) {
            // a message start event of the process needs no correlation key (Zeebe's rule)
            events.readMessage(node, message.getMessage(), model1, errors, !processStart);
          } else if (definition instanceof TimerEventDefinition) {
            model1.timer = events.readTimer(node, startEvent.getEventDefinitions(), errors);
            if (processStart && model1.timer != null && model1.timer.duration() != null) {
              errors.add(error(node.getId(), "a timer start event needs a timeDate or timeCycle, not a timeDuration"));
            }
          } else if (definition instanceof ErrorEventDefinition error) {
            model1.errorStart = true;
            model1.errorCode = error.getError() == null ? null : error.getError().getErrorCode();
          } else if (definition instanceof EscalationEventDefinition escalation) {
            model1.escalation = true;
            model1.escalationCode = EventDefinitionReader.escalationCode(escalation);
          } else if (definition instanceof SignalEventDefinition signal) {
            events.readSignal(node, signal, model1, errors, processStart);
          }
          if (processStart) {
            scope.eventStarts.add(model1);
          }
        }
      }
      model1.incoming.addAll(incomingByTarget.getOrDefault(node.getId(), List.of()));
      model1.outgoing.addAll(outgoingBySource.getOrDefault(node.getId(), List.of()));
      if (node instanceof ExclusiveGateway gateway && gateway.getDefault() != null) {
        model1.defaultFlowId = gateway.getDefault().getId();
      }
      if (node instanceof InclusiveGateway gateway && gateway.getDefault() != null) {
        model1.defaultFlowId = gateway.getDefault().getId();
      }
      if (node instanceof EndEvent || node instanceof IntermediateThrowEvent) {
        Collection<EventDefinition> definitions = node instanceof EndEvent end ? end.getEventDefinitions()
            : ((IntermediateThrowEvent) node).getEventDefinitions();
        for (EventDefinition definition : definitions) {
          if (definition instanceof TerminateEventDefinition) {
            model1.terminateEnd = true;
          } else if (definition instanceof ErrorEventDefinition error) {
            model1.errorThrow = true;
            model1.errorCode = error.getError() == null ? null : error.getError().getErrorCode();
            if (model1.errorCode == null || model1.errorCode.isBlank()) {
              errors.add(error(node.getId(), "an error end event must reference an error with an error code"));
            } else {
              checkMaybeFeel(node.getId(), "error code", model1.errorCode, errors);
            }
          } else if (definition instanceof EscalationEventDefinition escalation) {
            model1.escalation = true;
            model1.escalationCode = EventDefinitionReader.escalationCode(escalation);
            if (model1.escalationCode == null) {
              errors.add(error(node.getId(), "an escalation throw event must reference an escalation with a code"));
            } else {
              checkMaybeFeel(node.getId(), "escalation code", model1.escalationCode, errors);
            }
          } else if (definition instanceof SignalEventDefinition signal) {
            events.readSignal(node, signal, model1, errors, false);
          }
        }
      }
      if (node instanceof BoundaryEvent boundary && kind == ElementKind.BOUNDARY_EVENT) {
        model1.attachedToId = boundary.getAttachedTo() == null ? null : boundary.getAttachedTo().getId();
        model1.interrupting = boundary.cancelActivity();
        if (model1.attachedToId == null) {
          errors.add(error(node.getId(), "a boundary event must be attached to an activity"));
        }
        EventDefinition first = boundary.getEventDefinitions().iterator().next();
        if (EventDefinitionReader.isTimer(boundary.getEventDefinitions())) {
          model1.timer = events.readTimer(node, boundary.getEventDefinitions(), errors);
        } else if (EventDefinitionReader.isMessage(boundary.getEventDefinitions())) {
          events.readMessage(node, ((MessageEventDefinition) first).getMessage(), model1, errors, true);
        } else if (first instanceof EscalationEventDefinition escalation) {
          model1.escalation = true;
          model1.escalationCode = EventDefinitionReader.escalationCode(escalation);
        } else if (first instanceof SignalEventDefinition signal) {
          events.readSignal(node, signal, model1, errors, false);
        } else if (first instanceof CompensateEventDefinition) {
          // compensation hook: the handler association is read by Compensations.read below
        } else {
          ErrorEventDefinition definition = (ErrorEventDefinition) boundary.getEventDefinitions().iterator().next();
          model1.errorCode = definition.getError() == null ? null : definition.getError().getErrorCode();
          if (!boundary.cancelActivity()) {
            errors.add(error(node.getId(), "an error boundary event must be interrupting"));
          }
        }
      }
      if (node instanceof IntermediateCatchEvent catchEvent && kind == ElementKind.INTERMEDIATE_CATCH_EVENT
          && EventDefinitionReader.isTimer(catchEvent.getEventDefinitions())) {
        model1.timer = events.readTimer(node, catchEvent.getEventDefinitions(), errors);
      }
      if (node instanceof IntermediateCatchEvent catchEvent && kind == ElementKind.INTERMEDIATE_CATCH_EVENT
          && EventDefinitionReader.isMessage(catchEvent.getEventDefinitions())) {
        events.readMessage(node, ((MessageEventDefinition) catchEvent.getEventDefinitions().iterator().next()).getMessage(), model1, errors, true);
      }
      if (node instanceof IntermediateCatchEvent catchEvent && kind == ElementKind.INTERMEDIATE_CATCH_EVENT
          && catchEvent.getEventDefinitions().size() == 1
          && catchEvent.getEventDefinitions().iterator().next() instanceof SignalEventDefinition signal) {
        events.readSignal(node, signal, model1, errors, false);
      }
      if (node instanceof CallActivity) {
        ZeebeCalledElement called = node.getSingleExtensionElement(ZeebeCalledElement.class);
        if (called == null || called.getProcessId() == null || called.getProcessId().isBlank()) {
          errors.add(error(node.getId(), "must have a zeebe:calledElement with a processId"));
        } else {
          model1.calledProcessId = called.getProcessId();
          model1.propagateAllChildVariables = called.isPropagateAllChildVariablesEnabled();
          model1.propagateAllParentVariables = called.isPropagateAllParentVariablesEnabled();
          checkMaybeFeel(node.getId(), "called process id", model1.calledProcessId, errors);
        }
      }
      if (node instanceof ReceiveTask receiveTask) {
        events.readMessage(node, receiveTask.getMessage(), model1, errors, true);
      }
      model1.linkName = EventDefinitionReader.linkName(node);
      if (model1.linkName != null && model1.linkName.isBlank()) {
        errors.add(error(node.getId(), "a link event needs a name"));
      }
      tasks.readMappings(node, model1, errors);
      tasks.readTask(node, model1, errors);
      Listeners.read(node, model1, errors, this::checkMaybeFeel);
      if (node instanceof AdHocSubProcess adHoc && kind == ElementKind.AD_HOC_SUB_PROCESS) { // hook: ad-hoc subprocess
        AdHocSubProcessReader.read(adHoc, model, model1, feel, this::checkFeel, errors);
      }
      Compensations.read(node, model1, errors); // compensation hook
      model.add(model1);
      if (node instanceof SubProcess sub && (kind == ElementKind.SUB_PROCESS || kind == ElementKind.EVENT_SUB_PROCESS
          || kind == ElementKind.AD_HOC_SUB_PROCESS)) {
        readScope(model, model1, sub.getFlowElements(), errors);
      }
    }
    resolveLinks(model, scope, errors);
    for (ElementModel element : model.elements()) {
      if (element.kind == ElementKind.EVENT_BASED_GATEWAY && scope.id.equals(element.scopeId)) {
        if (element.outgoing.size() < 2) {
          errors.add(error(element.id, "an event-based gateway needs at least two outgoing flows"));
        }
        for (SequenceFlowModel flow : element.outgoing) {
          ElementModel target = model.hasElement(flow.targetId()) ? model.element(flow.targetId()) : null;
          if (target == null || target.kind != ElementKind.INTERMEDIATE_CATCH_EVENT
              || (target.timer == null && target.messageName == null && target.signalName == null)) {
            errors.add(error(element.id, "an event-based gateway may only lead to message, timer or signal intermediate catch events, but '"
                + flow.targetId() + "' is not one"));
          }
        }
      }
    }
    for (ElementModel element : model.elements()) {
      if (element.kind == ElementKind.BOUNDARY_EVENT && scope.id.equals(element.scopeId) && element.attachedToId != null
          && model.hasElement(element.attachedToId)) {
        if (Compensations.attach(model, element)) {
          // compensation hook: a compensation boundary event only links its activity to the handler
        } else if (element.timer != null) {
          model.element(element.attachedToId).timerBoundaries.add(element);
        } else if (element.messageName != null) {
          model.element(element.attachedToId).messageBoundaries.add(element);
        } else if (element.escalation) {
          ElementModel activity = model.element(element.attachedToId);
          if (activity.kind != ElementKind.SUB_PROCESS && activity.kind != ElementKind.CALL_ACTIVITY
              && activity.kind != ElementKind.AD_HOC_SUB_PROCESS) {
            errors.add(error(element.id, "an escalation boundary event must be attached to a subprocess or call activity"));
          }
          activity.escalationBoundaries.add(element);
        } else if (element.signalName != null) {
          model.element(element.attachedToId).signalBoundaries.add(element);
        } else {
          model.element(element.attachedToId).errorBoundaries.add(element);
        }
      }
    }
    if (scope.kind == ElementKind.EVENT_SUB_PROCESS) {
      if (eventStarts.size() != 1 || !noneStarts.isEmpty()) {
        errors.add(error(scope.id, "an event subprocess must have exactly one message, timer, error, escalation or signal start event"));
      } else {
        scope.noneStartEventId = eventStarts.get(0);
      }
    } else if (scope.kind == ElementKind.PROCESS) {
      // a process may start by events only; then it can't be created through the API (as in Zeebe)
      if (noneStarts.size() > 1 || noneStarts.size() + eventStarts.size() == 0) {
        errors.add(error(scope.id, "must have at most one none start event and at least one start event, found "
            + noneStarts.size() + " none start events"));
      } else if (noneStarts.size() == 1) {
        scope.noneStartEventId = noneStarts.get(0);
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (ElementModel start : scope.eventStarts) {
        if (start.messageName != null && !names.add("message:" + start.messageName)) {
          errors.add(error(start.id, "message start events of a process must have unique message names"));
        }
        if (start.signalName != null && !names.add("signal:" + start.signalName)) {
          errors.add(error(start.id, "signal start events of a process must have unique signal names"));
        }
      }
    } else if (scope.kind == ElementKind.AD_HOC_SUB_PROCESS) {
      // hook: ad-hoc subprocess; no start event (Zeebe's validator refuses one), inner elements start by id
    } else if (noneStarts.size() != 1) {
      errors.add(error(scope.id, "must have exactly one none start event, found " + noneStarts.size()));
    } else {
      scope.noneStartEventId = noneStarts.get(0);
    }
    for (ElementModel element : model.elements()) {
      if (element.kind == ElementKind.EVENT_SUB_PROCESS && scope.id.equals(element.scopeId)) {
        scope.eventSubprocesses.add(element);
      }
    }
  }

  /** Each link throw event jumps to the one link catch event of the same name in its scope. */
  private static void resolveLinks(ProcessModel model, ElementModel scope, List<String> errors) {
    java.util.Map<String, ElementModel> catches = new java.util.HashMap<>();
    for (ElementModel element : model.elements()) {
      if (scope.id.equals(element.scopeId) && element.kind == ElementKind.INTERMEDIATE_CATCH_EVENT && element.linkName != null) {
        if (catches.put(element.linkName, element) != null) {
          errors.add(error(element.id, "more than one link catch event named '" + element.linkName + "' in the same scope"));
        }
      }
    }
    for (ElementModel element : model.elements()) {
      if (scope.id.equals(element.scopeId) && element.kind == ElementKind.INTERMEDIATE_THROW_EVENT && element.linkName != null) {
        ElementModel target = catches.get(element.linkName);
        if (target == null) {
          errors.add(error(element.id, "no link catch event named '" + element.linkName + "' in the same scope"));
        } else {
          element.linkTargetId = target.id;
        }
      }
    }
  }

  private ElementKind kindOf(FlowNode node, List<String> errors) {
    String type = node.getElementType().getTypeName();
    if (node instanceof StartEvent start) {
      if (Compensations.isCompensation(start.getEventDefinitions())) {
        return ElementKind.START_EVENT; // compensation hook: Zeebe's validator rejects it with its own reason
      }
      if (!start.getEventDefinitions().isEmpty()) {
        boolean inEventSubprocess = start.getParentElement() instanceof SubProcess parent && parent.triggeredByEvent();
        boolean inProcess = start.getParentElement() instanceof Process;
        Collection<EventDefinition> definitions = start.getEventDefinitions();
        EventDefinition definition = definitions.iterator().next();
        boolean processKind = definition instanceof MessageEventDefinition || definition instanceof TimerEventDefinition
            || definition instanceof SignalEventDefinition;
        boolean subprocessKind = processKind || definition instanceof ErrorEventDefinition || definition instanceof EscalationEventDefinition;
        boolean supported = definitions.size() == 1 && (inEventSubprocess ? subprocessKind : inProcess && processKind);
        if (!supported) {
          return unsupported(node, type + " with " + EventDefinitionReader.definitionName(definitions)
              + (inEventSubprocess ? " in an event subprocess" : inProcess ? "" : " in an embedded subprocess"), errors);
        }
      }
      return ElementKind.START_EVENT;
    }
    if (node instanceof EndEvent end) {
      if (end.getEventDefinitions().size() > 1 || !end.getEventDefinitions().stream().allMatch(d -> d instanceof TerminateEventDefinition
          || d instanceof ErrorEventDefinition || d instanceof EscalationEventDefinition || d instanceof SignalEventDefinition
          || d instanceof MessageEventDefinition || d instanceof CompensateEventDefinition)) {
        return unsupported(node, type + " with " + EventDefinitionReader.definitionName(end.getEventDefinitions()), errors);
      }
      return ElementKind.END_EVENT;
    }
    if (node instanceof IntermediateThrowEvent throwEvent) {
      Collection<EventDefinition> definitions = throwEvent.getEventDefinitions();
      if (!definitions.isEmpty() && (definitions.size() > 1 || !(EventDefinitionReader.isLink(definitions) || EventDefinitionReader.isMessage(definitions)
          || Compensations.isCompensation(definitions)
          || definitions.iterator().next() instanceof EscalationEventDefinition || definitions.iterator().next() instanceof SignalEventDefinition))) {
        return unsupported(node, type + " with " + EventDefinitionReader.definitionName(definitions), errors);
      }
      return ElementKind.INTERMEDIATE_THROW_EVENT;
    }
    if (node instanceof BoundaryEvent boundary) {
      Collection<EventDefinition> definitions = boundary.getEventDefinitions();
      if (definitions.size() != 1
          || !(definitions.iterator().next() instanceof ErrorEventDefinition || definitions.iterator().next() instanceof TimerEventDefinition
              || definitions.iterator().next() instanceof MessageEventDefinition || definitions.iterator().next() instanceof EscalationEventDefinition
              || definitions.iterator().next() instanceof SignalEventDefinition
              || definitions.iterator().next() instanceof CompensateEventDefinition)) {
        return unsupported(node, type + " with " + EventDefinitionReader.definitionName(definitions), errors);
      }
      return ElementKind.BOUNDARY_EVENT;
    }
    if (node instanceof IntermediateCatchEvent catchEvent) {
      Collection<EventDefinition> definitions = catchEvent.getEventDefinitions();
      if (!EventDefinitionReader.isLink(definitions) && !EventDefinitionReader.isTimer(definitions) && !EventDefinitionReader.isMessage(definitions)
          && !(definitions.size() == 1 && definitions.iterator().next() instanceof SignalEventDefinition)) {
        return unsupported(node, type + " with " + EventDefinitionReader.definitionName(definitions), errors);
      }
      return ElementKind.INTERMEDIATE_CATCH_EVENT;
    }
    if (node instanceof AdHocSubProcess) {
      return ElementKind.AD_HOC_SUB_PROCESS; // hook: ad-hoc subprocess
    }
    if (node instanceof SubProcess sub) {
      if (sub.triggeredByEvent()) {
        return ElementKind.EVENT_SUB_PROCESS;
      }
      if (!"subProcess".equals(type)) {
        return unsupported(node, type, errors);
      }
      return ElementKind.SUB_PROCESS;
    }
    if (node instanceof CallActivity) return ElementKind.CALL_ACTIVITY;
    if (node instanceof ServiceTask) return ElementKind.SERVICE_TASK;
    if (node instanceof SendTask) return ElementKind.SEND_TASK;
    if (node instanceof BusinessRuleTask) return ElementKind.BUSINESS_RULE_TASK;
    if (node instanceof ScriptTask) return ElementKind.SCRIPT_TASK;
    if (node instanceof UserTask) return ElementKind.USER_TASK;
    if (node instanceof ManualTask) return ElementKind.MANUAL_TASK;
    if (node instanceof ReceiveTask) return ElementKind.RECEIVE_TASK;
    if (node instanceof ExclusiveGateway) return ElementKind.EXCLUSIVE_GATEWAY;
    if (node instanceof ParallelGateway) return ElementKind.PARALLEL_GATEWAY;
    if (node instanceof InclusiveGateway) return ElementKind.INCLUSIVE_GATEWAY;
    if (node instanceof EventBasedGateway) return ElementKind.EVENT_BASED_GATEWAY;
    if ("task".equals(type) && node instanceof Task) return ElementKind.TASK;
    return unsupported(node, type, errors);
  }

  /**
   * The flows of a scope: those whose source and target are both nodes of it, wherever the XML puts the
   * flow element (modelers sometimes leave a flow in the process while both its ends sit in a
   * subprocess; Zeebe links flows by sourceRef/targetRef alone). A flow written here whose ends lie in
   * different scopes is rejected.
   */
  private static List<SequenceFlow> flowsOf(Collection<FlowElement> flowElements, java.util.Set<String> nodeIds,
      List<String> errors) {
    List<SequenceFlow> flows = new ArrayList<>();
    if (flowElements.isEmpty()) {
      return flows;
    }
    for (SequenceFlow flow : flowElements.iterator().next().getModelInstance().getModelElementsByType(SequenceFlow.class)) {
      if (flow.getSource() == null || flow.getTarget() == null) {
        continue;
      }
      if (nodeIds.contains(flow.getSource().getId()) && nodeIds.contains(flow.getTarget().getId())) {
        flows.add(flow);
      } else if (flowElements.contains(flow) && flow.getSource().getParentElement() != flow.getTarget().getParentElement()) {
        for (String end : new String[] {flow.getSource().getId(), flow.getTarget().getId()}) {
          if (!nodeIds.contains(end)) {
            errors.add(error(flow.getId(), "sequence flow connects '" + end + "', which is not in the same scope"));
          }
        }
      }
    }
    return flows;
  }

  private static String conditionOf(SequenceFlow flow) {
    ConditionExpression c = flow.getConditionExpression();
    return c == null || c.getTextContent() == null || c.getTextContent().isBlank() ? null : c.getTextContent().trim();
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static ElementKind unsupported(FlowNode node, String what, List<String> errors) {
    errors.add(error(node.getId(), "elements of type '" + what + "' are not supported by this engine yet"));
    return null;
  }

  static String error(String id, String message) {
    return "- Element: " + id + ": " + message;
  }

  void checkFeel(String elementId, String what, String value, List<String> errors) {
    if (value == null) {
      return;
    }
    String problem = feel.parseError(value);
    if (problem != null) {
      errors.add(error(elementId, "invalid FEEL " + what + " '" + value + "': " + problem));
    }
  }

  /** Evaluates an expression without any variables: what Zeebe evaluates at deployment. */
  Object evaluateConstant(String expression) {
    return feel.evaluate(expression, java.util.Map.of());
  }

  void checkMaybeFeel(String elementId, String what, String value, List<String> errors) {
    if (Feel.isExpression(value)) {
      checkFeel(elementId, what, value, errors);
    }
  }

}
