package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/**
 * Elements that complete as soon as they are activated: none start events, manual and undefined
 * tasks, parallel gateways (their join is decided when a flow is taken).
 */
final class PassThroughProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  PassThroughProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    rt.leave(ei, null);
  }
}
