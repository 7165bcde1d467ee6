package org.exportcert.api.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.cases.CaseSummary;
import org.exportcert.api.error.ApiExceptionHandler.FieldProblem;
import org.exportcert.api.console.ElementNames;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.process.BundledModels;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.TaskView;
import org.exportcert.api.process.EngineTime;
import org.exportcert.api.i18n.AuditReasons;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.Role;
import org.exportcert.certification.appeal.AppealService;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.exportcert.certification.casefile.StaffRole;
import org.exportcert.certification.completion.CompletionStamps;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.testing.TestingService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff work on user tasks: only tasks offered to one of their groups, impartiality checked by
 * the domain on claim and again on completion, form data checked against the task's form.
 */
@Service
public class StaffTasks {

  /** The case role a person takes by working a task of that candidate group. */
  static final Map<String, StaffRole> ROLE_OF_GROUP =
      Map.of(
          "cb-reviewers", StaffRole.CB_REVIEWER,
          "evaluators", StaffRole.EVALUATOR,
          "test-lab", StaffRole.TEST_ENGINEER,
          "reviewers", StaffRole.REVIEWER,
          "decision-committee", StaffRole.DECISION_MAKER,
          "registry-admins", StaffRole.REGISTRY_ADMIN,
          "appeals", StaffRole.APPEALS_HANDLER);

  static final String APPEAL_PROCESS = "appeal";

  /** The lab's form field naming the report the import worker reads. */
  static final String TEST_REPORT_FIELD = "testReportEvidenceId";

  static final java.net.URI TEST_REPORT_INVALID = ProblemTypes.type("test-report-invalid");

  private final CaseProcesses processes;
  private final CaseQueries queries;
  private final StaffAssignmentService staff;
  private final EvidenceStore evidence;
  private final BundledModels bundled;
  private final AuditTrail audit;
  private final AppealService appeals;
  private final TestingService testing;
  private final ObjectMapper json;
  private final TransactionTemplate tx;
  private final CompletionStamps stamps;
  private final EngineTime engineTime;
  private final ObjectProvider<ElementNames> names;
  /** Form fields whose value is a choice, worded in the audit line. */
  static final Set<String> OUTCOME_TYPES = Set.of("radio", "select", "checkbox");

  public StaffTasks(
      CaseProcesses processes,
      CaseQueries queries,
      StaffAssignmentService staff,
      EvidenceStore evidence,
      BundledModels bundled,
      AuditTrail audit,
      AppealService appeals,
      TestingService testing,
      ObjectMapper json,
      PlatformTransactionManager transactions,
      CompletionStamps stamps,
      EngineTime engineTime,
      ObjectProvider<ElementNames> names) {
    this.processes = processes;
    this.queries = queries;
    this.staff = staff;
    this.evidence = evidence;
    this.bundled = bundled;
    this.audit = audit;
    this.appeals = appeals;
    this.testing = testing;
    this.json = json;
    this.tx = new TransactionTemplate(transactions);
    this.stamps = stamps;
    this.engineTime = engineTime;
    this.names = names;
  }

  /**
   * @param appeal for tasks of the appeal process: the appeal with the applicant's grounds
   * @param overdue whether the task's due date has passed by the engine's clock (not the browser's)
   */
  public record TaskItem(TaskView task, String caseId, CaseSummary caseFile, AppealView appeal, boolean overdue) {}

  public record AppealView(String appealId, String grounds, String lodgedBy, java.time.Instant lodgedAt) {}

  public record Declaration(String text, boolean conflict) {}

  public enum Scope { MINE, GROUPS }

  public List<TaskItem> list(CurrentUser user, Scope scope) {
    List<TaskView> tasks =
        scope == Scope.MINE
            ? processes.openTasksAssignedTo(user.username())
            : processes.openTasksForGroups(user.candidateGroups());
    Map<Long, String> caseIds =
        processes.caseIdsOf(tasks.stream().map(TaskView::processInstanceKey).toList());
    Map<String, CaseSummary> summaries = queries.summaries(new java.util.LinkedHashSet<>(caseIds.values()));
    List<TaskItem> items = new ArrayList<>();
    java.time.OffsetDateTime now = tasks.stream().anyMatch(t -> t.due() != null) ? engineTime.nowUtc() : null;
    for (TaskView t : tasks) {
      String caseId = caseIds.get(t.processInstanceKey());
      items.add(new TaskItem(t, caseId, caseId == null ? null : summaries.get(caseId), appealOf(t, caseId),
          now != null && EngineTime.overdue(t.due(), now)));
    }
    return items;
  }

  public TaskItem get(long key, CurrentUser user) {
    TaskView t = visible(key, user);
    String caseId = caseIdOf(t);
    return new TaskItem(t, caseId, queries.summary(caseId).orElse(null), appealOf(t, caseId),
        t.due() != null && EngineTime.overdue(t.due(), engineTime.nowUtc()));
  }

