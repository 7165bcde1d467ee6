package org.exportcert.engine.runtime;

import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.ElementInstance;

/**
 * End events and intermediate throw events: throw their error, escalation or signal, trigger
 * compensation ({@link Compensation}, which completes them once the handlers are done), or open a
 * job (job-based message events), else just complete. A terminate end event's termination of its
 * scope happens on completion ({@link StateTransitions}), a link throw's jump likewise.
 */
final class ThrowEventProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  ThrowEventProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    ElementModel element = ei.element;
    if (element.compensationThrow()) {
      rt.compensation.throwEvent(ei); // compensation hook: completes once the handlers it started have
    } else if (element.errorThrow()) {
      String code = String.valueOf(rt.feel().evaluateValue(element.errorCode(), rt.visibleVariables(ei)));
      rt.events.throwError(ei, code, null, Map.of(), null);
    } else if (element.escalation()) {
      rt.events.escalate(ei, String.valueOf(rt.feel().evaluateValue(element.escalationCode(), rt.visibleVariables(ei))));
      if (ei.isActive()) {
        rt.leave(ei, null); // not caught, or caught by a non-interrupting event: the throw event goes on
      }
    } else if (element.signalName() != null) {
      rt.signals.throwSignal(ei);
      rt.leave(ei, null);
    } else if (element.isJobWorkerTask()) {
      rt.jobs.create(ei); // job-based message end and throw events: completing the job goes on
    } else {
      rt.leave(ei, null);
    }
  }
}
