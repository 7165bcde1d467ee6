package org.exportcert.engine.model;

import java.util.List;

/** A deployment was rejected; {@code errors} names each element and reason. */
public final class DeploymentException extends RuntimeException {
  private final List<String> errors;

  public DeploymentException(String resourceName, List<String> errors) {
    super("'" + resourceName + "': " + String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
