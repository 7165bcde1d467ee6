package org.exportcert.certification.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The vendor applying: a legal entity, identified by its registration number. */
@Entity
@Table(name = "applicant")
public class Applicant {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "legal_name", nullable = false)
  private String legalName;

  @Column(name = "registration_number", nullable = false, unique = true)
  private String registrationNumber;

  private String address;

  @Column(name = "contact_name")
  private String contactName;

  @Column(name = "contact_email")
  private String contactEmail;

  /** zh or en: the language notifications are written in; null sends both. */
  @Column(name = "contact_language")
  private String contactLanguage;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Applicant() {}

  public Applicant(
      String legalName,
      String registrationNumber,
      String address,
      String contactName,
      String contactEmail,
      Instant createdAt) {
    this.legalName = legalName;
    this.registrationNumber = registrationNumber;
    this.address = address;
    this.contactName = contactName;
    this.contactEmail = contactEmail;
    this.createdAt = createdAt;
  }

  public Long getId() { return id; }
  public String getLegalName() { return legalName; }
  public String getRegistrationNumber() { return registrationNumber; }
  public String getAddress() { return address; }
  public String getContactName() { return contactName; }
  public String getContactEmail() { return contactEmail; }
  public Instant getCreatedAt() { return createdAt; }
  public String getContactLanguage() { return contactLanguage; }

  /** The language the contact wrote in last; null leaves the known one as it is. */
  public void preferLanguage(String language) {
    if (language != null) {
      this.contactLanguage = language;
    }
  }

  public void updateContact(String legalName, String address, String contactName, String contactEmail) {
    this.legalName = legalName;
    this.address = address;
    this.contactName = contactName;
    this.contactEmail = contactEmail;
  }
}
