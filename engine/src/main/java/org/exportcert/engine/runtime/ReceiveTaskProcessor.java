package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/** Receive tasks: wait for their message (a subscription); without one they complete at once. */
final class ReceiveTaskProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  ReceiveTaskProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    if (ei.element.messageName() == null) {
      rt.leave(ei, null);
    } else if (ei.subscriptionKeys.isEmpty()) {
      rt.messages.subscribe(ei, ei.element);
    }
  }
}
