package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Escalation;
import io.camunda.zeebe.model.bpmn.instance.EscalationEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Signal;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.LinkEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import java.util.Collection;
import java.util.List;
import org.exportcert.engine.feel.Feel;

/**
 * Reads the event definitions of events (message, signal, timer, escalation, link) into their
 * {@link ElementModel}, with the checks Zeebe applies at deployment. Part of {@link BpmnParser}.
 */
final class EventDefinitionReader {

  private final BpmnParser parser;

  EventDefinitionReader(BpmnParser parser) {
    this.parser = parser;
  }

  static boolean isMessage(Collection<EventDefinition> definitions) {
    return definitions.size() == 1 && definitions.iterator().next() instanceof MessageEventDefinition;
  }

  void readMessage(FlowNode node, Message message, ElementModel model, List<String> errors, boolean needsKey) {
    if (message == null || message.getName() == null || message.getName().isBlank()) {
      errors.add(BpmnParser.error(node.getId(), "must reference a message with a name"));
      return;
    }
    model.messageName = message.getName();
    parser.checkMaybeFeel(node.getId(), "message name", model.messageName, errors);
    if (!needsKey) {
      model.messageName = constantName(node, "message", model.messageName, errors);
      return;
    }
    ZeebeSubscription subscription = message.getSingleExtensionElement(ZeebeSubscription.class);
    if (subscription == null || subscription.getCorrelationKey() == null || subscription.getCorrelationKey().isBlank()) {
      errors.add(BpmnParser.error(node.getId(), "message '" + message.getName() + "' must have a zeebe:subscription correlationKey"));
      return;
    }
    model.correlationKey = subscription.getCorrelationKey();
    parser.checkMaybeFeel(node.getId(), "correlation key", model.correlationKey, errors);
  }

  /** The escalation code of a definition; null when it references none (a catch-all). */
  static String escalationCode(EscalationEventDefinition definition) {
    Escalation escalation = definition.getEscalation();
    String code = escalation == null ? null : escalation.getEscalationCode();
    return code == null || code.isBlank() ? null : code;
  }

  void readSignal(FlowNode node, SignalEventDefinition definition, ElementModel model, List<String> errors, boolean staticOnly) {
    Signal signal = definition.getSignal();
    if (signal == null || signal.getName() == null || signal.getName().isBlank()) {
      errors.add(BpmnParser.error(node.getId(), "must reference a signal with a name"));
      return;
    }
    model.signalName = signal.getName();
    parser.checkMaybeFeel(node.getId(), "signal name", model.signalName, errors);
    if (staticOnly) {
      model.signalName = constantName(node, "signal", model.signalName, errors);
    }
  }

  /**
   * The name of a process's message or signal start event: Zeebe opens these at deployment, so a FEEL
   * name must evaluate without variables to a string (e.g. {@code ="order-" + "placed"}); the
   * constant is kept as the name.
   */
  private String constantName(FlowNode node, String kind, String name, List<String> errors) {
    if (!Feel.isExpression(name)) {
      return name;
    }
    Object value;
    try {
      value = parser.evaluateConstant(name);
    } catch (RuntimeException e) {
      errors.add(BpmnParser.error(node.getId(), "Expected constant expression but found '" + name
          + "', which could not be evaluated without context: " + e.getMessage()));
      return name;
    }
    if (!(value instanceof String constant)) {
      errors.add(BpmnParser.error(node.getId(), "Expected constant expression of type String for " + kind + " name '"
          + name + "', but was " + feelType(value)));
      return name;
    }
    return constant;
  }