  private AppealView appealOf(TaskView t, String caseId) {
    if (caseId == null || !APPEAL_PROCESS.equals(t.processDefinitionId())) {
      return null;
    }
    return appeals.latest(caseId)
        .map(a -> new AppealView(Refs.of(AppealService.REF, a.getId()), a.getGrounds(), a.getLodgedBy(), a.getLodgedAt()))
        .orElse(null);
  }

  /** The deployed form if the engine gives it, else the form shipped with the models. */
  public Optional<String> form(long key, CurrentUser user) {
    return form(visible(key, user));
  }

  Optional<String> form(TaskView t) {
    Optional<String> deployed = t.formKey() == null ? Optional.empty() : processes.deployedForm(t.key());
    if (deployed.isPresent()) {
      return deployed;
    }
    return bundled.formIdOf(t.processDefinitionId(), t.elementId()).flatMap(bundled::form);
  }

  public TaskView claim(long key, Declaration declaration, CurrentUser user) {
    TaskView t = visible(key, user);
    if (t.assignee() != null && !t.assignee().isBlank()) {
      if (t.assignee().equals(user.username())) {
        return t;
      }
      throw ApiProblem.conflict("Task " + key + " is already claimed by " + t.assignee() + ".");
    }
    String caseId = caseIdOf(t);
    Optional<StaffRole> role = roleFor(t, user);
    tx.executeWithoutResult(s -> {
      role.ifPresent(r -> {
        staff.requireImpartial(caseId, user.username(), r);
        // the assignment keeps the declaration; a declared conflict refuses it
        staff.assign(caseId, user.username(), r, user.organisation(),
            new StaffAssignmentService.Declaration(declaration.text(), declaration.conflict()),
            user.username());
      });
      audit.record(user.username(), "task.claimed", CaseService.AUDIT_SUBJECT, caseId,
          Reason.of("audit.reason.task-claimed", t.name(), chineseName(t), key));
      processes.assign(key, user.username());
    });
    return processes.task(key).orElse(t);
  }

  public void unclaim(long key, CurrentUser user) {
    TaskView t = visible(key, user);
    if (t.assignee() == null) {
      return;
    }
    if (!t.assignee().equals(user.username()) && !user.has(Role.OPERATOR)) {
      throw ApiProblem.forbidden("Only " + t.assignee() + " or an operator can release task " + key + ".");
    }
    String caseId = caseIdOf(t);
    tx.executeWithoutResult(s -> {
      audit.record(user.username(), "task.unclaimed", CaseService.AUDIT_SUBJECT, caseId,
          Reason.of("audit.reason.task-released", t.name(), chineseName(t), key, t.assignee()));
      processes.unassign(key);
    });
  }

  public void complete(
      long key, Map<String, Object> variables, List<String> evidenceIds, CurrentUser user) {
    TaskView t = assignedToCaller(key, user);
    String caseId = caseIdOf(t);
    roleFor(t, user).ifPresent(r -> staff.requireImpartial(caseId, user.username(), r));
    JsonNode form = form(t).map(f -> FormVariables.parse(json, f)).orElse(null);
    Map<String, Object> vars = new LinkedHashMap<>(variables == null ? Map.of() : variables);
    if (form != null) {
      vars = FormVariables.withoutReadOnly(vars, form);
    }
    List<FieldProblem> problems =
        form == null ? FormVariables.checkWithoutForm(vars) : FormVariables.check(vars, form);
    if (!problems.isEmpty()) {
      throw new InvalidTaskVariables(problems);
    }
    List<String> refs = new ArrayList<>(evidenceIds == null ? List.of() : evidenceIds);
    vars.forEach((k, v) -> {
      if (k.endsWith("EvidenceId") && v instanceof String s) {
        refs.add(s);
      }
    });
    for (String id : refs) {
      if (!caseId.equals(evidence.get(id).getCaseId())) {
        throw ApiProblem.invalid("Evidence " + id + " does not belong to " + caseId + ".");
      }
    }
    // a report the import would refuse is explained now, and the task stays with the caller
    if (vars.get(TEST_REPORT_FIELD) instanceof String reportId) {
      List<String> reportProblems = testing.problemsOf(caseId, reportId);
      if (!reportProblems.isEmpty()) {
        Evidence report = evidence.get(reportId);
        ApiProblem refused = new ApiProblem(HttpStatus.BAD_REQUEST, TEST_REPORT_INVALID, "Test report not accepted",
            "The report cannot be imported: " + String.join("; ", reportProblems)
                + ". The task stays yours: upload the report again and complete it.");
        // the usual case (a signed PDF) said in the caller's language; field problems of a JSON
        // report are quoted as the import states them
        throw "application/json".equals(report.getMediaType())
            ? refused.detailKey("problem.test-report-invalid.detail", String.join("; ", reportProblems))
            : refused.detailKey("problem.test-report-invalid.not-json", report.getFileName(),
                report.getMediaType(), org.exportcert.certification.testing.TestingService.FORMAT);
      }
      // results for suites the plan does not hold would be recorded against nothing the lab was asked for
      testing.suitesOutsidePlan(caseId, reportId).ifPresent(o -> {
        String suites = String.join(", ", o.suites());
        String plan = String.join(", ", o.plan());
        throw new ApiProblem(HttpStatus.BAD_REQUEST, TEST_REPORT_INVALID, "Test report not accepted",
            "The results name suites outside the test plan: " + suites + " (the plan: " + plan
                + "). The task stays yours: correct the results and complete it.")
            .detailKey("problem.test-report-invalid.outside-plan", suites, plan);
      });
    }
    if (evidenceIds != null && !evidenceIds.isEmpty()) {
      vars.put("evidenceIds", List.copyOf(evidenceIds));
    }
    // signed for the worker that records the outcome: only completions made here carry it
    vars.remove(CompletionStamps.VARIABLE);
    Map<String, Object> accepted = vars;
    String outcome = outcomes(accepted, form);
    String reason = outcome.isEmpty()
        ? Reason.of("audit.reason.task-completed", t.name(), chineseName(t), key)
        : Reason.of("audit.reason.task-completed-with", t.name(), chineseName(t), key, outcome);
    Map<String, Object> stamped = new LinkedHashMap<>(accepted);
    stamped.put(CompletionStamps.VARIABLE,
        stamps.stamp(key, t.processInstanceKey(), t.elementId(), user.username(), accepted));
    tx.executeWithoutResult(s -> {
      audit.record(user.username(), "task.completed", CaseService.AUDIT_SUBJECT, caseId, reason);
      processes.complete(key, stamped);
    });
  }

