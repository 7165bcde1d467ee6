package org.exportcert.api.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.process.BundledModels;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.TaskView;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.Role;
import org.exportcert.certification.appeal.Appeal;
import org.exportcert.certification.appeal.AppealService;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.exportcert.certification.casefile.StaffRole;
import org.exportcert.certification.completion.CompletionStamps;
import org.exportcert.certification.evidence.EvidenceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

class StaffTasksTest {

  static final String CASE = "EC-2026-000001";
  static final long PI = 100L;
  /** The engine's clock when no engine answers: the application clock, here fixed. */
  static final java.time.Clock NOW = java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T00:00:00Z"), java.time.ZoneOffset.UTC);
  static final CurrentUser COMMITTEE =
      new CurrentUser("committee", EnumSet.of(Role.DECISION_COMMITTEE), null);
  static final CurrentUser LAB = new CurrentUser("lab", EnumSet.of(Role.TEST_LAB), null);

  static final String FORM =
      """
      {"id":"certification-decision","components":[
        {"type":"text","text":"intro"},
        {"type":"textfield","key":"caseId","readonly":true},
        {"type":"radio","key":"decisionOutcome","values":[{"value":"GRANT"},{"value":"REFUSE"}],
         "validate":{"required":true}},
        {"type":"textarea","key":"decisionRationale","validate":{"required":true}},
        {"type":"textarea","key":"decisionConditions","conditional":{"hide":"=true"}},
        {"type":"checkbox","key":"impartialityConfirmed","validate":{"required":true}}]}
      """;

  CaseProcesses processes = mock(CaseProcesses.class);
  StaffAssignmentService staff = mock(StaffAssignmentService.class);
  BundledModels bundled = mock(BundledModels.class);
  AuditTrail audit = mock(AuditTrail.class);
  AppealService appeals = mock(AppealService.class);
  CompletionStamps stamps = new CompletionStamps("a test secret of thirty-two chars+", java.nio.file.Path.of("unused"));
  EvidenceStore evidence = mock(EvidenceStore.class);
  org.exportcert.certification.testing.TestingService testing =
      mock(org.exportcert.certification.testing.TestingService.class);
  org.exportcert.api.console.ElementNames names = mock(org.exportcert.api.console.ElementNames.class);
  StaffTasks tasks;

  @BeforeEach
  void setUp() {
    PlatformTransactionManager tx = mock(PlatformTransactionManager.class);
    when(tx.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    tasks = new StaffTasks(processes, mock(CaseQueries.class), staff, evidence,
        bundled, audit, appeals, testing, new ObjectMapper(), tx, stamps,
        new org.exportcert.api.process.EngineTime(NOW, new org.springframework.mock.env.MockEnvironment(), new ObjectMapper()),
        new org.springframework.beans.factory.support.StaticListableBeanFactory(Map.of("names", names))
            .getBeanProvider(org.exportcert.api.console.ElementNames.class));
    when(names.chinese()).thenReturn(Map.of("certification-decision", Map.of("Task_DecideCertification", "认证决定")));
    when(processes.caseIdsOf(List.of(PI))).thenReturn(Map.of(PI, CASE));
    when(bundled.formIdOf("certification-decision", "Task_DecideCertification"))
        .thenReturn(Optional.of("certification-decision"));
    when(bundled.form("certification-decision")).thenReturn(Optional.of(FORM));
  }

  void task(long key, String assignee, String... groups) {
    when(processes.task(key)).thenReturn(Optional.of(new TaskView(key, "Decide on certification",
        "CREATED", assignee, "Task_DecideCertification", List.of(groups), "certification-decision",
        PI, null, null, null, 50)));
  }

  TaskView due(long key, java.time.OffsetDateTime due) {
    return new TaskView(key, "Run tests", "CREATED", null, "Task_RunTests", List.of("test-lab"), "technical-testing",
        PI, null, null, due, 50);
  }

  @Test
  void overdueIsJudgedOnTheServerByTheEngineTimeNotByTheBrowser() {
    var now = java.time.OffsetDateTime.ofInstant(NOW.instant(), java.time.ZoneOffset.UTC);
    when(processes.openTasksForGroups(any())).thenReturn(List.of(
        due(1L, now.minusSeconds(1)), due(2L, now.plusSeconds(1)), due(3L, null)));
    assertThat(tasks.list(LAB, StaffTasks.Scope.GROUPS))
        .extracting(i -> i.task().key(), StaffTasks.TaskItem::overdue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, true), org.assertj.core.groups.Tuple.tuple(2L, false),
            org.assertj.core.groups.Tuple.tuple(3L, false));
    when(processes.task(1L)).thenReturn(Optional.of(due(1L, now.minusSeconds(1))));
    assertThat(tasks.get(1L, LAB).overdue()).isTrue();
  }

