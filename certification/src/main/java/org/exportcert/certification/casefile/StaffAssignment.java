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

/** A person given a role on a case, with the conflict-of-interest declaration they made. */
@Entity
@Table(name = "staff_assignment")
public class StaffAssignment {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(nullable = false, updatable = false)
  private String person;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private StaffRole role;

  private String organisation;

  @Column(name = "coi_declaration", nullable = false)
  private String coiDeclaration;

  @Column(name = "coi_conflict", nullable = false)
  private boolean coiConflict;

  @Column(name = "declared_at", nullable = false)
  private Instant declaredAt;

  @Column(name = "assigned_by", nullable = false)
  private String assignedBy;

  protected StaffAssignment() {}

  StaffAssignment(
      String caseId,
      String person,
      StaffRole role,
      String organisation,
      String coiDeclaration,
      boolean coiConflict,
      Instant declaredAt,
      String assignedBy) {
    this.caseId = caseId;
    this.person = person;
    this.role = role;
    this.organisation = organisation;
    this.coiDeclaration = coiDeclaration;
    this.coiConflict = coiConflict;
    this.declaredAt = declaredAt;
    this.assignedBy = assignedBy;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getPerson() { return person; }
  public StaffRole getRole() { return role; }
  public String getOrganisation() { return organisation; }
  public String getCoiDeclaration() { return coiDeclaration; }
  public boolean isCoiConflict() { return coiConflict; }
  public Instant getDeclaredAt() { return declaredAt; }
  public String getAssignedBy() { return assignedBy; }
}
