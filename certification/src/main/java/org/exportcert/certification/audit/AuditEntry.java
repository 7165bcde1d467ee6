package org.exportcert.certification.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the audit trail. Never updated once written. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, updatable = false)
  private long seq;

  @Column(name = "occurred_at", nullable = false, updatable = false)
  private Instant occurredAt;

  @Column(nullable = false, updatable = false)
  private String actor;

  @Column(nullable = false, updatable = false)
  private String action;

  @Column(name = "subject_type", nullable = false, updatable = false)
  private String subjectType;

  @Column(name = "subject_id", nullable = false, updatable = false)
  private String subjectId;

  @Column(updatable = false)
  private String reason;

  @Column(name = "previous_hash", nullable = false, updatable = false)
  private String previousHash;

  @Column(name = "entry_hash", nullable = false, updatable = false)
  private String entryHash;

  protected AuditEntry() {}

  public AuditEntry(
      long seq,
      Instant occurredAt,
      String actor,
      String action,
      String subjectType,
      String subjectId,
      String reason,
      String previousHash,
      String entryHash) {
    this.seq = seq;
    this.occurredAt = occurredAt;
    this.actor = actor;
    this.action = action;
    this.subjectType = subjectType;
    this.subjectId = subjectId;
    this.reason = reason;
    this.previousHash = previousHash;
    this.entryHash = entryHash;
  }

  public Long getId() { return id; }
  public long getSeq() { return seq; }
  public Instant getOccurredAt() { return occurredAt; }
  public String getActor() { return actor; }
  public String getAction() { return action; }
  public String getSubjectType() { return subjectType; }
  public String getSubjectId() { return subjectId; }
  public String getReason() { return reason; }
  public String getPreviousHash() { return previousHash; }
  public String getEntryHash() { return entryHash; }
}
