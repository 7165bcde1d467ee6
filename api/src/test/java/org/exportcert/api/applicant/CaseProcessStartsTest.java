package org.exportcert.api.applicant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.exportcert.api.process.Messages;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseRepository;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CertificationCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Pageable;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

/** A stored case whose process start failed or was cut by a crash still starts, and only once. */
class CaseProcessStartsTest {

  static final String CASE = "EC-2026-000009";
  static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

  CaseProcesses processes = mock(CaseProcesses.class);
  CaseService cases = mock(CaseService.class);
  CaseRepository repository = mock(CaseRepository.class);
  AuditTrail audit = mock(AuditTrail.class);
  PlatformTransactionManager tx = mock(PlatformTransactionManager.class);
  CaseProcessStarts starts;

  @BeforeEach
  void setUp() {
    when(tx.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    starts = new CaseProcessStarts(processes, cases, repository, audit, tx, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1), Duration.ofSeconds(5));
    CertificationCase c = mock(CertificationCase.class);
    when(c.getId()).thenReturn(CASE);
    when(c.getCategory()).thenReturn("AI_SAAS");
    when(c.getTargetMarkets()).thenReturn(List.of("SG"));
    when(repository.unstartedBefore(any(), any(Pageable.class))).thenReturn(List.of(CASE));
    when(repository.claimUnstarted(CASE)).thenReturn(Optional.of(c));
  }

  static InstanceView instance(long key, String definition, Long parent) {
    return new InstanceView(key, definition, 1, 1L, parent, "ACTIVE", false, null, null, Set.of());
  }

  @Test
  void aCaseLeftWithoutAProcessIsStartedOnceTheGracePeriodIsOver() {
    when(processes.instancesOfCase(CASE)).thenReturn(List.of());
    when(processes.startCase(CASE, "AI_SAAS", List.of("SG"))).thenReturn(11L);
    assertThat(starts.resumeUnstarted()).isEqualTo(1);
    verify(repository).unstartedBefore(NOW.minus(Duration.ofMinutes(1)), org.springframework.data.domain.PageRequest.of(0, 50));
    verify(cases).processStarted(CASE, 11L);
    verify(audit).record(CaseProcessStarts.RETRY_ACTOR, "case.process.started", "case", CASE,
        org.exportcert.certification.audit.Reason.of("audit.reason.process-instance", 11L));
  }

  @Test
  void aStartCutBeforeItsKeyWasRecordedIsRecordedNotRepeated() {
    // the crash came after the engine created the instance and before the key was stored
    when(processes.instancesOfCase(CASE))
        .thenReturn(List.of(instance(5L, "eligibility", 12L), instance(12L, Messages.CASE_PROCESS_ID, null)));
    assertThat(starts.resumeUnstarted()).isEqualTo(1);
    verify(processes, never()).startCase(anyString(), anyString(), anyList());
    verify(cases).processStarted(CASE, 12L);
  }

  @Test
  void aCaseAnotherInstanceClaimedIsLeftToIt() {
    // the search commits, the claim's version bump loses against the other instance's
    org.mockito.Mockito.doNothing()
        .doThrow(new ObjectOptimisticLockingFailureException(CertificationCase.class, CASE))
        .doNothing() // the look for moved-on cases after it commits as usual
        .when(tx).commit(any());
    assertThat(starts.resumeUnstarted()).isZero();
    verify(processes, never()).instancesOfCase(anyString());
    verify(processes, never()).startCase(anyString(), anyString(), anyList());
  }

  @Test
  void anEngineStillDownLeavesTheCaseForTheNextRound() {
    when(processes.instancesOfCase(CASE)).thenThrow(new io.camunda.client.api.command.ClientException("down"));
    assertThat(starts.resumeUnstarted()).isZero();
    verify(cases, never()).processStarted(anyString(), anyLong());
    starts.startMissed(); // logs, never throws into the scheduler
  }

  @Test
  void aStartThatAnsweredTooLateAfterTheCaseMovedOnHasItsKeyRecordedNeverAStart() {
    // the first start timed out, the engine created the instance and the workers moved the case on
    when(repository.unstartedBefore(any(), any(Pageable.class))).thenReturn(List.of());
    when(repository.unrecordedBetween(any(), any(), any(Pageable.class))).thenReturn(List.of(CASE));
    when(processes.instancesOfCase(CASE))
        .thenReturn(List.of(instance(5L, "eligibility", 12L), instance(12L, Messages.CASE_PROCESS_ID, null)));
    assertThat(starts.resumeUnstarted()).isEqualTo(1);
    Instant before = NOW.minus(Duration.ofMinutes(1));
    verify(repository).unrecordedBetween(before.minus(Duration.ofDays(1)), before, org.springframework.data.domain.PageRequest.of(0, 50));
    verify(processes, never()).startCase(anyString(), anyString(), anyList());
    verify(repository, never()).claimUnstarted(anyString());
    verify(cases).processStarted(CASE, 12L);
  }

  @Test
  void aMovedOnCaseWhoseInstanceIsNotFoundIsLeftAlone() {
    when(repository.unstartedBefore(any(), any(Pageable.class))).thenReturn(List.of());
    when(repository.unrecordedBetween(any(), any(), any(Pageable.class))).thenReturn(List.of(CASE));
    when(processes.instancesOfCase(CASE)).thenReturn(List.of(instance(5L, "eligibility", 12L)));
    assertThat(starts.resumeUnstarted()).isZero();
    verify(processes, never()).startCase(anyString(), anyString(), anyList());
    verify(cases, never()).processStarted(anyString(), anyLong());
  }
}
