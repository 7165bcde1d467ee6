package org.exportcert.certification.testing;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.exportcert.certification.casefile.StringListConverter;

/** A test plan sent to the allocated lab. */
@Entity
@Table(name = "test_request")
public class TestRequest {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(name = "step_key", nullable = false, updatable = false, unique = true)
  private String stepKey;

  /** BASE, MARKET or CHANGE. */
  @Column(nullable = false, updatable = false)
  private String scope;

  @Column(updatable = false)
  private String market;

  @Convert(converter = StringListConverter.class)
  @Column(name = "test_suites", nullable = false, updatable = false)
  private List<String> testSuites;

  /** INITIAL, DELTA or FULL. */
  @Column(name = "retest_kind", nullable = false, updatable = false)
  private String retestKind;

  @Column(nullable = false, updatable = false)
  private String lab;

  @Column(name = "requested_at", nullable = false, updatable = false)
  private Instant requestedAt;

  protected TestRequest() {}

  TestRequest(String caseId, String stepKey, String scope, String market, List<String> testSuites,
      String retestKind, String lab, Instant at) {
    this.caseId = caseId;
    this.stepKey = stepKey;
    this.scope = scope;
    this.market = market;
    this.testSuites = List.copyOf(testSuites);
    this.retestKind = retestKind;
    this.lab = lab;
    this.requestedAt = at;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getStepKey() { return stepKey; }
  public String getScope() { return scope; }
  public String getMarket() { return market; }
  public List<String> getTestSuites() { return testSuites; }
  public String getRetestKind() { return retestKind; }
  public String getLab() { return lab; }
  public Instant getRequestedAt() { return requestedAt; }
}
