package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.DecisionModel;

/**
 * Evaluates a DMN decision table or literal expression with FEEL: input expressions, unary-test
 * input entries, output entries; hit policies UNIQUE, FIRST, ANY, RULE ORDER and COLLECT (with
 * SUM, MIN, MAX, COUNT). A single output column yields its value, several yield a context.
 */
final class DecisionEvaluator {

  private final Feel feel;

  DecisionEvaluator(Feel feel) {
    this.feel = feel;
  }

  Object evaluate(DecisionModel decision, Map<String, Object> variables) {
    if (!decision.isTable()) {
      return feel.evaluate(decision.literalExpression(), variables);
    }
    List<Object> inputs = new ArrayList<>();
    for (String expression : decision.inputExpressions()) {
      inputs.add(expression == null || expression.isBlank() ? null : feel.evaluate(expression, variables));
    }
    List<Object> results = new ArrayList<>();
    for (DecisionModel.Rule rule : decision.rules()) {
      boolean matches = true;
      for (int i = 0; i < inputs.size() && matches; i++) {
        matches = feel.unaryTests(rule.inputEntries().get(i), inputs.get(i), variables);
      }
      if (!matches) {
        continue;
      }
      results.add(output(decision, rule, variables));
      if ("FIRST".equals(decision.hitPolicy())) {
        break;
      }
    }
    switch (decision.hitPolicy()) {
      case "FIRST":
        return results.isEmpty() ? null : results.get(0);
      case "UNIQUE":
        if (results.size() > 1) {
          throw new FeelException("hit policy UNIQUE: " + results.size() + " rules of decision '" + decision.id() + "' matched, expected at most one");
        }
        return results.isEmpty() ? null : results.get(0);
      case "ANY":
        if (results.stream().distinct().count() > 1) {
          throw new FeelException("hit policy ANY: rules of decision '" + decision.id() + "' matched with different outputs");
        }
        return results.isEmpty() ? null : results.get(0);
      default: // COLLECT, RULE ORDER
        return aggregate(decision, results);
    }
  }

  private Object output(DecisionModel decision, DecisionModel.Rule rule, Map<String, Object> variables) {
    List<String> names = decision.outputNames();
    if (names.size() == 1) {
      return value(rule.outputEntries().get(0), variables);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      context.put(names.get(i), value(rule.outputEntries().get(i), variables));
    }
    return context;
  }

  private Object value(String expression, Map<String, Object> variables) {
    return expression == null || expression.isBlank() ? null : feel.evaluate(expression, variables);
  }

  private static Object aggregate(DecisionModel decision, List<Object> results) {
    String aggregation = decision.aggregation();
    if (aggregation == null || !"COLLECT".equals(decision.hitPolicy())) {
      return results;
    }
    if ("COUNT".equals(aggregation)) {
      return (long) results.size();
    }
    if (results.isEmpty()) {
      return null;
    }
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    boolean integral = true;
    for (Object result : results) {
      if (!(result instanceof Number number)) {
        throw new FeelException("aggregation " + aggregation + " needs numbers, got '" + result + "'");
      }
      integral &= result instanceof Long;
      sum += number.doubleValue();
      min = Math.min(min, number.doubleValue());
      max = Math.max(max, number.doubleValue());
    }
    double value = switch (aggregation) {
      case "SUM" -> sum;
      case "MIN" -> min;
      case "MAX" -> max;
      default -> throw new FeelException("unknown aggregation " + aggregation);
    };
    return integral ? (Object) (long) value : (Object) value;
  }
}
