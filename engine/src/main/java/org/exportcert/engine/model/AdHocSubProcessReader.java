package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.Documentation;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAdHoc;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperties;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.feel.FromAi;

/**
 * Reads an ad-hoc subprocess (Camunda 8.8) into an {@link AdHocSpec}. Zeebe's own validator
 * (AdHocSubProcessValidator) has already checked its structure: at least one activity, no start or end
 * events, outputCollection with outputElement, no BPMN-mode attributes beside a task definition.
 */
final class AdHocSubProcessReader {

  /** Checks a FEEL expression (always FEEL) and one that may be static. */
  interface FeelCheck {
    void check(String elementId, String what, String value, List<String> errors);
  }

  private AdHocSubProcessReader() {}

  static void read(AdHocSubProcess node, ProcessModel process, ElementModel model, Feel feel, FeelCheck checkFeel, List<String> errors) {
    String id = node.getId();
    ZeebeAdHoc zeebe = node.getSingleExtensionElement(ZeebeAdHoc.class);
    String active = zeebe == null ? null : blank(zeebe.getActiveElementsCollection());
    String outputCollection = zeebe == null ? null : blank(zeebe.getOutputCollection());
    String outputElement = zeebe == null ? null : blank(zeebe.getOutputElement());
    String condition = node.getCompletionCondition() == null ? null : blank(node.getCompletionCondition().getTextContent());
    if (active != null) {
      checkFeel.check(id, "active elements collection", active, errors);
    }
    if (outputElement != null) {
      checkFeel.check(id, "output element", outputElement, errors);
    }
    if (condition != null) {
      checkFeel.check(id, "completion condition", condition.trim(), errors);
    }
    ZeebeTaskDefinition definition = node.getSingleExtensionElement(ZeebeTaskDefinition.class);
    boolean jobWorker = definition != null;
    if (jobWorker) {
      if (definition.getType() == null || definition.getType().isBlank()) {
        errors.add("- Element: " + id + ": must have a zeebe:taskDefinition with a type");
      } else {
        model.jobType = definition.getType();
        model.jobRetries = definition.getRetries() == null ? "3" : definition.getRetries();
        for (String value : new String[] {model.jobType, model.jobRetries}) {
          if (Feel.isExpression(value)) {
            checkFeel.check(id, "job worker property", value, errors);
          }
        }
      }
    }
    Set<String> targets = new HashSet<>();
    for (FlowElement element : node.getFlowElements()) {
      if (element instanceof SequenceFlow flow && flow.getTarget() != null) {
        targets.add(flow.getTarget().getId());
      }
    }
    List<String> activatable = new ArrayList<>();
    List<Map<String, Object>> metadata = new ArrayList<>();
    for (FlowElement element : node.getFlowElements()) {
      if (element instanceof FlowNode inner && isActivatable(inner) && !targets.contains(inner.getId())) {
        activatable.add(inner.getId());
        metadata.add(metadata(inner, feel));
      }
    }
    ElementModel innerInstance = new ElementModel(id + AdHocSpec.INNER_INSTANCE_POSTFIX, model.name,
        ElementKind.AD_HOC_SUB_PROCESS_INNER_INSTANCE, id);
    process.add(innerInstance); // an element of the process like any other: found by id (snapshots, searches)
    model.adHoc = new AdHocSpec(active, condition == null ? null : condition.trim(), node.isCancelRemainingInstances(),
        outputCollection, outputElement, jobWorker, List.copyOf(activatable), List.copyOf(metadata), innerInstance);
  }

  /** Zeebe's rule: inner activities, gateways and intermediate events without incoming sequence flows. */
  private static boolean isActivatable(FlowNode node) {
    if (node instanceof StartEvent || node instanceof EndEvent || node instanceof BoundaryEvent) {
      return false;
    }
    if (node instanceof SubProcess sub && sub.triggeredByEvent()) {
      return false;
    }
    return true;
  }

  private static Map<String, Object> metadata(FlowNode node, Feel feel) {
    Map<String, Object> element = new LinkedHashMap<>();
    element.put("elementId", node.getId());
    element.put("elementName", node.getName() == null ? "" : node.getName());
    element.put("documentation", node.getDocumentations().stream().map(Documentation::getTextContent)
        .filter(t -> t != null).collect(Collectors.joining("\n")));
    Map<String, Object> properties = new LinkedHashMap<>();
    ZeebeProperties zeebeProperties = node.getSingleExtensionElement(ZeebeProperties.class);
    if (zeebeProperties != null) {
      for (ZeebeProperty property : zeebeProperties.getProperties()) {
        properties.put(property.getName(), property.getValue());
      }
    }
    element.put("properties", properties);
    List<Map<String, Object>> parameters = new ArrayList<>();
    ZeebeIoMapping io = node.getSingleExtensionElement(ZeebeIoMapping.class);
    if (io != null) {
      for (ZeebeInput input : io.getInputs()) {
        parameters.addAll(FromAi.parameters(input.getSource(), feel));
      }
    }
    element.put("parameters", parameters);
    return element;
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
