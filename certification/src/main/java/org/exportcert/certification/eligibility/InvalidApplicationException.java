package org.exportcert.certification.eligibility;

import java.util.List;

/** An application naming codes the scheme does not know; nothing of it was stored. */
public class InvalidApplicationException extends RuntimeException {

  private final List<SchemeCatalog.CodeProblem> problems;

  public InvalidApplicationException(List<SchemeCatalog.CodeProblem> problems) {
    super("The application names codes outside the scheme's code lists: " + problems);
    this.problems = List.copyOf(problems);
  }

  public List<SchemeCatalog.CodeProblem> problems() {
    return problems;
  }
}
