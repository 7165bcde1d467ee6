package org.exportcert.certification.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** A certificate revision; one per granting decision, its number kept across revisions. */
@Entity
@Table(name = "certificate")
public class Certificate {

  public enum Status { ACTIVE, SUSPENDED, WITHDRAWN, EXPIRED, SUPERSEDED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "decision_id", nullable = false, updatable = false, unique = true)
  private Long decisionId;

  @Column(nullable = false, updatable = false)
  private String number;

  @Column(nullable = false, updatable = false)
  private int revision;

  @Column(nullable = false)
  private String holder;

  @Column(nullable = false)
  private String scope;

  @Column(nullable = false)
  private String standards;

  @Column(name = "granted_on", nullable = false)
  private LocalDate grantedOn;

  @Column(name = "expires_on", nullable = false)
  private LocalDate expiresOn;

  private String conditions;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(name = "pdf_evidence_id")
  private String pdfEvidenceId;

  @Column(name = "next_surveillance_due")
  private java.time.Instant nextSurveillanceDue;

  @Column(name = "renewal_window_opens")
  private java.time.Instant renewalWindowOpens;

  protected Certificate() {}

  Certificate(
      String caseId,
      Long decisionId,
      String number,
      int revision,
      String holder,
      String scope,
      String standards,
      LocalDate grantedOn,
      LocalDate expiresOn,
      String conditions) {
    this.caseId = caseId;
    this.decisionId = decisionId;
    this.number = number;
    this.revision = revision;
    this.holder = holder;
    this.scope = scope;
    this.standards = standards;
    this.grantedOn = grantedOn;
    this.expiresOn = expiresOn;
    this.conditions = conditions;
    this.status = Status.ACTIVE;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public Long getDecisionId() { return decisionId; }
  public String getNumber() { return number; }
  public int getRevision() { return revision; }
  public String getHolder() { return holder; }
  public String getScope() { return scope; }
  public String getStandards() { return standards; }
  public LocalDate getGrantedOn() { return grantedOn; }
  public LocalDate getExpiresOn() { return expiresOn; }
  public String getConditions() { return conditions; }
  public Status getStatus() { return status; }
  public String getPdfEvidenceId() { return pdfEvidenceId; }

  /** "ECC-2026-000045/R1": what the registry and the PDF show. */
  public String getDisplayNumber() {
    return number + "/R" + revision;
  }

  public java.time.Instant getNextSurveillanceDue() { return nextSurveillanceDue; }
  public java.time.Instant getRenewalWindowOpens() { return renewalWindowOpens; }

  public void schedule(java.time.Instant nextSurveillanceDue, java.time.Instant renewalWindowOpens) {
    this.nextSurveillanceDue = nextSurveillanceDue;
    this.renewalWindowOpens = renewalWindowOpens;
  }

  void attachPdf(String evidenceId) {
    this.pdfEvidenceId = evidenceId;
  }

  void setStatus(Status status) {
    this.status = status;
  }
}
