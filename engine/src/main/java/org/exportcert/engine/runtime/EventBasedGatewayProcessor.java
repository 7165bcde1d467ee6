package org.exportcert.engine.runtime;

import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;

/**
 * Event-based gateways: subscribe to every event after the gateway (timer, message, signal) and
 * wait; the first one to happen completes the gateway ({@link EventTriggerBehavior#passGateway}).
 */
final class EventBasedGatewayProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  EventBasedGatewayProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    if (!ei.timerKeys.isEmpty() || !ei.subscriptionKeys.isEmpty() || !ei.signalSubscriptionKeys.isEmpty()) {
      return; // re-entered after an incident: the subscriptions made before stay
    }
    for (SequenceFlowModel flow : ei.element.outgoing()) {
      ElementModel event = ei.process.model.element(flow.targetId());
      if (event.timer() != null) {
        rt.timers.schedule(ei, event);
      } else if (event.signalName() != null) {
        rt.signals.subscribe(ei, event);
      } else {
        rt.messages.subscribe(ei, event);
      }
    }
  }
}
