package org.exportcert.certification.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.exportcert.certification.casefile.StringListConverter;

/** A line of the public white-list: only what the public may read. */
@Entity
@Table(name = "registry_entry")
public class RegistryEntry {

  public enum Status { LISTED, SUSPENDED, WITHDRAWN, EXPIRED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false, unique = true)
  private String caseId;

  @Column(nullable = false)
  private String provider;

  @Column(name = "service_name", nullable = false)
  private String serviceName;

  @Column(nullable = false)
  private String category;

  @Column(name = "certificate_number", nullable = false)
  private String certificateNumber;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(name = "valid_from", nullable = false)
  private LocalDate validFrom;

  @Column(name = "valid_until", nullable = false)
  private LocalDate validUntil;

  @Convert(converter = StringListConverter.class)
  @Column(name = "markets_recognised", nullable = false)
  private List<String> marketsRecognised;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected RegistryEntry() {}

  RegistryEntry(
      String caseId,
      String provider,
      String serviceName,
      String category,
      String certificateNumber,
      LocalDate validFrom,
      LocalDate validUntil,
      List<String> marketsRecognised,
      Instant at) {
    this.caseId = caseId;
    this.provider = provider;
    this.serviceName = serviceName;
    this.category = category;
    this.certificateNumber = certificateNumber;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.marketsRecognised = List.copyOf(marketsRecognised);
    this.status = Status.LISTED;
    this.updatedAt = at;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getProvider() { return provider; }
  public String getServiceName() { return serviceName; }
  public String getCategory() { return category; }
  public String getCertificateNumber() { return certificateNumber; }
  public Status getStatus() { return status; }
  public LocalDate getValidFrom() { return validFrom; }
  public LocalDate getValidUntil() { return validUntil; }
  public List<String> getMarketsRecognised() { return marketsRecognised; }
  public Instant getUpdatedAt() { return updatedAt; }

  void update(String certificateNumber, LocalDate from, LocalDate until, List<String> markets, Instant at) {
    this.certificateNumber = certificateNumber;
    this.validFrom = from;
    this.validUntil = until;
    this.marketsRecognised = List.copyOf(markets);
    this.updatedAt = at;
  }

  void setStatus(Status status, Instant at) {
    this.status = status;
    this.updatedAt = at;
  }
}
