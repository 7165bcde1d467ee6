package org.exportcert.certification.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of a case's status history. */
@Entity
@Table(name = "case_status_change")
public class CaseStatusChange {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Enumerated(EnumType.STRING)
  @Column(name = "from_status", updatable = false)
  private CaseStatus fromStatus;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_status", nullable = false, updatable = false)
  private CaseStatus toStatus;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private Phase phase;

  @Column(nullable = false, updatable = false)
  private String actor;

  @Column(updatable = false)
  private String reason;

  @Column(name = "changed_at", nullable = false, updatable = false)
  private Instant changedAt;

  protected CaseStatusChange() {}

  CaseStatusChange(
      String caseId, CaseStatus from, CaseStatus to, String actor, String reason, Instant at) {
    this.caseId = caseId;
    this.fromStatus = from;
    this.toStatus = to;
    this.phase = to.phase();
    this.actor = actor;
    this.reason = reason;
    this.changedAt = at;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public CaseStatus getFromStatus() { return fromStatus; }
  public CaseStatus getToStatus() { return toStatus; }
  public Phase getPhase() { return phase; }
  public String getActor() { return actor; }
  public String getReason() { return reason; }
  public Instant getChangedAt() { return changedAt; }
}
