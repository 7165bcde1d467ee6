package org.exportcert.engine.runtime;

import java.util.EnumMap;
import java.util.Map;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.state.ElementInstance;

/**
 * The element processors by element kind. To support a new element kind: add it to
 * {@link ElementKind}, parse it in the BpmnParser, write an {@link ElementProcessor} and register
 * it here; the shared lifecycle in {@link StateTransitions} then applies to it unchanged.
 */
final class ElementProcessors {

  private final Map<ElementKind, ElementProcessor> byKind = new EnumMap<>(ElementKind.class);
  private final ElementProcessor multiInstanceBody;
  private final CallActivityProcessor callActivity;

  ElementProcessors(BpmnRuntime rt) {
    ElementProcessor jobWorkerTask = new JobWorkerTaskProcessor(rt);
    ElementProcessor passThrough = new PassThroughProcessor(rt);
    // tasks
    byKind.put(ElementKind.SERVICE_TASK, jobWorkerTask);
    byKind.put(ElementKind.SEND_TASK, jobWorkerTask);
    byKind.put(ElementKind.SCRIPT_TASK, new ScriptTaskProcessor(rt));
    byKind.put(ElementKind.BUSINESS_RULE_TASK, new BusinessRuleTaskProcessor(rt));
    byKind.put(ElementKind.USER_TASK, new UserTaskProcessor(rt));
    byKind.put(ElementKind.RECEIVE_TASK, new ReceiveTaskProcessor(rt));
    byKind.put(ElementKind.MANUAL_TASK, passThrough);
    byKind.put(ElementKind.TASK, passThrough);
    // gateways
    byKind.put(ElementKind.EXCLUSIVE_GATEWAY, new ExclusiveGatewayProcessor(rt));
    byKind.put(ElementKind.INCLUSIVE_GATEWAY, new InclusiveGatewayProcessor(rt));
    byKind.put(ElementKind.PARALLEL_GATEWAY, passThrough); // joining happens when a flow is taken (StateTransitions.takeFlow)
    byKind.put(ElementKind.EVENT_BASED_GATEWAY, new EventBasedGatewayProcessor(rt));
    // events
    byKind.put(ElementKind.START_EVENT, passThrough);
    byKind.put(ElementKind.INTERMEDIATE_CATCH_EVENT, new IntermediateCatchEventProcessor(rt));
    byKind.put(ElementKind.INTERMEDIATE_THROW_EVENT, new ThrowEventProcessor(rt));
    byKind.put(ElementKind.END_EVENT, new ThrowEventProcessor(rt));
    byKind.put(ElementKind.BOUNDARY_EVENT, new BoundaryEventProcessor(rt));
    // containers
    byKind.put(ElementKind.SUB_PROCESS, new SubProcessProcessor(rt));
    byKind.put(ElementKind.EVENT_SUB_PROCESS, new EventSubProcessProcessor());
    callActivity = new CallActivityProcessor(rt);
    byKind.put(ElementKind.CALL_ACTIVITY, callActivity);
    byKind.put(ElementKind.PROCESS, new ProcessProcessor());
    multiInstanceBody = new MultiInstanceBodyProcessor(rt);
  }

  /** The processor for an element instance: a multi-instance activity's body has its own. */
  ElementProcessor of(ElementInstance ei) {
    if (isMultiInstanceBody(ei)) {
      return multiInstanceBody;
    }
    return byKind.get(ei.element.kind);
  }

  MultiInstanceBodyProcessor multiInstanceBody() {
    return (MultiInstanceBodyProcessor) multiInstanceBody;
  }

  /** True when elements of this kind have a processor (every kind the parser accepts must). */
  boolean handles(ElementKind kind) {
    return byKind.containsKey(kind);
  }

  CallActivityProcessor callActivity() {
    return callActivity;
  }

  /** The body of a multi-instance activity (its inner instances have the same element, inside the body). */
  static boolean isMultiInstanceBody(ElementInstance ei) {
    return ei.element.loop() != null && !isInner(ei);
  }

  /** An inner instance of a multi-instance activity (its flow scope is the activity's body). */
  static boolean isInner(ElementInstance ei) {
    return ei.flowScope != null && ei.flowScope.multiInstanceBody && ei.flowScope.element == ei.element;
  }
}