  @Test
  void theModelsLintTheCompletionCheckForExactlyTheGroupsThatAreCaseRoles() {
    // a group added here and not there would leave its tasks' outcomes unchecked
    assertThat(StaffTasks.ROLE_OF_GROUP.keySet())
        .isEqualTo(org.exportcert.bpmn.lint.CompletionStampCheck.CASE_ROLE_GROUPS);
  }

  @Test
  void theAppealsHandlerSeesTheApplicantsGroundsBesideTheTask() {
    var appealsHandler = new CurrentUser("appeals", EnumSet.of(Role.APPEALS), null);
    when(processes.task(2L)).thenReturn(Optional.of(new TaskView(2L, "Decide the appeal", "CREATED", null,
        "Task_DecideAppeal", List.of("appeals"), "appeal", PI, null, null, null, 60)));
    Appeal appeal = mock(Appeal.class);
    when(appeal.getId()).thenReturn(7L);
    when(appeal.getGrounds()).thenReturn("The lab read the report against the wrong test plan.");
    when(appeal.getLodgedBy()).thenReturn("applicant");
    when(appeals.latest(CASE)).thenReturn(Optional.of(appeal));

    var item = tasks.get(2L, appealsHandler);
    assertThat(item.appeal().appealId()).isEqualTo("AP-7");
    assertThat(item.appeal().grounds()).contains("wrong test plan");
    task(1, null, "decision-committee");
    assertThat(tasks.get(1, COMMITTEE).appeal()).isNull();
  }

  @Test
  void aTaskOfAnotherGroupCannotBeSeenOrClaimed() {
    task(1, null, "decision-committee");
    assertThatThrownBy(() -> tasks.get(1, LAB)).isInstanceOf(ApiProblem.class)
        .hasMessageContaining("not offered");
    assertThatThrownBy(() -> tasks.claim(1, new StaffTasks.Declaration("none", false), LAB))
        .isInstanceOf(ApiProblem.class);
    verify(processes, never()).assign(anyLong(), anyString());
  }

  @Test
  void claimingChecksImpartialityRecordsTheDeclarationAndAssigns() {
    task(1, null, "decision-committee");
    tasks.claim(1, new StaffTasks.Declaration("no links", false), COMMITTEE);
    verify(staff).requireImpartial(CASE, "committee", StaffRole.DECISION_MAKER);
    verify(staff).assign(eq(CASE), eq("committee"), eq(StaffRole.DECISION_MAKER), any(), any(), eq("committee"));
    verify(processes).assign(1, "committee");
    org.mockito.ArgumentCaptor<String> reason = org.mockito.ArgumentCaptor.forClass(String.class);
    verify(audit).record(eq("committee"), eq("task.claimed"), eq("case"), eq(CASE), reason.capture());
    // the task by its name in the reader's language (the model's name.zh), never its element id
    var texts = org.exportcert.api.i18n.AuditReasonsTest.messages();
    assertThat(texts.text(reason.getValue(), java.util.Locale.SIMPLIFIED_CHINESE)).isEqualTo("认领“认证决定”（任务 1）");
    assertThat(texts.text(reason.getValue(), java.util.Locale.ENGLISH))
        .isEqualTo("Claimed \"Decide on certification\" (task 1)");
  }

  @Test
  void whoTestedTheCaseCannotClaimItsDecision() {
    task(1, null, "decision-committee");
    doThrow(new ImpartialityViolationException("committee evaluated or tested " + CASE))
        .when(staff).requireImpartial(CASE, "committee", StaffRole.DECISION_MAKER);
    assertThatThrownBy(() -> tasks.claim(1, new StaffTasks.Declaration("none", false), COMMITTEE))
        .isInstanceOf(ImpartialityViolationException.class);
    verify(processes, never()).assign(anyLong(), anyString());
  }

