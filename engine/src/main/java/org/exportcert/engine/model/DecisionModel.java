package org.exportcert.engine.model;

import java.util.List;

/**
 * A DMN decision: a decision table (hit policy, inputs, outputs, rules) or a literal expression.
 * Expressions and input entries are FEEL, evaluated by the engine's FEEL wrapper.
 */
public record DecisionModel(
    String id,
    String name,
    String hitPolicy,
    String aggregation,
    List<String> inputExpressions,
    List<String> outputNames,
    List<Rule> rules,
    String literalExpression,
    String literalVariable) {

  /** One table row: a unary test per input, an expression per output. */
  public record Rule(List<String> inputEntries, List<String> outputEntries) {}

  public boolean isTable() {
    return literalExpression == null;
  }
}
