package org.exportcert.bpmn.lint;

/**
 * One broken rule: where (the decision or element id, and a rule or cell id when there is one),
 * which rule, and what is wrong in words a model author can act on.
 */
public record LintProblem(String element, String rule, String message) {

  @Override
  public String toString() {
    return element + " [" + rule + "]: " + message;
  }
}
