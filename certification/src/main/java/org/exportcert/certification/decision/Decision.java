package org.exportcert.certification.decision;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A reasoned decision; {@code stepKey} names the process step that recorded it, so a retried job
 * finds it instead of recording a second one.
 */
@Entity
@Table(name = "decision")
public class Decision {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "step_key", nullable = false, updatable = false, unique = true)
  private String stepKey;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private DecisionKind kind;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private DecisionType type;

  @Column(name = "decision_maker", nullable = false, updatable = false)
  private String decisionMaker;

  @Column(name = "decided_at", nullable = false, updatable = false)
  private Instant decidedAt;

  @Column(updatable = false)
  private String rationale;

  @Column(updatable = false)
  private String conditions;

  protected Decision() {}

  Decision(
      String caseId,
      String stepKey,
      DecisionKind kind,
      DecisionType type,
      String decisionMaker,
      Instant decidedAt,
      String rationale,
      String conditions) {
    this.caseId = caseId;
    this.stepKey = stepKey;
    this.kind = kind;
    this.type = type;
    this.decisionMaker = decisionMaker;
    this.decidedAt = decidedAt;
    this.rationale = rationale;
    this.conditions = conditions;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getStepKey() { return stepKey; }
  public DecisionKind getKind() { return kind; }
  public DecisionType getType() { return type; }
  public String getDecisionMaker() { return decisionMaker; }
  public Instant getDecidedAt() { return decidedAt; }
  public String getRationale() { return rationale; }
  public String getConditions() { return conditions; }
}
