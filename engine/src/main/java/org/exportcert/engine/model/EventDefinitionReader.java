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
      if (Feel.isExpression(model.messageName)) {
        errors.add(BpmnParser.error(node.getId(), "the message name of a process's message start event must be static"));
      }
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
    if (staticOnly && Feel.isExpression(model.signalName)) {
      errors.add(BpmnParser.error(node.getId(), "the signal name of a process's signal start event must be static"));
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
    if (Feel.isExpression(value)) {
      parser.checkFeel(node.getId(), "timer", value, errors);
    } else {
      try {
        long now = 0;
        if (duration != null) {
          org.exportcert.engine.runtime.TimeExpressions.addDuration(now, duration);
        } else if (date != null) {
          org.exportcert.engine.runtime.TimeExpressions.parseDate(date);
        } else {
          org.exportcert.engine.runtime.TimeExpressions.parseCycle(now, cycle);
        }
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
