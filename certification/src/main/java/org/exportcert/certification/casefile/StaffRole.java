package org.exportcert.certification.casefile;

import java.util.EnumSet;
import java.util.Set;

public enum StaffRole {
  CB_REVIEWER,
  EVALUATOR,
  TEST_ENGINEER,
  REVIEWER,
  DECISION_MAKER,
  REGISTRY_ADMIN,
  APPEALS_HANDLER;

  /** Those who examined the case themselves (ISO/IEC 17065 7.5: not the ones who review it). */
  public static final Set<StaffRole> EVALUATING = EnumSet.of(EVALUATOR, TEST_ENGINEER);

  /** Those who judge the evaluation. */
  public static final Set<StaffRole> JUDGING = EnumSet.of(REVIEWER, DECISION_MAKER);
}
