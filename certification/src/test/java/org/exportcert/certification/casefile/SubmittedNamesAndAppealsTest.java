package org.exportcert.certification.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.appeal.AppealService;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.registry.CertificateRepository;
import org.exportcert.certification.registry.CertificateService;
import org.exportcert.certification.registry.RegistryEntryRepository;
import org.exportcert.certification.registry.RegistryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What migration V3 keeps on the case: the names submitted with the application (a vendor's later
 * application may rename the shared applicant record, but the certificate and the registry name
 * what this case applied for), the process instance key, and an appeal's grounds.
 */
class SubmittedNamesAndAppealsTest extends DomainTest {

  @Autowired ApplicationService applications;
  @Autowired CaseService cases;
  @Autowired ApplicantRepository applicants;
  @Autowired StaffAllocationService allocation;
  @Autowired DecisionService decisions;
  @Autowired CertificateService certificates;
  @Autowired CertificateRepository certificateRows;
  @Autowired RegistryService registry;
  @Autowired RegistryEntryRepository entries;
  @Autowired AppealService appeals;

  static ApplicationForm renamed(ApplicationForm f, String legalName, String productName) {
    return new ApplicationForm(legalName, f.registrationNumber(), f.address(), f.contactName(),
        f.contactEmail(), productName, f.deploymentBoundary(), f.versions(), f.category(),
        f.schemeType(), f.schemeVersion(), f.intendedPurpose(), f.targetMarkets(),
        f.referenceFrameworks(), f.notLodgedElsewhere());
  }

  @Test
  void theCertificateAndTheRegistryNameWhatThisCaseSubmittedEvenAfterARename() {
    ApplicationForm first = TestCases.form();
    String caseId = applications.submit(first, "applicant").getId();
    // the same vendor (registration number) applies again under a new name, for a renamed service
    String later = applications.submit(renamed(first, first.legalName() + " Group", first.productName() + " Pro"),
        "applicant").getId();
    assertThat(applicants.findByRegistrationNumber(first.registrationNumber()).orElseThrow().getLegalName())
        .as("the shared applicant record takes the new name").isEqualTo(first.legalName() + " Group");
    assertThat(cases.get(later).getApplicantLegalName()).isEqualTo(first.legalName() + " Group");

    CertificationCase c = cases.get(caseId);
    assertThat(c.getApplicantLegalName()).isEqualTo(first.legalName());
    assertThat(c.getProductName()).isEqualTo(first.productName());

    allocation.allocate(caseId, "REVIEWER", "worker");
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    String decision = decisions.record(new DecisionService.DecisionInput(
        caseId, caseId + "/Task_RecordDecision/1", "CERTIFICATION", "GRANT", "All requirements met", null, null));
    var issued = certificates.issue(caseId, decision, "P3Y", "worker");
    registry.publish(caseId, issued.certificateNumber(), "worker");

    var entry = entries.findByCaseId(caseId).orElseThrow();
    assertThat(entry.getProvider()).isEqualTo(first.legalName());
    assertThat(entry.getServiceName()).isEqualTo(first.productName());
    var cert = certificateRows.findFirstByCaseIdOrderByRevisionDesc(caseId).orElseThrow();
    assertThat(cert.getHolder()).isEqualTo(first.legalName());
    assertThat(cert.getScope()).startsWith(first.productName() + " 2.1");
    // printed on the certificate and shown by the public verification: words in both languages, no codes
    assertThat(cert.getScope()).contains("人工智能软件即服务 / AI SaaS", "第 6 类认证方案 / ISO/IEC 17067 scheme type 6")
        .doesNotContain("AI_SAAS", "TYPE_6");
  }

  @Test
  void theProcessInstanceKeyIsKeptOnTheCase() {
    String caseId = TestCases.open(applications).getId();
    assertThat(cases.get(caseId).getProcessInstanceKey()).isNull();
    cases.processStarted(caseId, 2251799813685249L);
    assertThat(cases.get(caseId).getProcessInstanceKey()).isEqualTo(2251799813685249L);
  }

  @Autowired CaseRepository caseRows;
  @Autowired org.springframework.transaction.PlatformTransactionManager transactions;

  @Test
  void aSubmittedCaseWithoutAProcessIsFoundForItsStartAndOnlyOneClaimOfItCommits() {
    CertificationCase opened = TestCases.open(applications);
    String caseId = opened.getId();
    var justAfter = opened.getCreatedAt().plusMillis(1);
    var all = org.springframework.data.domain.PageRequest.of(0, 10_000);
    assertThat(caseRows.unstartedBefore(opened.getCreatedAt(), all)).doesNotContain(caseId); // still in its grace period
    assertThat(caseRows.unstartedBefore(justAfter, all)).contains(caseId);

    // two application instances claim it at once: the second commit loses on the version
    var separate = new org.springframework.transaction.support.DefaultTransactionDefinition(
        org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    var first = transactions.getTransaction(separate);
    assertThat(caseRows.claimUnstarted(caseId)).isPresent();
    var second = transactions.getTransaction(separate);
    assertThat(caseRows.claimUnstarted(caseId)).isPresent();
    transactions.commit(second);
    assertThatThrownBy(() -> transactions.commit(first))
        .isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);

    cases.processStarted(caseId, 2251799813685250L);
    assertThat(caseRows.unstartedBefore(justAfter, all)).doesNotContain(caseId);
    java.util.Optional<CertificationCase> claimedAgain =
        new org.springframework.transaction.support.TransactionTemplate(transactions).execute(t -> caseRows.claimUnstarted(caseId));
    assertThat(claimedAgain).isEmpty();
  }

  @Test
  void anAppealIsLodgedWithItsGroundsAgainstTheRefusalAndRecordedOnce() {
    String caseId = TestCases.open(applications).getId();
    assertThatThrownBy(() -> appeals.lodge(caseId, "The report was misread.", "applicant"))
        .isInstanceOf(BusinessRuleException.class)
        .hasMessageContaining("no refusal");
    allocation.allocate(caseId, "REVIEWER", "worker");
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    String refusal = decisions.record(new DecisionService.DecisionInput(
        caseId, caseId + "/Task_RecordDecision/1", "CERTIFICATION", "REFUSE", "Tests incomplete", null, null));

    String appeal = appeals.lodge(caseId, "  The lab report was read against the wrong test plan.  ", "applicant");
    assertThat(appeals.lodge(caseId, "other words", "applicant")).isEqualTo(appeal);
    // the appeal process records it later and finds the lodged one
    assertThat(appeals.record(caseId, refusal, "worker")).isEqualTo(appeal);
    var stored = appeals.latest(caseId).orElseThrow();
    assertThat(stored.getGrounds()).isEqualTo("The lab report was read against the wrong test plan.");
    assertThat(stored.getLodgedBy()).isEqualTo("applicant");
    assertThat(List.of(stored.getStatus())).containsExactly("LODGED");
  }
}
