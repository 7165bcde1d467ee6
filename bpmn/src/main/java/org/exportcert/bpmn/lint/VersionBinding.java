package org.exportcert.bpmn.lint;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Which version of a called decision, process or form a model runs (docs/process-guide.md, "Which
 * version a case runs"), checked by the build and by the API alike:
 *
 * <ul>
 *   <li>decisions {@code latest}: a table deployed on its own applies from its next evaluation, so
 *       a program manager's rule change reaches the cases started afterwards (deadlines are
 *       evaluated once, when a case starts);
 *   <li>called processes and forms {@code deployment}: a case keeps the phases and forms of the
 *       bundle it started with; a changed phase or form comes with a new bundle.
 * </ul>
 */
public final class VersionBinding {

  private VersionBinding() {}

  public static List<LintProblem> check(BpmnModelInstance model) {
    List<LintProblem> problems = new ArrayList<>();
    for (BusinessRuleTask t : model.getModelElementsByType(BusinessRuleTask.class)) {
      ZeebeCalledDecision d = t.getSingleExtensionElement(ZeebeCalledDecision.class);
      if (d != null && d.getBindingType() != ZeebeBindingType.latest) {
        problems.add(LintProblem.of(t.getId(), LintCode.BINDING_DECISION_NOT_LATEST, d.getDecisionId(),
            d.getBindingType()));
      }
    }
    for (CallActivity c : model.getModelElementsByType(CallActivity.class)) {
      ZeebeCalledElement e = c.getSingleExtensionElement(ZeebeCalledElement.class);
      if (e != null && e.getBindingType() != ZeebeBindingType.deployment) {
        problems.add(LintProblem.of(c.getId(), LintCode.BINDING_PROCESS_NOT_DEPLOYMENT, e.getProcessId()));
      }
    }
    for (UserTask t : model.getModelElementsByType(UserTask.class)) {
      ZeebeFormDefinition f = t.getSingleExtensionElement(ZeebeFormDefinition.class);
      if (f != null && f.getFormId() != null && f.getBindingType() != ZeebeBindingType.deployment) {
        problems.add(LintProblem.of(t.getId(), LintCode.BINDING_FORM_NOT_DEPLOYMENT, f.getFormId()));
      }
    }
    return problems;
  }
}
