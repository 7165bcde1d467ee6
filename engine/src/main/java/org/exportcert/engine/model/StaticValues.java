package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import java.util.List;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.exportcert.engine.feel.Feel;

/**
 * The places where Zeebe 8.8 deploys only an expression, never a static value: sequence flow
 * conditions, output mapping sources, message correlation keys, a multi-instance input collection and
 * output element, and a FEEL script. Zeebe rejects a static value there ("order == true" without
 * '=') at deployment, with the message used here, instead of evaluating the text at run time.
 */
final class StaticValues {

  private StaticValues() {}

  static void check(BpmnModelInstance instance, List<String> errors) {
    for (ConditionExpression condition : instance.getModelElementsByType(ConditionExpression.class)) {
      expectExpression(condition, condition.getTextContent(), errors);
    }
    for (ZeebeOutput output : instance.getModelElementsByType(ZeebeOutput.class)) {
      expectExpression(output, output.getSource(), errors);
    }
    for (ZeebeSubscription subscription : instance.getModelElementsByType(ZeebeSubscription.class)) {
      expectExpression(subscription, subscription.getCorrelationKey(), errors);
    }
    for (ZeebeLoopCharacteristics loop : instance.getModelElementsByType(ZeebeLoopCharacteristics.class)) {
      expectExpression(loop, loop.getInputCollection(), errors);
      expectExpression(loop, loop.getOutputElement(), errors);
    }
    for (ZeebeScript script : instance.getModelElementsByType(ZeebeScript.class)) {
      expectExpression(script, script.getExpression(), errors);
    }
  }

  private static void expectExpression(ModelElementInstance element, String value, List<String> errors) {
    if (value == null || value.isBlank() || Feel.isExpression(value)) {
      return; // a missing value is reported where it is mandatory
    }
    String text = value.strip();
    errors.add(BpmnParser.error(owner(element), "Expected expression but found static value '" + text
        + "'. An expression must start with '=' (e.g. '=" + text + "')."));
  }

  /** The nearest enclosing element with an id (the flow, task or message the value belongs to). */
  private static String owner(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      if (e instanceof BaseElement base && base.getId() != null) {
        return base.getId();
      }
    }
    return "definitions";
  }
}
