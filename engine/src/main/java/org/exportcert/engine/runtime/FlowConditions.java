package org.exportcert.engine.runtime;

import java.util.Map;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;

/** Sequence flow conditions, shared by the exclusive and inclusive gateways. */
final class FlowConditions {

  private FlowConditions() {
  }

  /** True or false, or null after raising the CONDITION_ERROR incident that says why not. */
  static Boolean holds(BpmnRuntime rt, ElementInstance ei, SequenceFlowModel flow, Map<String, Object> variables) {
    Object result;
    try {
      result = rt.feel().evaluate(flow.condition(), variables);
    } catch (FeelException e) {
      rt.raiseIncident(ei, "CONDITION_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
      return null;
    }
    if (!(result instanceof Boolean)) {
      rt.raiseIncident(ei, "CONDITION_ERROR",
          "Expected result of the expression '" + flow.condition() + "' to be 'BOOLEAN', but was '"
              + (result == null ? "NULL" : result.getClass().getSimpleName().toUpperCase()) + "'.",
          null, Incident.Retry.ENTER);
      return null;
    }
    return (Boolean) result;
  }
}
