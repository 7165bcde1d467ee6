package org.exportcert.bpmn.lint;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule: where (the decision or element id, and a rule or cell id when there is one),
 * and what is wrong as a {@link LintCode} with its arguments (names, ids, cell texts), so that each
 * reader gets it in their language ({@link LintTexts}).
 */
public record LintProblem(String element, LintCode code, List<String> args) {

  public LintProblem {
    Objects.requireNonNull(code, "code");
    args = args.stream().map(a -> a == null ? "" : a).toList();
    if (args.size() != code.arity()) {
      throw new IllegalArgumentException(code + " takes " + code.arity() + " arguments, not " + args.size());
    }
  }

  public static LintProblem of(String element, LintCode code, Object... args) {
    return new LintProblem(element, code, java.util.Arrays.stream(args).map(a -> a == null ? "" : a.toString()).toList());
  }

  public String rule() {
    return code.rule();
  }

  /** The English text, as the build prints it. */
  public String message() {
    return LintTexts.english(code, args);
  }

  @Override
  public String toString() {
    return element + " [" + rule() + "]: " + message();
  }
}
