package org.exportcert.certification.surveillance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "surveillance_schedule")
public class SurveillanceSchedule {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "step_key", nullable = false, updatable = false, unique = true)
  private String stepKey;

  @Column(name = "next_surveillance_due", nullable = false, updatable = false)
  private Instant nextSurveillanceDue;

  @Column(name = "renewal_window_opens", nullable = false, updatable = false)
  private Instant renewalWindowOpens;

  @Column(name = "scheduled_at", nullable = false, updatable = false)
  private Instant scheduledAt;

  protected SurveillanceSchedule() {}

  SurveillanceSchedule(String caseId, String stepKey, Instant due, Instant renewalOpens, Instant at) {
    this.caseId = caseId;
    this.stepKey = stepKey;
    this.nextSurveillanceDue = due;
    this.renewalWindowOpens = renewalOpens;
    this.scheduledAt = at;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getStepKey() { return stepKey; }
  public Instant getNextSurveillanceDue() { return nextSurveillanceDue; }
  public Instant getRenewalWindowOpens() { return renewalWindowOpens; }
  public Instant getScheduledAt() { return scheduledAt; }
}
