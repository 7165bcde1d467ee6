package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLinkedResource;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLinkedResources;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebePriorityDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.util.Collection;
import java.util.List;

/**
 * Reads what a task (or a job-based throw event) needs to run: job definition and headers, script,
 * called decision, user task properties, input and output mappings. Part of {@link BpmnParser}.
 */
final class TaskDefinitionReader {

  private final BpmnParser parser;

  TaskDefinitionReader(BpmnParser parser) {
    this.parser = parser;
  }

  void readMappings(FlowNode node, ElementModel model, List<String> errors) {
    ZeebeIoMapping io = node.getSingleExtensionElement(ZeebeIoMapping.class);
    if (io == null) {
      return;
    }
    for (ZeebeInput input : io.getInputs()) {
      parser.checkMaybeFeel(node.getId(), "input source", input.getSource(), errors);
      model.inputs.add(new Mapping(input.getSource(), input.getTarget()));
    }
    for (ZeebeOutput output : io.getOutputs()) {
      parser.checkMaybeFeel(node.getId(), "output source", output.getSource(), errors);
      model.outputs.add(new Mapping(output.getSource(), output.getTarget()));
    }
  }

  void readTask(FlowNode node, ElementModel model, List<String> errors) {
    String id = node.getId();
    ZeebeTaskDefinition definition = node.getSingleExtensionElement(ZeebeTaskDefinition.class);
    ZeebeTaskHeaders headers = node.getSingleExtensionElement(ZeebeTaskHeaders.class);
    if (headers != null) {
      for (ZeebeHeader header : headers.getHeaders()) {
        model.headers.put(header.getKey(), header.getValue());
      }
    }
    switch (model.kind) {
      case SERVICE_TASK, SEND_TASK -> requireTaskDefinition(node, model, definition, errors);
      case END_EVENT, INTERMEDIATE_THROW_EVENT -> {
        // a message end or throw event is job-based in Zeebe: a worker sends the message
        Collection<EventDefinition> definitions = node instanceof EndEvent end ? end.getEventDefinitions()
            : ((IntermediateThrowEvent) node).getEventDefinitions();
        if (EventDefinitionReader.isMessage(definitions)) {
          requireTaskDefinition(node, model, definition, errors);
        }
      }
      case BUSINESS_RULE_TASK -> {
        ZeebeCalledDecision called = node.getSingleExtensionElement(ZeebeCalledDecision.class);
        if (called != null) {
          readCalledDecision(node, model, called, errors);
        } else {
          requireTaskDefinition(node, model, definition, errors);
        }
      }
      case SCRIPT_TASK -> {
        ZeebeScript script = node.getSingleExtensionElement(ZeebeScript.class);
        if (script != null) {
          model.script = script.getExpression();
          model.resultVariable = script.getResultVariable();
          parser.checkFeel(id, "script", model.script, errors);
          if (model.resultVariable == null || model.resultVariable.isBlank()) {
            errors.add(BpmnParser.error(id, "zeebe:script needs a resultVariable"));
          }
        } else {
          requireTaskDefinition(node, model, definition, errors);
        }
      }
      case USER_TASK -> readUserTask(node, model, errors);
      default -> { }
    }
  }

  void readCalledDecision(FlowNode node, ElementModel model, ZeebeCalledDecision called, List<String> errors) {
    model.calledDecisionId = called.getDecisionId();
    model.resultVariable = called.getResultVariable();
    model.calledDecisionBinding = called.getBindingType() == null ? "latest" : called.getBindingType().name();
    if (model.calledDecisionId == null || model.calledDecisionId.isBlank()) {
      errors.add(BpmnParser.error(node.getId(), "zeebe:calledDecision needs a decisionId"));
    } else {
      parser.checkMaybeFeel(node.getId(), "decision id", model.calledDecisionId, errors);
    }
    if (model.resultVariable == null || model.resultVariable.isBlank()) {
      errors.add(BpmnParser.error(node.getId(), "zeebe:calledDecision needs a resultVariable"));
    }
    if ("versionTag".equals(model.calledDecisionBinding)) {
      errors.add(BpmnParser.error(node.getId(), "zeebe:calledDecision bindingType 'versionTag' is not supported by this engine yet"));
    }
  }

  void requireTaskDefinition(FlowNode node, ElementModel model, ZeebeTaskDefinition definition, List<String> errors) {
    if (definition == null || definition.getType() == null || definition.getType().isBlank()) {
      errors.add(BpmnParser.error(node.getId(), "must have a zeebe:taskDefinition with a type"));
      return;
    }
    model.jobType = definition.getType();
    model.jobRetries = definition.getRetries() == null ? "3" : definition.getRetries();
    parser.checkMaybeFeel(node.getId(), "job type", model.jobType, errors);
    // a static retries value that is no number deploys; creating the job raises an incident (Zeebe's behaviour)
    parser.checkMaybeFeel(node.getId(), "job retries", model.jobRetries, errors);
    readLinkedResources(node, model, errors);
  }

  /** Only job-based elements link resources (Zeebe ignores them on a FEEL script task, say). */
  private static void readLinkedResources(FlowNode node, ElementModel model, List<String> errors) {
    ZeebeLinkedResources links = node.getSingleExtensionElement(ZeebeLinkedResources.class);
    if (links == null) {
      return;
    }
    for (ZeebeLinkedResource link : links.getLinkedResources()) {
      String binding = link.getBindingType() == null ? "latest" : link.getBindingType().name();
      if (link.getResourceId() == null || link.getResourceId().isBlank()) {
        errors.add(BpmnParser.error(node.getId(), "zeebe:linkedResource needs a resourceId"));
      } else if ("versionTag".equals(binding) && (link.getVersionTag() == null || link.getVersionTag().isBlank())) {
        errors.add(BpmnParser.error(node.getId(), "zeebe:linkedResource with bindingType 'versionTag' needs a versionTag"));
      } else {
        model.linkedResources.add(new LinkedResourceSpec(link.getResourceId(), link.getResourceType(), binding,
            link.getVersionTag(), link.getLinkName()));
      }
    }
  }

  void readUserTask(FlowNode node, ElementModel model, List<String> errors) {
    boolean camunda = node.getSingleExtensionElement(ZeebeUserTask.class) != null;
    ZeebeAssignmentDefinition assignment = node.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
    ZeebeTaskSchedule schedule = node.getSingleExtensionElement(ZeebeTaskSchedule.class);
    ZeebeFormDefinition form = node.getSingleExtensionElement(ZeebeFormDefinition.class);
    ZeebePriorityDefinition priority = node.getSingleExtensionElement(ZeebePriorityDefinition.class);
    UserTaskSpec spec =
        new UserTaskSpec(
            camunda,
            assignment == null ? null : assignment.getAssignee(),
            assignment == null ? null : assignment.getCandidateGroups(),
            assignment == null ? null : assignment.getCandidateUsers(),
            schedule == null ? null : schedule.getDueDate(),
            schedule == null ? null : schedule.getFollowUpDate(),
            form == null ? null : form.getFormId(),
            form == null ? null : form.getFormKey(),
            form == null ? null : form.getExternalReference(),
            priority == null ? null : priority.getPriority());
    for (String value : new String[] {spec.assignee(), spec.candidateGroups(), spec.candidateUsers(), spec.dueDate(), spec.followUpDate(), spec.priority(), spec.externalFormReference()}) {
      parser.checkMaybeFeel(node.getId(), "user task property", value, errors);
    }
    model.userTask = spec;
    if (!camunda) {
      model.jobType = BpmnParser.USER_TASK_JOB_TYPE;
      model.jobRetries = "1";
    }
  }
}
