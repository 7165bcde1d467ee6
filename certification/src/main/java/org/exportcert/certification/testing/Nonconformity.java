package org.exportcert.certification.testing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

@Entity
@Table(name = "nonconformity")
public class Nonconformity {

  public enum Severity { MAJOR, MINOR }

  public enum Status { OPEN, CORRECTED, VERIFIED, CLOSED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "test_report_id", updatable = false)
  private Long testReportId;

  /** The lab's own reference, unique within the case. */
  @Column(nullable = false, updatable = false)
  private String reference;

  @Column(name = "requirement_ref", nullable = false)
  private String requirementRef;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Severity severity;

  private String description;

  @Column(name = "found_on", nullable = false)
  private LocalDate foundOn;

  @Column(name = "due_on", nullable = false)
  private LocalDate dueOn;

  @Column(name = "root_cause")
  private String rootCause;

  private String correction;

  @Column(name = "corrective_action")
  private String correctiveAction;

  @Column(name = "verification_evidence_id")
  private String verificationEvidenceId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  protected Nonconformity() {}

  Nonconformity(
      String caseId,
      Long testReportId,
      String reference,
      String requirementRef,
      Severity severity,
      String description,
      LocalDate foundOn,
      LocalDate dueOn) {
    this.caseId = caseId;
    this.testReportId = testReportId;
    this.reference = reference;
    this.requirementRef = requirementRef;
    this.severity = severity;
    this.description = description;
    this.foundOn = foundOn;
    this.dueOn = dueOn;
    this.status = Status.OPEN;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public Long getTestReportId() { return testReportId; }
  public String getReference() { return reference; }
  public String getRequirementRef() { return requirementRef; }
  public Severity getSeverity() { return severity; }
  public String getDescription() { return description; }
  public LocalDate getFoundOn() { return foundOn; }
  public LocalDate getDueOn() { return dueOn; }
  public String getRootCause() { return rootCause; }
  public String getCorrection() { return correction; }
  public String getCorrectiveAction() { return correctiveAction; }
  public String getVerificationEvidenceId() { return verificationEvidenceId; }
  public Status getStatus() { return status; }

  void correct(String rootCause, String correction, String correctiveAction) {
    this.rootCause = rootCause;
    this.correction = correction;
    this.correctiveAction = correctiveAction;
    this.status = Status.CORRECTED;
  }

  void close(String verificationEvidenceId) {
    this.verificationEvidenceId = verificationEvidenceId;
    this.status = Status.CLOSED;
  }
}