  @Test
  void aTaskClaimedBySomeoneElseIsAConflict() {
    task(1, "someone", "decision-committee");
    assertThatThrownBy(() -> tasks.claim(1, new StaffTasks.Declaration("none", false), COMMITTEE))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("already claimed");
  }

  @Test
  void completingRequiresTheClaimAndRechecksImpartiality() {
    task(1, null, "decision-committee");
    assertThatThrownBy(() -> tasks.complete(1, Map.of(), List.of(), COMMITTEE))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("Claim task");
    task(1, "committee", "decision-committee");
    doThrow(new ImpartialityViolationException("assigned as evaluator meanwhile"))
        .when(staff).requireImpartial(CASE, "committee", StaffRole.DECISION_MAKER);
    assertThatThrownBy(() -> tasks.complete(1, valid(), List.of(), COMMITTEE))
        .isInstanceOf(ImpartialityViolationException.class);
    verify(processes, never()).complete(anyLong(), anyMap());
  }

  static Map<String, Object> valid() {
    return Map.of("decisionOutcome", "GRANT", "decisionRationale", "all tests passed",
        "impartialityConfirmed", true);
  }

  @Test
  void formDataIsCheckedAgainstTheForm() {
    task(1, "committee", "decision-committee");
    assertThatThrownBy(() -> tasks.complete(1,
            Map.of("decisionOutcome", "MAYBE", "caseId", "EC-2026-999999", "dueDates", "{}",
                "decisionRationale", Map.of("nested", "object")),
            List.of(), COMMITTEE))
        .isInstanceOfSatisfying(StaffTasks.InvalidTaskVariables.class, e ->
            assertThat(e.problems()).extracting(p -> p.field())
                .contains("decisionOutcome", "dueDates", "decisionRationale",
                    "impartialityConfirmed")
                .doesNotContain("caseId"));
    verify(processes, never()).complete(anyLong(), anyMap());
  }

  @Test
  void theReadOnlyCaseFieldAsFormJsSubmitsItIsDroppedNeverWrittenNorRefused() {
    task(1, "committee", "decision-committee");
    Map<String, Object> submitted = new java.util.LinkedHashMap<>(valid());
    submitted.put("caseId", ""); // what form-js sends for the read-only field it showed
    tasks.complete(1, submitted, List.of(), COMMITTEE);
    submitted.put("caseId", "EC-2026-999999"); // or a forged one: dropped all the same
    tasks.complete(1, submitted, List.of(), COMMITTEE);
    @SuppressWarnings("unchecked")
    org.mockito.ArgumentCaptor<Map<String, Object>> sent = org.mockito.ArgumentCaptor.forClass(Map.class);
    verify(processes, org.mockito.Mockito.times(2)).complete(eq(1L), sent.capture());
    for (Map<String, Object> vars : sent.getAllValues()) {
      Map<String, Object> withoutStamp = new java.util.LinkedHashMap<>(vars);
      withoutStamp.remove(CompletionStamps.VARIABLE);
      assertThat(withoutStamp).isEqualTo(valid());
    }
  }

  @Test
  void validFormDataCompletesTheTaskAndIsAudited() {
    task(1, "committee", "decision-committee");
    tasks.complete(1, valid(), List.of(), COMMITTEE);
    @SuppressWarnings("unchecked")
    org.mockito.ArgumentCaptor<Map<String, Object>> sent = org.mockito.ArgumentCaptor.forClass(Map.class);
    verify(processes).complete(eq(1L), sent.capture());
    assertThat(sent.getValue()).containsAllEntriesOf(valid());
    // stamped for the worker that records the decision: the person who completed it, here
    var stamped = stamps.verify(new java.util.HashMap<>(sent.getValue()), PI, "Task_DecideCertification");
    assertThat(stamped.person()).isEqualTo("committee");
    assertThat(stamped.taskKey()).isEqualTo(1L);
    org.mockito.ArgumentCaptor<String> reason = org.mockito.ArgumentCaptor.forClass(String.class);
    verify(audit).record(eq("committee"), eq("task.completed"), eq("case"), eq(CASE), reason.capture());
    // the choices in words, the free-text rationale only in the variables, never a Java map
    var texts = org.exportcert.api.i18n.AuditReasonsTest.messages();
    assertThat(texts.text(reason.getValue(), java.util.Locale.SIMPLIFIED_CHINESE))
        .isEqualTo("完成“认证决定”（任务 1）：决定：准予认证；确认公正性：是");
    assertThat(texts.text(reason.getValue(), java.util.Locale.ENGLISH)).isEqualTo(
        "Completed \"Decide on certification\" (task 1): Decision: Certification granted; Impartiality confirmed: yes");
  }

