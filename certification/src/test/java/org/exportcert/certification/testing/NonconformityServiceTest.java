package org.exportcert.certification.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.TestReports;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.EvidenceStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class NonconformityServiceTest extends DomainTest {

  @Autowired ApplicationService applications;
  @Autowired EvidenceStore evidence;
  @Autowired TestingService testing;
  @Autowired NonconformityService nonconformities;

  @Test
  void aNonconformityIsCorrectedThenClosedOnVerification() {
    String caseId = TestCases.open(applications).getId();
    String report = evidence.store(new EvidenceStore.Upload(caseId, "TEST_REPORT", "r.json", "lab", null),
        new ByteArrayInputStream(TestReports.report(caseId, "R-NC", "FAIL", TestReports.MAJOR_NC).getBytes(StandardCharsets.UTF_8))).getId();
    String nc = testing.importReport(caseId, null, report, "worker").nonconformityIds().get(0);
    assertThat(nonconformities.overdueMajors(caseId)).hasSize(1); // found 2026-05-09, due 2026-11-09

    assertThatThrownBy(() -> nonconformities.close(caseId, nc, null, "evaluator"))
        .isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.code()).isEqualTo("NONCONFORMITY_NOT_CORRECTED"));
    nonconformities.correct(caseId, nc, "Shared cache key", "Cache partitioned per tenant", "Tenant id in every key; test added", "applicant");
    String proof = evidence.store(new EvidenceStore.Upload(caseId, "CORRECTIVE_ACTION", "fix.txt", "applicant", null),
        new ByteArrayInputStream("retest log\n".getBytes(StandardCharsets.UTF_8))).getId();
    var closed = nonconformities.close(caseId, nc, proof, "evaluator");
    assertThat(closed.getStatus()).isEqualTo(Nonconformity.Status.CLOSED);
    assertThat(nonconformities.close(caseId, nc, proof, "evaluator").getVerificationEvidenceId()).isEqualTo(proof);
    assertThat(nonconformities.open(caseId)).isEmpty();
  }
}
