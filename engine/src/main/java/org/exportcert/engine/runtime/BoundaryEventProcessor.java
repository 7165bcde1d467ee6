package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/**
 * Boundary events: activated only by their trigger ({@link EventTriggerBehavior#fireBoundary}),
 * they complete at once with the trigger's variables.
 */
final class BoundaryEventProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  BoundaryEventProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    rt.leave(ei, ei.eventVariables);
  }
}