  @Test
  void withoutAFormOnlyPlainScalarsThatAreNotTheProcesssOwnAreAccepted() {
    assertThat(FormVariables.checkWithoutForm(Map.of("outcome", "OK", "count", 3))).isEmpty();
    assertThat(FormVariables.checkWithoutForm(Map.of("caseId", "x"))).hasSize(1);
    assertThat(FormVariables.checkWithoutForm(Map.of("a.b", "x"))).hasSize(1);
    assertThat(FormVariables.checkWithoutForm(Map.of("doc", Map.of("k", "v")))).hasSize(1);
  }

  @Test
  void aReportTheImportWouldRefuseIsExplainedAndTheTaskStaysClaimed() {
    when(processes.task(3L)).thenReturn(Optional.of(new TaskView(3L, "Run the test plan", "CREATED", "lab",
        "Task_RunTests", List.of("test-lab"), "technical-testing", PI, null, null, null, 50)));
    var report = mock(org.exportcert.certification.evidence.Evidence.class);
    when(report.getCaseId()).thenReturn(CASE);
    when(evidence.get("EV-PDF")).thenReturn(report);
    when(testing.problemsOf(CASE, "EV-PDF")).thenReturn(List.of("report.pdf is application/pdf: it is kept as"
        + " the report document, but the results must also be uploaded as JSON"));

    assertThatThrownBy(() -> tasks.complete(3L, Map.of("testReportEvidenceId", "EV-PDF"), List.of(), LAB))
        .isInstanceOfSatisfying(ApiProblem.class, e -> {
          assertThat(e.status().value()).isEqualTo(400);
          assertThat(e.type().toString()).isEqualTo("urn:exportcert:problem:test-report-invalid");
          assertThat(e.getMessage()).contains("report.pdf", "JSON", "stays yours");
        });
    verify(processes, never()).complete(anyLong(), anyMap());
    verify(processes, never()).unassign(anyLong());
  }

  @Test
  void resultsForSuitesOutsideThePlanAreRefusedNamingThemAndTheTaskStaysClaimed() {
    when(processes.task(3L)).thenReturn(Optional.of(new TaskView(3L, "Run the test plan", "CREATED", "lab",
        "Task_RunTests", List.of("test-lab"), "technical-testing", PI, null, null, null, 50)));
    var report = mock(org.exportcert.certification.evidence.Evidence.class);
    when(report.getCaseId()).thenReturn(CASE);
    when(evidence.get("EV-JSON")).thenReturn(report);
    when(testing.problemsOf(CASE, "EV-JSON")).thenReturn(List.of());
    when(testing.suitesOutsidePlan(CASE, "EV-JSON")).thenReturn(Optional.of(
        new org.exportcert.certification.testing.TestingService.OutsidePlan(List.of("SECURITY"),
            List.of("ITEM_IDENTIFICATION", "DATA_PROTECTION_AND_TENANT_ISOLATION"))));

    assertThatThrownBy(() -> tasks.complete(3L, Map.of("testReportEvidenceId", "EV-JSON"), List.of(), LAB))
        .isInstanceOfSatisfying(ApiProblem.class, e -> {
          assertThat(e.status().value()).isEqualTo(400);
          assertThat(e.type().toString()).isEqualTo("urn:exportcert:problem:test-report-invalid");
          assertThat(e.getMessage()).contains("outside the test plan: SECURITY", "ITEM_IDENTIFICATION", "stays yours");
          assertThat(e.detailKey()).isEqualTo("problem.test-report-invalid.outside-plan");
        });
    verify(processes, never()).complete(anyLong(), anyMap());
    verify(processes, never()).unassign(anyLong());
  }
}
