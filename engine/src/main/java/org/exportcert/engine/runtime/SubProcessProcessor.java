package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/**
 * Embedded subprocesses: open their event subprocesses' triggers and activate their none start
 * event; they complete when no child is active any more ({@link StateTransitions}).
 */
final class SubProcessProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  SubProcessProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    rt.events.openEventSubprocesses(ei);
    rt.flow.activate(ei.process.model.element(ei.element.noneStartEventId()), ei);
  }
}
