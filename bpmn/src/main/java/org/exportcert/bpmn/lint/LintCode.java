package org.exportcert.bpmn.lint;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every finding a lint rule can report, as a stable code with a fixed number of arguments. The
 * texts people read are in {@code i18n/lint.properties} (English) and {@code lint_zh.properties}
 * (Chinese), key = {@link #key()}; the build prints the English, the API answers in the caller's
 * language (its MessageSource loads the same files). A new finding is a new constant here and a
 * text in both files, or LintTextsTest fails the build.
 */
public enum LintCode {
  // the bilingual naming convention (ChineseNames)
  CHINESE_NAME_MISSING("chinese-name", "missing", 1),
  // path files' names (PathNames)
  CHINESE_NAME_PATH_DESCRIPTION("chinese-name", "path-description", 0),
  CHINESE_NAME_PATH("chinese-name", "path", 1),
  PATH_NAME_MISSING("name", "path-missing", 1),
  PATH_NAME_TOO_LONG("name", "path-too-long", 2),
  PATHS_NOT_JSON("paths", "not-json", 0),
  PATHS_SHAPE("paths", "shape", 0),
  // the completion check (CompletionStampCheck)
  COMPLETION_NOT_CHECKED("completion-check", "not-checked", 2),
  COMPLETION_WRONG_TASK("completion-check", "wrong-task", 1),
  COMPLETION_STAMP_KEPT("completion-check", "stamp-kept", 0),
  COMPLETION_STAMP_NOT_PASSED("completion-check", "stamp-not-passed", 1),
  // which version a case runs (VersionBinding)
  BINDING_DECISION_NOT_LATEST("binding", "decision-not-latest", 2),
  BINDING_PROCESS_NOT_DEPLOYMENT("binding", "process-not-deployment", 1),
  BINDING_FORM_NOT_DEPLOYMENT("binding", "form-not-deployment", 1),
  BINDING_FORM_NOT_IN_BUNDLE("binding", "form-not-in-bundle", 1),
  BINDING_DECISION_NOT_IN_BUNDLE("binding", "decision-not-in-bundle", 1),
  BINDING_PROCESS_NOT_IN_BUNDLE("binding", "process-not-in-bundle", 1),
  // decision tables (DecisionTableLint)
  DMN_NO_TABLE("dmn", "no-table", 0),
  DMN_NO_DECISION("dmn", "no-decision", 0),
  HIT_POLICY_UNKNOWN("hit-policy", "unknown", 1),
  RULES_NONE("rules", "none", 0),
  OUTPUT_UNNAMED("output", "unnamed", 1),
  FEEL_INPUT_EXPRESSION("feel", "input-expression", 2),
  FEEL_INPUT_ENTRY("feel", "input-entry", 2),
  FEEL_OUTPUT_ENTRY("feel", "output-entry", 3),
  CELLS_COUNT("cells", "count", 0),
  DURATION_NOT_ISO("duration", "not-iso", 2),
  OUTPUTS_MISSING("outputs", "missing", 2),
  // the bundle as a whole and its files (the API's ModelLinter)
  BUNDLE_EMPTY("bundle", "empty", 0),
  BUNDLE_TOO_MANY_FILES("bundle", "too-many-files", 1),
  FILE_NAME_INVALID("file-name", "invalid", 0),
  FILE_NAME_TWICE("file-name", "twice", 0),
  SIZE_TOO_LARGE("size", "too-large", 1),
  XML_INVALID("xml", "invalid", 0),
  BPMN_INVALID("bpmn", "invalid", 1),
  ZEEBE_INVALID("zeebe", "invalid", 1),
  EXECUTABLE_NOT("executable", "not", 0),
  NAME_PROCESS_MISSING("name", "process-missing", 0),
  NAME_ELEMENT_MISSING("name", "element-missing", 0),
  JOB_TYPE_NO_CATALOG("job-type", "no-catalog", 0),
  JOB_TYPE_MISSING("job-type", "missing", 0),
  JOB_TYPE_UNKNOWN("job-type", "unknown", 1),
  USER_TASK_NOT_CAMUNDA("user-task", "not-camunda", 0),
  FORM_MISSING("form", "missing", 0),
  FORM_UNKNOWN("form", "unknown", 1),
  FORM_NO_ID("form", "no-id", 0),
  FORM_NO_COMPONENTS("form", "no-components", 0),
  FORM_PLATFORM("form", "platform", 0),
  FORM_NOT_JSON("form", "not-json", 0),
  CANDIDATE_GROUPS_MISSING("candidate-groups", "missing", 0),
  CANDIDATE_GROUPS_UNKNOWN("candidate-groups", "unknown", 2),
  DECISION_MISSING("decision", "missing", 0),
  DECISION_UNKNOWN("decision", "unknown", 1),
  CALL_MISSING("call", "missing", 0),
  CALL_UNKNOWN("call", "unknown", 1),
  TAKES_EFFECT_NOT_BOUND("takes-effect", "not-bound", 2),
  ENGINE_UNREACHABLE("engine", "unreachable", 0),
  // a path test's failures (org.exportcert.bpmn.paths.PathRunner), on the build's and a draft's runs
  PATH_NOT_RUN("path", "not-run", 0),
  PATH_ENGINE_REFUSED("path", "engine-refused", 1),
  PATH_UNKNOWN_STEP("path", "unknown-step", 1),
  PATH_WAITED_TASK("path", "waited-task", 2),
  PATH_WAITED_ACTIVE("path", "waited-active", 2),
  PATH_WAITED_END("path", "waited-end", 2),
  PATH_INTERRUPTED("path", "interrupted", 0),
  PATH_STATE("path", "state", 2),
  PATH_NOT_COMPLETED("path", "not-completed", 2),
  PATH_COMPLETED_TIMES("path", "completed-times", 3),
  PATH_REACHED("path", "reached", 1),
  PATH_VARIABLE("path", "variable", 3),
  /** A failure kept as text by runs recorded before failures had codes. */
  PATH_AS_RECORDED("path", "as-recorded", 1);

  private final String rule;
  private final String key;
  private final int arity;

  LintCode(String rule, String what, int arity) {
    this.rule = rule;
    this.key = "lint." + rule + "." + what;
    this.arity = arity;
  }

  /** The rule the finding breaks ("binding", "feel"...), as the reports name it. */
  public String rule() {
    return rule;
  }

  /** The message key of the finding's text, {@code lint.<rule>.<what>}. */
  public String key() {
    return key;
  }

  /** How many arguments ({0}, {1}...) the text takes. */
  public int arity() {
    return arity;
  }

  /** The message key of a rule's title, {@code lint.rule.<rule>}. */
  public static String ruleKey(String rule) {
    return "lint.rule." + rule;
  }

  public static Set<String> rules() {
    return Arrays.stream(values()).map(LintCode::rule).collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
