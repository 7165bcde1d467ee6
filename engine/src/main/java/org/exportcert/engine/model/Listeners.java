package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListenerEventType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListenerEventType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import java.util.List;

/**
 * Reads zeebe:executionListeners of an element or the process into {@link ElementModel}, leaving out
 * the placements Camunda documents as not run (start listeners of start and boundary events, end
 * listeners of gateways and error end events). Zeebe's validator already rejects listeners on
 * other element types and duplicates. Task listeners of Camunda user tasks are read too; canceling
 * ones are not run by this engine, so they are rejected rather than deployed and ignored.
 */
final class Listeners {

  interface FeelCheck {
    void check(String elementId, String what, String value, List<String> errors);
  }

  private Listeners() {}

  static void read(BaseElement element, ElementModel model, List<String> errors, FeelCheck feel) {
    readTaskListeners(element, model, errors, feel);
    ZeebeExecutionListeners listeners = element.getSingleExtensionElement(ZeebeExecutionListeners.class);
    if (listeners == null) {
      return;
    }
    for (ZeebeExecutionListener listener : listeners.getExecutionListeners()) {
      String type = listener.getType();
      if (type == null || type.isBlank()) {
        errors.add("- Element: " + element.getId() + ": an execution listener needs a type");
        continue;
      }
      String retries = listener.getRetries() == null || listener.getRetries().isBlank()
          ? ZeebeExecutionListener.DEFAULT_RETRIES : listener.getRetries();
      feel.check(element.getId(), "execution listener type", type, errors);
      feel.check(element.getId(), "execution listener retries", retries, errors);
      ListenerSpec spec = new ListenerSpec(type, retries);
      boolean start = listener.getEventType() != ZeebeExecutionListenerEventType.end;
      if (start && runsStart(model)) {
        model.startListeners.add(spec);
      } else if (!start && runsEnd(model)) {
        model.endListeners.add(spec);
      }
    }
  }

  /**
   * Task listeners of a Camunda user task (Zeebe's validator allows them nowhere else). The legacy
   * event names (create, assignment, update, complete, cancel) are the same events; canceling listeners
   * run when the task is terminated (runtime/CancelingListeners).
   */
  private static void readTaskListeners(BaseElement element, ElementModel model, List<String> errors, FeelCheck feel) {
    ZeebeTaskListeners listeners = element.getSingleExtensionElement(ZeebeTaskListeners.class);
    if (listeners == null) {
      return;
    }
    for (ZeebeTaskListener listener : listeners.getTaskListeners()) {
      String event = switch (listener.getEventType() == null ? ZeebeTaskListenerEventType.creating : listener.getEventType()) {
        case create, creating -> "creating";
        case assignment, assigning -> "assigning";
        case update, updating -> "updating";
        case complete, completing -> "completing";
        case cancel, canceling -> "canceling";
      };
      if (listener.getType() == null || listener.getType().isBlank()) {
        errors.add("- Element: " + element.getId() + ": a task listener needs a type");
        continue;
      }
      String retries = listener.getRetries() == null || listener.getRetries().isBlank() ? "3" : listener.getRetries();
      feel.check(element.getId(), "task listener type", listener.getType(), errors);
      feel.check(element.getId(), "task listener retries", retries, errors);
      model.taskListeners.computeIfAbsent(event, k -> new java.util.ArrayList<>()).add(new ListenerSpec(listener.getType(), retries));
    }
  }

  private static boolean runsStart(ElementModel model) {
    return model.kind != ElementKind.START_EVENT && model.kind != ElementKind.BOUNDARY_EVENT;
  }

  private static boolean runsEnd(ElementModel model) {
    return switch (model.kind) {
      case EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, INCLUSIVE_GATEWAY, EVENT_BASED_GATEWAY -> false;
      case END_EVENT -> !model.errorThrow;
      default -> true;
    };
  }
}
