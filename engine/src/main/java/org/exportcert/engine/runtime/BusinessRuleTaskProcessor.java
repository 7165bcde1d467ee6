package org.exportcert.engine.runtime;

import java.util.HashMap;
import java.util.Map;
import org.exportcert.engine.dmn.Decisions;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;

/** Business rule tasks: a called decision evaluated in place, or a job for a worker. */
final class BusinessRuleTaskProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  BusinessRuleTaskProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    if (ei.element.calledDecisionId() != null) {
      evaluateCalledDecision(ei);
    } else {
      rt.jobs.create(ei);
    }
  }

  /** The decision's result goes into resultVariable; a failed evaluation is an incident. */
  private void evaluateCalledDecision(ElementInstance ei) {
    Map<String, Object> variables = rt.visibleVariables(ei);
    Object decisionId = rt.feel().evaluateValue(ei.element.calledDecisionId(), variables);
    if (!(decisionId instanceof String id) || id.isBlank()) {
      throw new FeelException("Expected result of the expression '" + ei.element.calledDecisionId() + "' to be 'STRING', but was '" + decisionId + "'.");
    }
    Decisions.TaskOutcome outcome = rt.decisions.evaluateForTask(rt.state(), ei, id, ei.element.calledDecisionBinding(), variables, rt.now);
    if (outcome.failed()) {
      rt.raiseIncident(ei, outcome.errorType(), outcome.errorMessage(), null, Incident.Retry.ENTER);
      return;
    }
    Map<String, Object> result = new HashMap<>();
    result.put(ei.element.resultVariable(), outcome.output());
    rt.leave(ei, result);
  }
}
