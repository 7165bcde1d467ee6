package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;

/**
 * Inclusive gateways. Fork: every flow whose condition holds, else the default flow, else an
 * incident. Join: decided when tokens arrive ({@link StateTransitions#fireInclusiveJoins}).
 */
final class InclusiveGatewayProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  InclusiveGatewayProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    ei.chosenFlowIds = chooseFlows(ei);
    if (ei.chosenFlowIds != null) {
      rt.leave(ei, null);
    }
  }

  @Override
  public List<SequenceFlowModel> flowsOnComplete(ElementInstance ei) {
    List<SequenceFlowModel> flows = new ArrayList<>();
    for (SequenceFlowModel flow : ei.element.outgoing()) {
      if (ei.chosenFlowIds.contains(flow.id())) {
        flows.add(flow);
      }
    }
    return flows;
  }

  private List<String> chooseFlows(ElementInstance ei) {
    ElementModel gateway = ei.element;
    List<SequenceFlowModel> outgoing = gateway.outgoing();
    if (outgoing.size() == 1 && outgoing.get(0).condition() == null) {
      return List.of(outgoing.get(0).id());
    }
    Map<String, Object> variables = rt.visibleVariables(ei);
    List<String> chosen = new ArrayList<>();
    for (SequenceFlowModel flow : outgoing) {
      if (flow.id().equals(gateway.defaultFlowId())) {
        continue;
      }
      if (flow.condition() == null) {
        chosen.add(flow.id());
        continue;
      }
      Boolean holds = FlowConditions.holds(rt, ei, flow, variables);
      if (holds == null) {
        return null;
      }
      if (holds) {
        chosen.add(flow.id());
      }
    }
    if (chosen.isEmpty() && gateway.defaultFlowId() != null) {
      chosen.add(gateway.defaultFlowId());
    }
    if (chosen.isEmpty()) {
      rt.raiseIncident(ei, "CONDITION_ERROR",
          "Expected at least one condition to evaluate to true, or to have a default flow", null, Incident.Retry.ENTER);
      return null;
    }
    return chosen;
  }
}
