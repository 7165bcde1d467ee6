package org.exportcert.certification.registry;

import java.util.List;
import org.exportcert.certification.casefile.BusinessRuleException;

/** The listing is held until a registry admin resolves what failed. */
public class RegistryCheckFailedException extends BusinessRuleException {

  public static final String CODE = "REGISTRY_CHECK_FAILED";

  private final List<String> problems;

  public RegistryCheckFailedException(List<String> problems) {
    super(CODE, "Registry checks failed: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
