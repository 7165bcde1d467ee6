package org.exportcert.certification.audit;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends to the hash-chained audit trail. Joins the caller's transaction, so an entry exists
 * exactly when the state change it records was committed.
 */
@Service
public class AuditTrail {

  private final AuditEntryRepository entries;
  private final AuditHeadRepository heads;
  private final Clock clock;

  public AuditTrail(AuditEntryRepository entries, AuditHeadRepository heads, Clock clock) {
    this.entries = entries;
    this.heads = heads;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.REQUIRED)
  public AuditEntry record(
      String actor, String action, String subjectType, String subjectId, String reason) {
    AuditHead head = heads.lockHead().orElseThrow(() -> new IllegalStateException("no audit head"));
    long seq = head.getLastSeq() + 1;
    var at = AuditHashing.normalise(clock.instant());
    String hash =
        AuditHashing.hash(
            seq, at, actor, action, subjectType, subjectId, reason, head.getLastHash());
    AuditEntry entry =
        entries.save(
            new AuditEntry(
                seq, at, actor, action, subjectType, subjectId, reason, head.getLastHash(), hash));
    head.advance(seq, hash);
    return entry;
  }

  @Transactional(readOnly = true)
  public List<AuditEntry> forSubject(String subjectType, String subjectId) {
    return entries.findBySubjectTypeAndSubjectIdOrderBySeqAsc(subjectType, subjectId);
  }
}
