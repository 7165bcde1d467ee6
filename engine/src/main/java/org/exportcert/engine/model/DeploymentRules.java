package org.exportcert.engine.model;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAdHoc;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeOutput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebePriorityDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.exportcert.engine.feel.Feel;

/**
 * Rules Zeebe 8.8 checks when a model is deployed, beyond the design-time validators of
 * zeebe-bpmn-model, with Zeebe's messages: where only an expression is taken (a flow's condition, an
 * output mapping's source, a correlation key, a multi-instance input collection and output element, a
 * FEEL script, an ad-hoc subprocess's completion condition, active elements and output element) a
 * static value is refused; a static user task priority must be a number from 0 to 100, a static
 * candidate list comma-separated values and a static due or follow-up date a date-time; mapping
 * targets must be variable paths; task header keys must be unique and not use Zeebe's reserved
 * prefix. Without these, such models deployed here
 * and failed (or did something else) only at run time.
 */
final class DeploymentRules {

  private static final Pattern PATH = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*");
  private static final List<String> RESERVED_WORDS =
      List.of("null", "true", "false", "function", "if", "then", "else", "for", "between", "instance", "of");
  private static final String RESERVED_HEADER_PREFIX = "io.camunda.zeebe:";

  private DeploymentRules() {}

  static void check(BpmnModelInstance instance, List<String> errors) {
    for (ConditionExpression condition : instance.getModelElementsByType(ConditionExpression.class)) {
      expectExpression(condition, condition.getTextContent(), errors);
    }
    for (ZeebeInput input : instance.getModelElementsByType(ZeebeInput.class)) {
      expectPath(input, input.getTarget(), errors);
    }
    for (ZeebeOutput output : instance.getModelElementsByType(ZeebeOutput.class)) {
      expectExpression(output, output.getSource(), errors);
      expectPath(output, output.getTarget(), errors);
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
    for (ZeebeAssignmentDefinition assignment : instance.getModelElementsByType(ZeebeAssignmentDefinition.class)) {
      expectCsvIfStatic(assignment, assignment.getCandidateGroups(), errors);
      expectCsvIfStatic(assignment, assignment.getCandidateUsers(), errors);
    }
    for (ZeebeTaskSchedule schedule : instance.getModelElementsByType(ZeebeTaskSchedule.class)) {
      expectDateTimeIfStatic(schedule, schedule.getDueDate(), errors);
      expectDateTimeIfStatic(schedule, schedule.getFollowUpDate(), errors);
    }
    for (AdHocSubProcess adHoc : instance.getModelElementsByType(AdHocSubProcess.class)) {
      expectExpression(adHoc, adHoc.getCompletionCondition() == null ? null : adHoc.getCompletionCondition().getTextContent(), errors);
    }
    for (ZeebeAdHoc adHoc : instance.getModelElementsByType(ZeebeAdHoc.class)) {
      expectExpression(adHoc, adHoc.getActiveElementsCollection(), errors);
      expectExpression(adHoc, adHoc.getOutputElement(), errors);
    }
    for (ZeebePriorityDefinition priority : instance.getModelElementsByType(ZeebePriorityDefinition.class)) {
      expectPriorityIfStatic(priority, priority.getPriority(), errors);
    }
    for (ZeebeTaskHeaders headers : instance.getModelElementsByType(ZeebeTaskHeaders.class)) {
      Set<String> seen = new HashSet<>();
      Set<String> duplicates = new java.util.LinkedHashSet<>();
      for (ZeebeHeader header : headers.getHeaders()) {
        String key = header.getKey();
        if (key != null && key.startsWith(RESERVED_HEADER_PREFIX)) {
          errors.add(error(headers, "Attribute 'key' contains '" + key + "', but header keys starting with '"
              + RESERVED_HEADER_PREFIX + "' are reserved for internal use."));
        }
        if (!seen.add(key)) {
          duplicates.add(key);
        }
      }
      duplicates.forEach(key -> errors.add(error(headers, "Headers contain duplicate entries for key '" + key + "'")));
    }
  }

  private static void expectExpression(ModelElementInstance element, String value, List<String> errors) {
    if (value == null || value.isBlank() || Feel.isExpression(value)) {
      return; // a missing value is reported where it is mandatory
    }
    String text = value.strip();
    errors.add(error(element, "Expected expression but found static value '" + text
        + "'. An expression must start with '=' (e.g. '=" + text + "')."));
  }

  private static void expectPath(ModelElementInstance element, String target, List<String> errors) {
    if (target == null || target.isEmpty()) {
      errors.add(error(element, "Expected path expression but not found."));
    } else if (!PATH.matcher(target).matches()) {
      errors.add(error(element, "Expected path expression '" + target + "' but doesn't match the pattern '" + PATH + "'."));
    } else if (RESERVED_WORDS.contains(target)) {
      errors.add(error(element, "Expected path expression '" + target + "' but is one of the reserved words ("
          + String.join(", ", RESERVED_WORDS) + ")."));
    }
  }

  private static void expectCsvIfStatic(ModelElementInstance element, String value, List<String> errors) {
    if (value == null || value.isEmpty() || Feel.isExpression(value)) {
      return;
    }
    long parts = java.util.Arrays.stream(value.split(",")).filter(p -> !p.isBlank()).count();
    if (parts < value.chars().filter(c -> c == ',').count() + 1) { // a blank entry, e.g. 'a, ,c'
      errors.add(error(element, "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found '"
          + value + "'."));
    }
  }

  private static void expectDateTimeIfStatic(ModelElementInstance element, String value, List<String> errors) {
    if (value == null || value.isEmpty() || Feel.isExpression(value)) {
      return;
    }
    try {
      java.time.ZonedDateTime.parse(value.strip());
    } catch (java.time.format.DateTimeParseException e) {
      errors.add(error(element, "Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found '"
          + value + "'."));
    }
  }

  private static void expectPriorityIfStatic(ModelElementInstance element, String value, List<String> errors) {
    if (value == null || value.isBlank() || Feel.isExpression(value)) {
      return;
    }
    try {
      int priority = Integer.parseInt(value.strip());
      if (priority >= 0 && priority <= 100) {
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(error(element, "Expected static value to be a valid Number between 0 and 100, but found '" + value + "'."));
  }

  private static String error(ModelElementInstance element, String message) {
    return BpmnParser.error(owner(element), message);
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
