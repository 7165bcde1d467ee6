package org.exportcert.engine.runtime;

import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.ElementInstance;

/**
 * Intermediate catch events: wait for their signal, message or timer (the trigger completes them);
 * a link catch event completes at once.
 */
final class IntermediateCatchEventProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  IntermediateCatchEventProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    ElementModel element = ei.element;
    if (element.signalName() != null) {
      if (ei.signalSubscriptionKeys.isEmpty()) {
        rt.signals.subscribe(ei, element);
      }
    } else if (element.messageName() != null) {
      if (ei.subscriptionKeys.isEmpty()) {
        rt.messages.subscribe(ei, element);
      }
    } else if (element.timer() != null) {
      if (ei.timerKeys.isEmpty()) {
        rt.timers.schedule(ei, element);
      }
    } else {
      rt.leave(ei, null);
    }
  }
}
