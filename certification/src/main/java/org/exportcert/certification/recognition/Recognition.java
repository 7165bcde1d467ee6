package org.exportcert.certification.recognition;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Recognition of a case's result by the partner body of one target market. */
@Entity
@Table(name = "recognition")
public class Recognition {

  public enum Outcome {
    PENDING,
    DOSSIER_SENT,
    ACCEPTED,
    EXTRA_TESTS_REQUESTED,
    REJECTED,
    NO_ANSWER,
    NO_ARRANGEMENT,
    EXTRA_TESTS_FAILED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(nullable = false, updatable = false)
  private String market;

  @Column(name = "partner_body", nullable = false)
  private String partnerBody;

  private String arrangement;

  @Column(name = "dossier_key")
  private String dossierKey;

  @Column(name = "dossier_manifest_sha256")
  private String dossierManifestSha256;

  @Column(name = "dossier_sent_at")
  private Instant dossierSentAt;

  @Column(name = "extra_tests")
  private String extraTests;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Outcome outcome;

  @Column(name = "partner_reference")
  private String partnerReference;

  protected Recognition() {}

  public Recognition(String caseId, String market, String partnerBody, String arrangement) {
    this.caseId = caseId;
    this.market = market;
    this.partnerBody = partnerBody;
    this.arrangement = arrangement;
    this.outcome = Outcome.PENDING;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getMarket() { return market; }
  public String getPartnerBody() { return partnerBody; }
  public String getArrangement() { return arrangement; }
  public String getDossierKey() { return dossierKey; }
  public String getDossierManifestSha256() { return dossierManifestSha256; }
  public Instant getDossierSentAt() { return dossierSentAt; }
  public String getExtraTests() { return extraTests; }
  public Outcome getOutcome() { return outcome; }
  public String getPartnerReference() { return partnerReference; }

  void dossierQueued(String key, String manifestSha256, Instant at) {
    this.dossierKey = key;
    this.dossierManifestSha256 = manifestSha256;
    this.dossierSentAt = at;
    this.outcome = Outcome.DOSSIER_SENT;
  }

  void answer(Outcome outcome, String partnerReference, String extraTests) {
    this.outcome = outcome;
    this.partnerReference = partnerReference;
    this.extraTests = extraTests;
  }
}
