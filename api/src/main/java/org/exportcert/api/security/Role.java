package org.exportcert.api.security;

import java.util.Optional;

/**
 * The scheme's roles. Staff roles carry the Camunda candidate group their user tasks are offered
 * to; the models name exactly these groups.
 */
public enum Role {
  APPLICANT(null),
  CB_REVIEWER("cb-reviewers"),
  EVALUATOR("evaluators"),
  TEST_LAB("test-lab"),
  REVIEWER("reviewers"),
  DECISION_COMMITTEE("decision-committee"),
  REGISTRY_ADMIN("registry-admins"),
  APPEALS("appeals"),
  PROGRAM_MANAGER(null),
  OPERATOR("operators");

  private final String candidateGroup;

  Role(String candidateGroup) {
    this.candidateGroup = candidateGroup;
  }

  public Optional<String> candidateGroup() {
    return Optional.ofNullable(candidateGroup);
  }

  /** The Spring Security authority, e.g. {@code ROLE_TEST_LAB}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** Accepts {@code TEST_LAB}, {@code test-lab} and {@code ROLE_TEST_LAB} alike (token claims vary). */
  public static Optional<Role> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String normalised = value.trim().toUpperCase().replace('-', '_');
    if (normalised.startsWith("ROLE_")) {
      normalised = normalised.substring(5);
    }
    try {
      return Optional.of(Role.valueOf(normalised));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
