package org.exportcert.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.IncidentView;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.Role;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

class OperationsTest {

  static final String CASE = "EC-2026-000001";
  static final CurrentUser OPERATOR = new CurrentUser("operator", EnumSet.of(Role.OPERATOR), null);

  CaseQueries queries = mock(CaseQueries.class);
  CaseService cases = mock(CaseService.class);
  CaseProcesses processes = mock(CaseProcesses.class);
  AuditTrail audit = mock(AuditTrail.class);
  PlatformTransactionManager tx = mock(PlatformTransactionManager.class);
  Operations operations;

  @BeforeEach
  void setUp() {
    when(tx.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    operations = new Operations(queries, cases, mock(StaffAssignmentService.class), processes, audit,
        mock(org.exportcert.certification.audit.AuditChainVerifier.class), tx,
        new org.exportcert.api.process.EngineTime(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC),
            new org.springframework.mock.env.MockEnvironment(), new com.fasterxml.jackson.databind.ObjectMapper()),
        org.exportcert.api.i18n.AuditReasonsTest.messages());
  }

  void status(CaseStatus s) {
    CertificationCase c = mock(CertificationCase.class);
    when(c.getStatus()).thenReturn(s);
    when(cases.get(CASE)).thenReturn(c);
  }

  static InstanceView root(long key) {
    return new InstanceView(key, "certification-case", 1, 9, null, "ACTIVE", false, null, null, Set.of());
  }

  @Test
  void cancelAuditsClosesTheCaseAndCancelsTheRootInstance() {
    status(CaseStatus.TESTING);
    when(processes.instancesOfCase(CASE)).thenReturn(List.of(root(1),
        new InstanceView(2, "technical-testing", 1, 8, 1L, "ACTIVE", false, null, null, Set.of())));
    operations.cancel(CASE, "duplicate application", OPERATOR);
    var order = inOrder(audit, cases, processes);
    order.verify(audit).record("operator", "case.cancelled", "case", CASE, "duplicate application");
    order.verify(cases).transition(CASE, CaseStatus.TERMINATED, "operator", "duplicate application");
    order.verify(processes).cancel(1);
    verify(processes, never()).cancel(2);
  }

  @Test
  void aFailedEngineCancelRollsTheCaseChangeBack() {
    status(CaseStatus.TESTING);
    when(processes.instancesOfCase(CASE)).thenReturn(List.of(root(1)));
    doThrow(new io.camunda.client.api.command.ClientException("down")).when(processes).cancel(1);
    assertThatThrownBy(() -> operations.cancel(CASE, "x", OPERATOR))
        .isInstanceOf(io.camunda.client.api.command.ClientException.class);
    verify(tx).rollback(any());
  }

  @Test
  void aClosedCaseCannotBeCancelled() {
    status(CaseStatus.WITHDRAWN);
    assertThatThrownBy(() -> operations.cancel(CASE, "x", OPERATOR)).isInstanceOf(ApiProblem.class);
    verify(processes, never()).cancel(anyLong());
  }

  @Test
  void retryGivesRetriesResolvesAndAudits() {
    IncidentView incident = new IncidentView(5, 1, "certification-case", "JOB_NO_RETRIES", "boom",
        "Task_RecordStatus", 77L, "ACTIVE", null, 55L, 9L);
    when(processes.incident(5)).thenReturn(Optional.of(incident));
    when(processes.caseIdsOf(List.of(1L))).thenReturn(Map.of(1L, CASE));
    assertThat(operations.retry(5, 3, "database back", OPERATOR).caseId()).isEqualTo(CASE);
    verify(processes).retry(incident, 3);
    verify(audit).record(eq("operator"), eq("incident.retried"), eq("case"), eq(CASE),
        org.mockito.ArgumentMatchers.contains("database back"));
  }

