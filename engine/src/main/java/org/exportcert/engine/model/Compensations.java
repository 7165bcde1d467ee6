package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.Association;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CompensateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import java.util.Collection;
import java.util.List;

/**
 * Reads compensation into {@link ElementModel}: compensation throw and end events (with their
 * optional {@code activityRef}), compensation boundary events with the handler their association
 * points to, and the handlers themselves ({@code isForCompensation}). Zeebe's design-time
 * validators (run before this) already reject what Camunda 8.8 does not deploy: a boundary event
 * without association, handlers with flows or boundary events, {@code waitForCompletion="false"},
 * an {@code activityRef} outside the scope or without a compensation boundary, and compensation
 * event subprocesses. See runtime/Compensation for the behaviour.
 */
final class Compensations {

  private Compensations() {}

  /** True when the definitions are exactly one compensate event definition. */
  static boolean isCompensation(Collection<EventDefinition> definitions) {
    return definitions.size() == 1 && definitions.iterator().next() instanceof CompensateEventDefinition;
  }

  /** Fills the compensation parts of one parsed flow node. */
  static void read(FlowNode node, ElementModel model, List<String> errors) {
    if (node instanceof Activity activity && activity.isForCompensation()) {
      model.forCompensation = true;
    }
    Collection<EventDefinition> definitions =
        node instanceof EndEvent end ? end.getEventDefinitions()
            : node instanceof IntermediateThrowEvent t ? t.getEventDefinitions()
            : node instanceof BoundaryEvent b ? b.getEventDefinitions() : List.of();
    if (!isCompensation(definitions)) {
      return;
    }
    CompensateEventDefinition definition = (CompensateEventDefinition) definitions.iterator().next();
    if (node instanceof BoundaryEvent) {
      model.compensationHandlerId = handlerOf(node);
      if (model.compensationHandlerId == null) {
        errors.add("- Element: " + node.getId() + ": a compensation boundary event must be associated with an activity marked isForCompensation");
      }
      return;
    }
    model.compensationThrow = true;
    model.compensationActivityRef = definition.getActivity() == null ? null : definition.getActivity().getId();
  }

  /** The activity the boundary event's association leads to (Zeebe requires exactly such an association). */
  private static String handlerOf(FlowNode boundary) {
    for (Association association : boundary.getModelInstance().getModelElementsByType(Association.class)) {
      if (association.getSource() != null && boundary.getId().equals(association.getSource().getId())
          && association.getTarget() instanceof Activity target && target.isForCompensation()) {
        return target.getId();
      }
    }
    return null;
  }

  /** Attaches a compensation boundary event to its activity; false for any other boundary event. */
  static boolean attach(ProcessModel model, ElementModel boundary) {
    if (boundary.compensationHandlerId == null) {
      return false;
    }
    model.element(boundary.attachedToId).compensationBoundary = boundary;
    return true;
  }
}
