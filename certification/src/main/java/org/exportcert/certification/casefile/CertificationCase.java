package org.exportcert.certification.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A certification case. Its id (EC-2026-000123) is the Camunda business id and the only thing
 * the process carries about it.
 */
@Entity
@Table(name = "certification_case")
public class CertificationCase {

  @Id private String id;

  @Column(name = "scheme_version", nullable = false)
  private String schemeVersion;

  @Enumerated(EnumType.STRING)
  @Column(name = "scheme_type", nullable = false)
  private SchemeType schemeType;

  @Column(nullable = false)
  private String category;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "applicant_id")
  private Applicant applicant;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "product_id")
  private Product product;

  @ManyToMany
  @JoinTable(
      name = "case_product_version",
      joinColumns = @JoinColumn(name = "case_id"),
      inverseJoinColumns = @JoinColumn(name = "product_version_id"))
  private Set<ProductVersion> productVersions = new LinkedHashSet<>();

  @Column(name = "intended_purpose")
  private String intendedPurpose;

  @Convert(converter = StringListConverter.class)
  @Column(name = "target_markets", nullable = false)
  private List<String> targetMarkets;

  @Convert(converter = StringListConverter.class)
  @Column(name = "reference_frameworks", nullable = false)
  private List<String> referenceFrameworks;

  /** The applicant's declaration that no other body holds the same application. */
  @Column(name = "not_lodged_elsewhere", nullable = false)
  private boolean notLodgedElsewhere;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Phase phase;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private CaseStatus status;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** The applicant's legal name as submitted with this application. */
  @Column(name = "applicant_legal_name", nullable = false, updatable = false)
  private String applicantLegalName;

  /** The product (service) name as submitted with this application. */
  @Column(name = "product_name", nullable = false, updatable = false)
  private String productName;

  /** The {@code certification-case} process instance, once started. */
  @Column(name = "process_instance_key")
  private Long processInstanceKey;

  @Version private long version;

  protected CertificationCase() {}

  public CertificationCase(
      String id,
      String schemeVersion,
      SchemeType schemeType,
      String category,
      Applicant applicant,
      Product product,
      Set<ProductVersion> versions,
      String intendedPurpose,
      List<String> targetMarkets,
      List<String> referenceFrameworks,
      boolean notLodgedElsewhere,
      Instant at) {
    this.id = id;
    this.schemeVersion = schemeVersion;
    this.schemeType = schemeType;
    this.category = category;
    this.applicant = applicant;
    this.product = product;
    this.applicantLegalName = applicant.getLegalName();
    this.productName = product.getName();
    this.productVersions.addAll(versions);
    this.intendedPurpose = intendedPurpose;
    this.targetMarkets = List.copyOf(targetMarkets);
    this.referenceFrameworks = List.copyOf(referenceFrameworks);
    this.notLodgedElsewhere = notLodgedElsewhere;
    this.status = CaseStatus.SUBMITTED;
    this.phase = CaseStatus.SUBMITTED.phase();
    this.createdAt = at;
    this.updatedAt = at;
  }

  public String getId() { return id; }
  public String getSchemeVersion() { return schemeVersion; }
  public SchemeType getSchemeType() { return schemeType; }
  public String getCategory() { return category; }
  public Applicant getApplicant() { return applicant; }
  public Product getProduct() { return product; }
  /** The legal name submitted with this case (the shared applicant record may have a newer one). */
  public String getApplicantLegalName() { return applicantLegalName; }
  /** The product name submitted with this case. */
  public String getProductName() { return productName; }
  public Set<ProductVersion> getProductVersions() { return productVersions; }
  public String getIntendedPurpose() { return intendedPurpose; }
  public List<String> getTargetMarkets() { return targetMarkets; }
  public List<String> getReferenceFrameworks() { return referenceFrameworks; }
  public boolean isNotLodgedElsewhere() { return notLodgedElsewhere; }

  /**
   * The applicant answered a request for information during eligibility: frameworks are only added
   * and the declaration only given, never taken back, so an answer cannot weaken what was submitted.
   */
  public void amendDeclarations(List<String> addedFrameworks, boolean declarationGiven, Instant at) {
    var frameworks = new java.util.LinkedHashSet<>(referenceFrameworks);
    frameworks.addAll(addedFrameworks);
    this.referenceFrameworks = List.copyOf(frameworks);
    this.notLodgedElsewhere = notLodgedElsewhere || declarationGiven;
    this.updatedAt = at;
  }
  public Phase getPhase() { return phase; }
  public CaseStatus getStatus() { return status; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getUpdatedAt() { return updatedAt; }
  public Long getProcessInstanceKey() { return processInstanceKey; }

  void processStarted(long key) {
    this.processInstanceKey = key;
  }

  void moveTo(CaseStatus next, Instant at) {
    this.status = next;
    this.phase = next.phase();
    this.updatedAt = at;
  }
}