  @Test
  void searchNarrowsToCasesTheEnginePointsAt() {
    when(processes.caseIdsWithIncidents()).thenReturn(Set.of(CASE, "EC-2026-000002"));
    when(processes.caseIdsWithOverdueTasks(any())).thenReturn(Set.of(CASE));
    operations.search(new Operations.Search(null, null, true, true, null, "SG", null), 0, 20);
    verify(queries).search(new CaseQueries.Filter(null, null, null, "SG", null, Set.of(CASE)), 0, 20);
  }

  static IncidentView notRecorded(String state) {
    return new IncidentView(6, 1, "certification-case", "JOB_NO_RETRIES",
        "Not recorded: Task_ReviewApplication was completed outside ExportCert (no completion stamp). ...",
        "Task_CheckReviewApplication", 78L, state, null, 66L, 9L);
  }

  @Test
  void aTaskCompletedOutsideExportCertIsSentBackToItAndAudited() {
    when(processes.incident(6)).thenReturn(Optional.of(notRecorded("ACTIVE")));
    when(processes.stampedUserTaskOf(9, "Task_CheckReviewApplication")).thenReturn(Optional.of("Task_ReviewApplication"));
    when(processes.caseIdsOf(List.of(1L))).thenReturn(Map.of(1L, CASE));
    assertThat(operations.sendBack(6, "reviewed on the engine port", OPERATOR).sendBackTo())
        .isEqualTo("Task_ReviewApplication");
    var order = inOrder(audit, processes);
    order.verify(audit).record(eq("operator"), eq("incident.sent-back"), eq("case"), eq(CASE),
        eq(org.exportcert.certification.audit.Reason.of("audit.reason.incident-sent-back",
            "Task_ReviewApplication", "Task_CheckReviewApplication", 6L, "reviewed on the engine port")));
    order.verify(processes).sendBack(1, 66, "Task_ReviewApplication");
  }

  @Test
  void theInboxNamesTheTaskToSendBackToOnlyForNotRecordedIncidents() {
    IncidentView other = new IncidentView(5, 1, "certification-case", "JOB_NO_RETRIES", "boom",
        "Task_CheckReviewApplication", 77L, "ACTIVE", null, 55L, 9L);
    when(processes.activeIncidents(null)).thenReturn(List.of(notRecorded("ACTIVE"), other));
    when(processes.stampedUserTaskOf(9, "Task_CheckReviewApplication")).thenReturn(Optional.of("Task_ReviewApplication"));
    when(processes.caseIdsOf(any())).thenReturn(Map.of(1L, CASE));
    assertThat(operations.incidents(null)).extracting(Operations.IncidentItem::sendBackTo)
        .containsExactly("Task_ReviewApplication", null);
  }

  @Test
  void anyOtherIncidentCannotBeSentBack() {
    IncidentView other = new IncidentView(5, 1, "certification-case", "JOB_NO_RETRIES", "store down",
        "Task_RecordStatus", 77L, "ACTIVE", null, 55L, 9L);
    when(processes.incident(5)).thenReturn(Optional.of(other));
    assertThatThrownBy(() -> operations.sendBack(5, "x", OPERATOR)).isInstanceOf(ApiProblem.class)
        .satisfies(e -> {
          assertThat(((ApiProblem) e).status().value()).isEqualTo(409);
          assertThat(((ApiProblem) e).detailKey()).isEqualTo("problem.incident.not-sendable");
        });
    when(processes.incident(6)).thenReturn(Optional.of(notRecorded("RESOLVED")));
    assertThatThrownBy(() -> operations.sendBack(6, "x", OPERATOR)).isInstanceOf(ApiProblem.class);
    verify(processes, never()).sendBack(anyLong(), anyLong(), anyString());
    verify(audit, never()).record(anyString(), anyString(), anyString(), anyString(), anyString());
  }

  @Test
  void anUnknownIncidentIs404() {
    when(processes.incident(anyLong())).thenReturn(Optional.empty());
    assertThatThrownBy(() -> operations.retry(9, 3, "x", OPERATOR)).isInstanceOf(ApiProblem.class);
    verify(audit, never()).record(anyString(), anyString(), anyString(), anyString(), anyString());
  }
}
