package org.exportcert.certification.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends to the hash-chained audit trail. An entry recorded inside the caller's transaction is
 * chained just before that transaction commits, so it exists exactly when the state change it
 * records was committed — and the chain's single head row is locked only for the commit itself,
 * not while the caller goes on to store files, call the engine or wait for other rows (every
 * audited write in the application queues on that lock).
 */
@Service
public class AuditTrail {

  private final AuditEntryRepository entries;
  private final AuditHeadRepository heads;
  private final Clock clock;
  private final TransactionTemplate ownTransaction;

  public AuditTrail(
      AuditEntryRepository entries, AuditHeadRepository heads, Clock clock, PlatformTransactionManager transactions) {
    this.entries = entries;
    this.heads = heads;
    this.clock = clock;
    this.ownTransaction = new TransactionTemplate(transactions);
  }

  private record Pending(String actor, String action, String subjectType, String subjectId, String reason) {}

  /** Records in the caller's transaction (chained at its commit), or at once in a transaction of its own. */
  public void record(String actor, String action, String subjectType, String subjectId, String reason) {
    Pending entry = new Pending(actor, action, subjectType, subjectId, reason);
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()) {
      ownTransaction.execute(s -> chain(entry));
      return;
    }
    @SuppressWarnings("unchecked")
    List<Pending> queued = (List<Pending>) TransactionSynchronizationManager.getResource(this);
    if (queued == null) {
      List<Pending> fresh = new ArrayList<>();
      TransactionSynchronizationManager.bindResource(this, fresh);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void beforeCommit(boolean readOnly) {
          fresh.forEach(AuditTrail.this::chain);
        }

        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(AuditTrail.this);
        }
      });
      queued = fresh;
    }
    queued.add(entry);
  }

  /** Records at once, in a transaction of its own, and returns the chained entry. */
  public AuditEntry recordNow(String actor, String action, String subjectType, String subjectId, String reason) {
    return ownTransaction.execute(s -> chain(new Pending(actor, action, subjectType, subjectId, reason)));
  }

  private AuditEntry chain(Pending p) {
    AuditHead head = heads.lockHead().orElseThrow(() -> new IllegalStateException("no audit head"));
    long seq = head.getLastSeq() + 1;
    var at = AuditHashing.normalise(clock.instant());
    String hash =
        AuditHashing.hash(seq, at, p.actor(), p.action(), p.subjectType(), p.subjectId(), p.reason(), head.getLastHash());
    AuditEntry entry = entries.save(new AuditEntry(
        seq, at, p.actor(), p.action(), p.subjectType(), p.subjectId(), p.reason(), head.getLastHash(), hash));
    head.advance(seq, hash);
    return entry;
  }

  @Transactional(readOnly = true)
  public List<AuditEntry> forSubject(String subjectType, String subjectId) {
    return entries.findBySubjectTypeAndSubjectIdOrderBySeqAsc(subjectType, subjectId);
  }
}
