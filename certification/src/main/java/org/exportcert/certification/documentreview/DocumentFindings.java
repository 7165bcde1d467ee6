package org.exportcert.certification.documentreview;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The evaluator's findings from one document review. */
@Entity
@Table(name = "document_findings")
public class DocumentFindings {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "step_key", nullable = false, updatable = false, unique = true)
  private String stepKey;

  @Column(nullable = false, updatable = false)
  private String outcome;

  @Column(updatable = false)
  private String findings;

  @Column(name = "recorded_by", nullable = false, updatable = false)
  private String recordedBy;

  @Column(name = "recorded_at", nullable = false, updatable = false)
  private Instant recordedAt;

  protected DocumentFindings() {}

  DocumentFindings(String caseId, String stepKey, String outcome, String findings, String recordedBy, Instant at) {
    this.caseId = caseId;
    this.stepKey = stepKey;
    this.outcome = outcome;
    this.findings = findings;
    this.recordedBy = recordedBy;
    this.recordedAt = at;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getStepKey() { return stepKey; }
  public String getOutcome() { return outcome; }
  public String getFindings() { return findings; }
  public String getRecordedBy() { return recordedBy; }
  public Instant getRecordedAt() { return recordedAt; }
}
