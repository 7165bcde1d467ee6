package org.exportcert.engine.runtime;

import java.util.List;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;

/**
 * The behaviour of one element kind, after Zeebe's BpmnElementProcessor. {@link StateTransitions}
 * owns the lifecycle every element shares (input mappings, execution listeners, boundary events,
 * output mappings, taking flows, termination); a processor adds only what its kind does at each
 * step. Processors are registered by element kind in {@link ElementProcessors}.
 */
interface ElementProcessor {

  /**
   * The element's own work once its inputs are applied and its start listeners ran: complete at
   * once ({@code rt.leave}), open a wait state (job, subscription, timer) or activate children.
   * A {@link org.exportcert.engine.feel.FeelException} thrown here becomes an EXTRACT_VALUE_ERROR
   * incident that re-runs this step when resolved.
   */
  void activate(ElementInstance ei);

  /** The outgoing flows taken when the element completes; gateways narrow them to their choice. */
  default List<SequenceFlowModel> flowsOnComplete(ElementInstance ei) {
    return ei.element.outgoing();
  }

  /**
   * Releases what only this kind holds when the element is terminated (a called process instance,
   * a user task). Children, jobs, incidents, timers and subscriptions are released for every kind.
   */
  default void terminate(ElementInstance ei) {
  }
}
