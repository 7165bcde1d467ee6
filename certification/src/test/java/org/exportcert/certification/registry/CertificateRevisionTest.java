package org.exportcert.certification.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CaseStatusChange;
import org.exportcert.certification.casefile.StaffAllocationService;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A certificate revision issued in maintenance (an accepted change, a renewal): the case status,
 * the public registry entry and the audit trail follow it in the same transaction. Seen before: an
 * accepted change left the case CERTIFIED and the registry naming the superseded revision.
 */
class CertificateRevisionTest extends DomainTest {

  private static final AtomicInteger STEP = new AtomicInteger();

  @Autowired ApplicationService applications;
  @Autowired StaffAllocationService allocation;
  @Autowired DecisionService decisions;
  @Autowired CertificateService certificates;
  @Autowired CertificateRepository certificateRecords;
  @Autowired RegistryService registry;
  @Autowired RegistryEntryRepository entries;
  @Autowired CaseService cases;
  @Autowired JdbcTemplate jdbc;

  /** A case granted, issued R1 and listed, as the registry-listing process leaves it. */
  String listed() {
    String caseId = TestCases.open(applications).getId();
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    var r1 = certificates.issue(caseId, decide(caseId, "CERTIFICATION", "GRANT"), "P3Y", "worker");
    registry.publish(caseId, r1.certificateNumber(), "worker");
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.CERTIFIED);
    return caseId;
  }

  String decide(String caseId, String kind, String outcome) {
    return decisions.record(new DecisionService.DecisionInput(
        caseId, caseId + "/Task_Decide/" + STEP.incrementAndGet(), kind, outcome, "reasons", null, null));
  }

  Certificate current(String caseId) {
    return certificateRecords.findFirstByCaseIdOrderByRevisionDesc(caseId).orElseThrow();
  }

  CaseStatusChange lastChange(String caseId) {
    var history = cases.history(caseId);
    return history.get(history.size() - 1);
  }

  int audited(String caseId, String action) {
    return jdbc.queryForObject(
        "select count(*) from audit_entry where subject_id = ? and action = ?", Integer.class, caseId, action);
  }

  @Test
  void theScopeReadsInTheReadersLanguageFirst() {
    String scope = current(listed()).getScope();
    // as issued (and printed): category and scheme type in Chinese, then English
    assertThat(scope).matches(".+ · [^ /]+ / [A-Za-z ]+ · 第 \\d 类认证方案 / ISO/IEC 17067 scheme type \\d");
    assertThat(CertificateService.scopeFor(scope, java.util.Locale.SIMPLIFIED_CHINESE)).isEqualTo(scope);
    String english = CertificateService.scopeFor(scope, java.util.Locale.ENGLISH);
    assertThat(english).startsWith(scope.substring(0, scope.indexOf(" · ")))
        .matches(".+ · [A-Za-z ]+ / [^ /]+ · ISO/IEC 17067 scheme type (\\d) / 第 \\1 类认证方案");
    // a scope in another shape (an older certificate) is shown as it was issued
    assertThat(CertificateService.scopeFor("Copilot 1.0", java.util.Locale.ENGLISH)).isEqualTo("Copilot 1.0");
  }

  @Test
  void anAcceptedChangeSetsTheStatusAndListsTheReissuedRevision() {
    String caseId = listed();
    Certificate r1 = current(caseId);
    String decision = decide(caseId, "CHANGE", "ACCEPT_CHANGE");
    // recording the decision alone changes nothing the holder reads: the certificate is not re-issued yet
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.CERTIFIED);

    var r2 = certificates.issue(caseId, decision, "P3Y", "worker");

    assertThat(r2.certificateNumber()).isEqualTo(r1.getNumber() + "/R2");
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.CHANGE_ACCEPTED);
    CaseStatusChange change = lastChange(caseId);
    assertThat(change.getFromStatus()).isEqualTo(CaseStatus.CERTIFIED);
    assertThat(change.getReason()).isEqualTo(Reason.of("audit.reason.reissued-as", r2.certificateNumber()));
    // the public entry names the revision in force, with the certification's own validity
    RegistryEntry entry = entries.findByCaseId(caseId).orElseThrow();
    assertThat(entry.getCertificateNumber()).isEqualTo(r2.certificateNumber());
    assertThat(entry.getStatus()).isEqualTo(RegistryEntry.Status.LISTED);
    assertThat(entry.getValidFrom()).isEqualTo(r1.getGrantedOn());
    assertThat(entry.getValidUntil()).isEqualTo(r1.getExpiresOn());
    assertThat(audited(caseId, "registry.listed")).isEqualTo(2);
    assertThat(audited(caseId, "case.status.change_accepted")).isEqualTo(1);

    // a retried step finds its certificate and writes nothing again
    int changes = cases.history(caseId).size();
    assertThat(certificates.issue(caseId, decision, "P3Y", "worker")).isEqualTo(r2);
    assertThat(cases.history(caseId)).hasSize(changes);
    assertThat(audited(caseId, "registry.listed")).isEqualTo(2);
    assertThat(audited(caseId, "case.status.change_accepted")).isEqualTo(1);
    assertThat(audited(caseId, "certificate.issued")).isEqualTo(2);
  }

  @Test
  void aRenewalAfterAnAcceptedChangeIsCertifiedAgainWithTheNewValidityListed() {
    String caseId = listed();
    certificates.issue(caseId, decide(caseId, "CHANGE", "ACCEPT_CHANGE"), "P3Y", "worker");
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.CHANGE_ACCEPTED);

    var r3 = certificates.issue(caseId, decide(caseId, "RENEW", "RENEW"), "P3Y", "worker");

    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.CERTIFIED);
    assertThat(lastChange(caseId).getReason()).isEqualTo(Reason.of("audit.reason.renewed-as", r3.certificateNumber()));
    RegistryEntry entry = entries.findByCaseId(caseId).orElseThrow();
    assertThat(entry.getCertificateNumber()).isEqualTo(r3.certificateNumber()).endsWith("/R3");
    assertThat(entry.getValidUntil()).isEqualTo(current(caseId).getExpiresOn());
  }

  @Test
  void aFirstGrantIsListedByItsOwnStepNotByTheIssue() {
    String caseId = TestCases.open(applications).getId();
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    certificates.issue(caseId, decide(caseId, "CERTIFICATION", "GRANT"), "P3Y", "worker");

    assertThat(entries.findByCaseId(caseId)).isEmpty();
    assertThat(cases.get(caseId).getStatus()).isEqualTo(CaseStatus.GRANTED);
  }
}
