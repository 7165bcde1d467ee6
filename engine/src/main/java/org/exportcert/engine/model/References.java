package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.Error;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Escalation;
import io.camunda.zeebe.model.bpmn.instance.EscalationEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.Signal;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import java.util.List;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Checks the id references of a BPMN model before anything resolves them: a dangling reference
 * (a flow's sourceRef/targetRef, a gateway's default flow, a boundary
 * event's attachedToRef, an event definition's message/error/signal/escalation) is a rejection that
 * names the element, not an exception deep in the model API.
 */
final class References {

  private References() {}

  static void check(BpmnModelInstance instance, List<String> errors) {
    for (SequenceFlow flow : instance.getModelElementsByType(SequenceFlow.class)) {
      expect(instance, flow, "sourceRef", FlowNode.class, "a flow node", errors);
      expect(instance, flow, "targetRef", FlowNode.class, "a flow node", errors);
    }
    for (FlowNode node : instance.getModelElementsByType(FlowNode.class)) {
      if (node.getAttributeValue("default") != null) {
        expect(instance, node, "default", SequenceFlow.class, "a sequence flow", errors);
      }
    }
    for (BoundaryEvent boundary : instance.getModelElementsByType(BoundaryEvent.class)) {
      expect(instance, boundary, "attachedToRef", Activity.class, "an activity", errors);
    }
    optional(instance, MessageEventDefinition.class, "messageRef", Message.class, "a message", errors);
    optional(instance, ReceiveTask.class, "messageRef", Message.class, "a message", errors);
    optional(instance, ErrorEventDefinition.class, "errorRef", Error.class, "an error", errors);
    optional(instance, SignalEventDefinition.class, "signalRef", Signal.class, "a signal", errors);
    optional(instance, EscalationEventDefinition.class, "escalationRef", Escalation.class, "an escalation", errors);
  }

  /**
   * The nodes whose {@code <incoming>}/{@code <outgoing>} child names {@code ref} when that is no
   * sequence flow. Such a child is harmless where nothing reads it (flows are linked by
   * sourceRef/targetRef), as in Zeebe; Zeebe's own validators do read the children of some nodes
   * (e.g. a task's outgoing, a boundary event's incoming) and then fail on the missing id, which is a
   * rejection in Zeebe too: this names the element instead of only the id.
   */
  static List<String> danglingFlowChildren(BpmnModelInstance instance, String ref) {
    List<String> errors = new java.util.ArrayList<>();
    for (FlowNode node : instance.getModelElementsByType(FlowNode.class)) {
      for (DomElement child : node.getDomElement().getChildElements()) {
        String name = child.getLocalName();
        if (("incoming".equals(name) || "outgoing".equals(name)) && ref.equals(strip(child.getTextContent()))
            && !(instance.getModelElementById(ref) instanceof SequenceFlow)) {
          errors.add(error(node, "<" + name + "> names '" + ref + "', but there is no sequence flow with that id"));
        }
      }
    }
    return errors;
  }

  /**
   * The schema check stops at the first IDREF it cannot bind ("There is no ID/IDREF binding for IDREF
   * 'x'") without saying whose reference it is; this finds the elements holding that reference in
   * the raw XML (no DTDs, no external entities) so the rejection can name them.
   */
  static String elementsReferring(byte[] content, String readError) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("IDREF '([^']+)'").matcher(readError);
    if (!m.find()) {
      return null;
    }
    String ref = m.group(1);
    try {
      javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      org.w3c.dom.Document document = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(content));
      java.util.Set<String> holders = new java.util.LinkedHashSet<>();
      org.w3c.dom.NodeList all = document.getElementsByTagNameNS("*", "*");
      for (int i = 0; i < all.getLength(); i++) {
        org.w3c.dom.Element element = (org.w3c.dom.Element) all.item(i);
        org.w3c.dom.NamedNodeMap attributes = element.getAttributes();
        for (int a = 0; a < attributes.getLength(); a++) {
          org.w3c.dom.Node attribute = attributes.item(a);
          if (!"id".equals(attribute.getLocalName()) && ref.equals(strip(attribute.getNodeValue()))) {
            holders.add(idOf(element) + " (" + attribute.getLocalName() + ")");
          }
        }
        if (element.getChildNodes().getLength() == 1 && ref.equals(strip(element.getTextContent()))
            && element.getParentNode() instanceof org.w3c.dom.Element parent) {
          holders.add(idOf(parent) + " (<" + element.getLocalName() + ">)");
        }
      }
      return holders.isEmpty() ? null
          : holders.stream().map(h -> "- Element: " + h.substring(0, h.indexOf(' ')) + ": references '" + ref
              + "'" + h.substring(h.indexOf(' ')) + ", but no element has that id").reduce((x, y) -> x + "\n" + y).orElse(null);
    } catch (Exception e) {
      return null;
    }
  }

  private static String idOf(org.w3c.dom.Element element) {
    String id = element.getAttribute("id");
    return id == null || id.isBlank() ? element.getLocalName() : id;
  }

  private static void optional(BpmnModelInstance instance, Class<? extends BaseElement> type, String attribute,
      Class<? extends ModelElementInstance> targetType, String what, List<String> errors) {
    for (BaseElement element : instance.getModelElementsByType(type)) {
      if (element.getAttributeValue(attribute) != null) {
        expect(instance, element, attribute, targetType, what, errors);
      }
    }
  }

  private static void expect(BpmnModelInstance instance, BaseElement element, String attribute,
      Class<? extends ModelElementInstance> targetType, String what, List<String> errors) {
    String ref = strip(element.getAttributeValue(attribute));
    if (ref == null) {
      errors.add(error(element, attribute + " is missing"));
      return;
    }
    ModelElementInstance target = instance.getModelElementById(ref);
    if (!targetType.isInstance(target)) {
      errors.add(error(element, attribute + " '" + ref + "' does not name " + what + " of this model"));
    }
  }

  /** Trims and drops a namespace prefix ("tns:Message_1"). */
  private static String strip(String ref) {
    if (ref == null || ref.isBlank()) {
      return null;
    }
    String trimmed = ref.trim();
    int colon = trimmed.indexOf(':');
    return colon >= 0 ? trimmed.substring(colon + 1) : trimmed;
  }

  private static String error(ModelElementInstance element, String message) {
    String id = element instanceof BaseElement base && base.getId() != null ? base.getId()
        : element.getElementType().getTypeName();
    // an event definition without an id: name the event it belongs to
    if (element instanceof BaseElement base && base.getId() == null && element.getParentElement() instanceof BaseElement parent
        && parent.getId() != null) {
      id = parent.getId();
    }
    return "- Element: " + id + ": " + message;
  }
}
