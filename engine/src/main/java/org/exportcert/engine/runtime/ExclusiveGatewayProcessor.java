package org.exportcert.engine.runtime;

import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;

/** Exclusive gateways: the first flow whose condition holds, else the default flow, else an incident. */
final class ExclusiveGatewayProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  ExclusiveGatewayProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    ei.chosenFlowId = chooseFlow(ei);
    if (ei.chosenFlowId != null) {
      rt.leave(ei, null);
    }
  }

  @Override
  public List<SequenceFlowModel> flowsOnComplete(ElementInstance ei) {
    return List.of(ei.element.outgoing().stream().filter(f -> f.id().equals(ei.chosenFlowId)).findFirst().orElseThrow());
  }

  private String chooseFlow(ElementInstance ei) {
    ElementModel gateway = ei.element;
    List<SequenceFlowModel> outgoing = gateway.outgoing();
    if (outgoing.size() == 1 && outgoing.get(0).condition() == null) {
      return outgoing.get(0).id();
    }
    Map<String, Object> variables = rt.visibleVariables(ei);
    for (SequenceFlowModel flow : outgoing) {
      if (flow.id().equals(gateway.defaultFlowId()) || flow.condition() == null) {
        continue;
      }
      Boolean holds = FlowConditions.holds(rt, ei, flow, variables);
      if (holds == null) {
        return null;
      }
      if (holds) {
        return flow.id();
      }
    }
    if (gateway.defaultFlowId() != null) {
      return gateway.defaultFlowId();
    }
    rt.raiseIncident(ei, "CONDITION_ERROR",
        "Expected at least one condition to evaluate to true, or to have a default flow", null, Incident.Retry.ENTER);
    return null;
  }
}