  public Evidence upload(long key, String kind, String fileName, InputStream content, CurrentUser user) {
    TaskView t = assignedToCaller(key, user);
    return evidence.store(
        new EvidenceStore.Upload(caseIdOf(t), kind, fileName, user.username(), null), content);
  }

  /**
   * The choices a person made on the form (radio, select, checkbox fields) for the audit line, as
   * {@code field=VALUE; ...}, which {@link org.exportcert.api.i18n.AuditReasons} words in the
   * reader's language; free text and ids stay in the variables only.
   */
  static String outcomes(Map<String, Object> vars, JsonNode form) {
    if (form == null) {
      return "";
    }
    StringJoiner shown = new StringJoiner("; ");
    // in the form's order, as the person saw them
    FormVariables.fields(form).forEach((k, f) -> {
      Object v = vars.get(k);
      if (OUTCOME_TYPES.contains(f.type()) && (v instanceof Boolean
          || v instanceof String s && AuditReasons.BARE_CODE.matcher(s).matches())) {
        shown.add(k + "=" + v);
      }
    });
    return shown.toString();
  }

  /** The task's name in Chinese from its model (name.zh), its English name where there is none. */
  private String chineseName(TaskView t) {
    ElementNames known = names.getIfAvailable();
    String zh = known == null ? null
        : known.chinese().getOrDefault(t.processDefinitionId(), Map.of()).get(t.elementId());
    return zh != null ? zh : t.name() != null ? t.name() : t.elementId();
  }

  private TaskView visible(long key, CurrentUser user) {
    TaskView t = processes.task(key).orElseThrow(() -> ApiProblem.notFound("No task " + key));
    boolean mine = user.username().equals(t.assignee());
    boolean offered = t.candidateGroups().stream().anyMatch(user.candidateGroups()::contains);
    if (!mine && !offered) {
      throw ApiProblem.forbidden("Task " + key + " is not offered to your groups.");
    }
    return t;
  }

  private TaskView assignedToCaller(long key, CurrentUser user) {
    TaskView t = visible(key, user);
    if (!user.username().equals(t.assignee())) {
      throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Not your task",
          "Claim task " + key + " before working on it.");
    }
    return t;
  }

  private String caseIdOf(TaskView t) {
    String caseId = processes.caseIdsOf(List.of(t.processInstanceKey())).get(t.processInstanceKey());
    if (caseId == null) {
      throw ApiProblem.conflict("Task " + t.key() + " is not linked to a case.");
    }
    return caseId;
  }

  /** The role of the first of the task's groups the caller belongs to; operators take none. */
  static Optional<StaffRole> roleFor(TaskView t, CurrentUser user) {
    return t.candidateGroups().stream()
        .filter(user.candidateGroups()::contains)
        .map(ROLE_OF_GROUP::get)
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  /** 400 listing every offending field, like any validation error. */
  public static class InvalidTaskVariables extends RuntimeException {
    private final List<FieldProblem> problems;

    InvalidTaskVariables(List<FieldProblem> problems) {
      super("task variables rejected");
      this.problems = problems;
    }

    public List<FieldProblem> problems() {
      return problems;
    }
  }
}