  private static String feelType(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Number) {
      return "NUMBER";
    }
    if (value instanceof Boolean) {
      return "BOOLEAN";
    }
    if (value instanceof java.util.List<?>) {
      return "ARRAY";
    }
    return value instanceof java.util.Map<?, ?> ? "OBJECT" : "STRING";
  }

  /**
   * A process's timer start is evaluated at deployment, without variables, as Zeebe does: a FEEL
   * timer that fails there or gives no valid duration, date or cycle refuses the deployment.
   */
  private void checkProcessStartTimer(FlowNode node, String kind, String expression, List<String> errors) {
    Object value;
    try {
      value = parser.evaluateConstant(expression);
    } catch (RuntimeException e) {
      errors.add(BpmnParser.error(node.getId(), "Invalid timer " + kind + " expression (" + e.getMessage() + ")"));
      return;
    }
    if (!(value instanceof String text)) {
      errors.add(BpmnParser.error(node.getId(), "Invalid timer " + kind + " expression (Expected result of the expression '"
          + expression.strip().substring(1).strip() + "' to be 'STRING', but was '" + feelType(value) + "'.)"));
      return;
    }
    try {
      checkStaticTimer(kind, text);
    } catch (IllegalArgumentException e) {
      errors.add(BpmnParser.error(node.getId(), "Invalid timer " + kind + " expression (" + e.getMessage() + ")"));
    }
  }

  private static void checkStaticTimer(String kind, String value) {
    switch (kind) {
      case "duration" -> org.exportcert.engine.runtime.TimeExpressions.addDuration(0, value);
      case "date" -> org.exportcert.engine.runtime.TimeExpressions.parseDate(value);
      default -> org.exportcert.engine.runtime.TimeExpressions.parseCycle(0, value);
    }
  }

  static boolean isTimer(Collection<EventDefinition> definitions) {
    return definitions.size() == 1 && definitions.iterator().next() instanceof TimerEventDefinition;
  }

  TimerSpec readTimer(FlowNode node, Collection<EventDefinition> definitions, List<String> errors) {
    TimerEventDefinition timer = (TimerEventDefinition) definitions.iterator().next();
    String duration = timer.getTimeDuration() == null ? null : timer.getTimeDuration().getTextContent().trim();
    String date = timer.getTimeDate() == null ? null : timer.getTimeDate().getTextContent().trim();
    String cycle = timer.getTimeCycle() == null ? null : timer.getTimeCycle().getTextContent().trim();
    int given = (duration == null ? 0 : 1) + (date == null ? 0 : 1) + (cycle == null ? 0 : 1);
    if (given != 1) {
      errors.add(BpmnParser.error(node.getId(), "a timer needs exactly one of timeDuration, timeDate or timeCycle"));
      return null;
    }
    String value = duration != null ? duration : date != null ? date : cycle;
    String kind = duration != null ? "duration" : date != null ? "date" : "cycle";
    if (Feel.isExpression(value)) {
      int before = errors.size();
      parser.checkFeel(node.getId(), "timer", value, errors);
      if (errors.size() == before && node instanceof io.camunda.zeebe.model.bpmn.instance.StartEvent
          && node.getParentElement() instanceof io.camunda.zeebe.model.bpmn.instance.Process) {
        checkProcessStartTimer(node, kind, value, errors);
      }
    } else {
      try {
        checkStaticTimer(kind, value);
      } catch (IllegalArgumentException e) {
        errors.add(BpmnParser.error(node.getId(), "invalid timer: " + e.getMessage()));
      }
    }
    return new TimerSpec(duration, date, cycle);
  }

  static boolean isLink(Collection<EventDefinition> definitions) {
    return definitions.size() == 1 && definitions.iterator().next() instanceof LinkEventDefinition;
  }

  static String linkName(FlowNode node) {
    Collection<EventDefinition> definitions =
        node instanceof IntermediateThrowEvent t ? t.getEventDefinitions()
            : node instanceof IntermediateCatchEvent c ? c.getEventDefinitions() : List.of();
    for (EventDefinition definition : definitions) {
      if (definition instanceof LinkEventDefinition link) {
        return link.getName();
      }
    }
    return null;
  }

  static String definitionName(Collection<EventDefinition> definitions) {
    return definitions.stream().map(d -> d.getElementType().getTypeName()).reduce((a, b) -> a + ", " + b).orElse("");
  }
}
