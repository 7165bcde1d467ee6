package org.exportcert.certification.testing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** A lab's test report, with what ISO/IEC 17025 (7.8) asks a report to state. */
@Entity
@Table(name = "test_report")
public class TestReport {

  public enum Conformity { PASS, FAIL, INCONCLUSIVE }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "report_id", nullable = false, updatable = false)
  private String reportId;

  @Column(name = "test_request_id", updatable = false)
  private Long testRequestId;

  @Column(name = "lab_name", nullable = false)
  private String labName;

  @Column(name = "lab_accreditation", nullable = false)
  private String labAccreditation;

  @Column(nullable = false)
  private String method;

  @Column(name = "item_version", nullable = false)
  private String itemVersion;

  @Column(name = "item_sha256")
  private String itemSha256;

  @Column(name = "test_started", nullable = false)
  private LocalDate testStarted;

  @Column(name = "test_ended", nullable = false)
  private LocalDate testEnded;

  @Column(name = "results_json", nullable = false)
  private String resultsJson;

  @Column(name = "decision_rule", nullable = false)
  private String decisionRule;

  @Enumerated(EnumType.STRING)
  @Column(name = "conformity_statement", nullable = false)
  private Conformity conformity;

  @Column(nullable = false)
  private String authorizer;

  @Column(name = "evidence_id")
  private String evidenceId;

  @Column(name = "imported_at", nullable = false)
  private Instant importedAt;

  protected TestReport() {}

  TestReport(
      String caseId,
      String reportId,
      Long testRequestId,
      String labName,
      String labAccreditation,
      String method,
      String itemVersion,
      String itemSha256,
      LocalDate testStarted,
      LocalDate testEnded,
      String resultsJson,
      String decisionRule,
      Conformity conformity,
      String authorizer,
      String evidenceId,
      Instant importedAt) {
    this.caseId = caseId;
    this.reportId = reportId;
    this.testRequestId = testRequestId;
    this.labName = labName;
    this.labAccreditation = labAccreditation;
    this.method = method;
    this.itemVersion = itemVersion;
    this.itemSha256 = itemSha256;
    this.testStarted = testStarted;
    this.testEnded = testEnded;
    this.resultsJson = resultsJson;
    this.decisionRule = decisionRule;
    this.conformity = conformity;
    this.authorizer = authorizer;
    this.evidenceId = evidenceId;
    this.importedAt = importedAt;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getReportId() { return reportId; }
  public Long getTestRequestId() { return testRequestId; }
  public String getLabName() { return labName; }
  public String getLabAccreditation() { return labAccreditation; }
  public String getMethod() { return method; }
  public String getItemVersion() { return itemVersion; }
  public String getItemSha256() { return itemSha256; }
  public LocalDate getTestStarted() { return testStarted; }
  public LocalDate getTestEnded() { return testEnded; }
  public String getResultsJson() { return resultsJson; }
  public String getDecisionRule() { return decisionRule; }
  public Conformity getConformity() { return conformity; }
  public String getAuthorizer() { return authorizer; }
  public String getEvidenceId() { return evidenceId; }
  public Instant getImportedAt() { return importedAt; }
}
