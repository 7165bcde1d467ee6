package org.exportcert.certification.appeal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An appeal against a decision; handled by people independent of that decision. */
@Entity
@Table(name = "appeal")
public class Appeal {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "decision_id", nullable = false, updatable = false, unique = true)
  private Long decisionId;

  @Column(name = "lodged_at", nullable = false, updatable = false)
  private Instant lodgedAt;

  @Column(nullable = false)
  private String status;

  /** The applicant's grounds, as lodged; null for an appeal recorded without them. */
  @Column(updatable = false)
  private String grounds;

  @Column(name = "lodged_by", updatable = false)
  private String lodgedBy;

  protected Appeal() {}

  Appeal(String caseId, Long decisionId, Instant lodgedAt, String grounds, String lodgedBy) {
    this.caseId = caseId;
    this.decisionId = decisionId;
    this.lodgedAt = lodgedAt;
    this.grounds = grounds;
    this.lodgedBy = lodgedBy;
    this.status = "LODGED";
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public Long getDecisionId() { return decisionId; }
  public Instant getLodgedAt() { return lodgedAt; }
  public String getStatus() { return status; }
  public String getGrounds() { return grounds; }
  public String getLodgedBy() { return lodgedBy; }
}
