package org.exportcert.api.applicant;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.Messages;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseRepository;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CertificationCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts a stored case's process without holding a database connection while the engine answers.
 * The case is committed first; its process is started right after, outside any transaction, and
 * its key recorded in a second short transaction. A case whose start failed or was cut by a crash
 * stays SUBMITTED without a key; {@link #startMissed()} finds it after a grace period, looks for an
 * instance the cut attempt may have started (so a case never gets two) and otherwise starts one.
 * A start that answered too late, after the workers had moved the case on, gets its key recorded.
 */
@Service
public class CaseProcessStarts {

  static final String RETRY_ACTOR = "system:case-start-retry";
  private static final Logger log = LoggerFactory.getLogger(CaseProcessStarts.class);
  private static final int BATCH = 50;
  private static final Duration RECORD_WINDOW = Duration.ofDays(1);

  private final CaseProcesses processes;
  private final CaseService cases;
  private final CaseRepository repository;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Duration grace;
  private final Duration requestStartTimeout;

  public CaseProcessStarts(
      CaseProcesses processes,
      CaseService cases,
      CaseRepository repository,
      AuditTrail audit,
      PlatformTransactionManager transactions,
      Clock clock,
      @Value("${exportcert.cases.start-retry-grace:PT1M}") Duration grace,
      @Value("${exportcert.cases.start-timeout:PT5S}") Duration requestStartTimeout) {
    this.requestStartTimeout = requestStartTimeout;
    this.processes = processes;
    this.cases = cases;
    this.repository = repository;
    this.audit = audit;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
    this.grace = grace;
  }

  /**
   * Starts the process of a just committed case, waiting for the engine at most the start timeout
   * (an overloaded engine must not hold the applicant's answer). A failure or timeout is logged,
   * not thrown: the case is stored (its submission acknowledged), and {@link #startMissed()} starts
   * it later, or records the instance the engine created after the wait was given up.
   *
   * @return whether the process is started and recorded
   */
  public boolean startNow(CertificationCase c, String actor) {
    try {
      long instance = processes.startCase(c.getId(), c.getCategory(), c.getTargetMarkets(), requestStartTimeout);
      record(c.getId(), instance, actor);
      return true;
    } catch (RuntimeException e) {
      log.warn("Case {} stored, its process not yet started or recorded ({}); it is retried after {}", c.getId(), e.toString(), grace);
      return false;
    }
  }

  @Scheduled(
      fixedDelayString = "${exportcert.cases.start-retry-interval:PT30S}",
      initialDelayString = "${exportcert.cases.start-retry-interval:PT30S}")
  public void startMissed() {
    try {
      int started = resumeUnstarted();
      if (started > 0) {
        log.info("Started or recorded the process of {} case(s) whose start had failed or was cut", started);
      }
    } catch (RuntimeException e) {
      log.warn("Could not look for cases without a process: {}", e.toString());
    }
  }

  /** @return how many cases got their process started or their started process recorded */
  int resumeUnstarted() {
    return startUnstarted() + recordUnrecorded();
  }

  /**
   * A start that answered after the timeout still created its instance, and the workers may have
   * moved the case past SUBMITTED before the grace period was over: such a case is never started
   * again, only its key looked up and recorded (the operator's case page shows it). A day after the
   * grace period a key still not found is left alone.
   */
  private int recordUnrecorded() {
    java.time.Instant before = clock.instant().minus(grace);
    List<String> due = tx.execute(s -> repository.unrecordedBetween(before.minus(RECORD_WINDOW), before, PageRequest.of(0, BATCH)));
    int done = 0;
    for (String caseId : due == null ? List.<String>of() : due) {
      try {
        Optional<Long> existing = rootInstance(caseId);
        if (existing.isPresent()) {
          record(caseId, existing.get(), RETRY_ACTOR);
          done++;
        }
      } catch (RuntimeException e) {
        log.warn("Case {}: looking up its process instance failed ({}); trying again later", caseId, e.toString());
      }
    }
    return done;
  }

  private Optional<Long> rootInstance(String caseId) {
    return processes.instancesOfCase(caseId).stream()
        .filter(i -> Messages.CASE_PROCESS_ID.equals(i.processDefinitionId()) && i.parentKey() == null)
        .map(CaseProcesses.InstanceView::key)
        .findFirst();
  }

  private int startUnstarted() {
    List<String> due = tx.execute(s -> repository.unstartedBefore(clock.instant().minus(grace), PageRequest.of(0, BATCH)));
    int done = 0;
    for (String caseId : due) {
      Optional<CertificationCase> claimed = claim(caseId);
      if (claimed.isEmpty()) {
        continue; // another instance has it, or it got its key meanwhile
      }
      try {
        // a start cut by a crash (or a lost answer) may have created the instance already
        Optional<Long> existing = rootInstance(caseId);
        CertificationCase c = claimed.get();
        long instance = existing.orElseGet(() -> processes.startCase(caseId, c.getCategory(), c.getTargetMarkets()));
        record(caseId, instance, RETRY_ACTOR);
        done++;
      } catch (RuntimeException e) {
        log.warn("Case {}: process start retry failed ({}); trying again later", caseId, e.toString());
      }
    }
    return done;
  }

  private Optional<CertificationCase> claim(String caseId) {
    try {
      return tx.execute(s -> repository.claimUnstarted(caseId).map(c -> {
        c.getTargetMarkets().size(); // read inside the transaction
        return c;
      }));
    } catch (OptimisticLockingFailureException e) {
      return Optional.empty();
    }
  }

  private void record(String caseId, long instance, String actor) {
    tx.executeWithoutResult(s -> {
      cases.processStarted(caseId, instance);
      audit.record(actor, "case.process.started", CaseService.AUDIT_SUBJECT, caseId,
          org.exportcert.certification.audit.Reason.of("audit.reason.process-instance", instance));
    });
  }
}
