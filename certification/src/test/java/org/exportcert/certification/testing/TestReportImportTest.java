package org.exportcert.certification.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.TestReports;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.exportcert.certification.casefile.StaffRole;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.EvidenceStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TestReportImportTest extends DomainTest {

  @Autowired ApplicationService applications;
  @Autowired EvidenceStore evidence;
  @Autowired TestingService testing;
  @Autowired NonconformityRepository nonconformities;
  @Autowired StaffAssignmentService staff;

  String upload(String caseId, String json) {
    return evidence.store(new EvidenceStore.Upload(caseId, "TEST_REPORT", "r.json", "lab", null),
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).getId();
  }

  @Test
  void aReportOutsideTheFormatIsRefusedWithEveryProblemNamed() {
    String caseId = TestCases.open(applications).getId();
    String bad = upload(caseId, """
        {"format": "exportcert.test-report/1", "reportId": "X", "lab": {"name": "L"},
         "item": {"productVersion": "9.9"}, "testedFrom": "2026-05-10", "testedTo": "2026-05-01",
         "results": [], "conformity": "MAYBE", "testedBy": ["t"],
         "nonconformities": [{"reference": "N", "requirement": "r", "foundOn": "yesterday", "severity": "HUGE"}]}
        """);
    assertThatThrownBy(() -> testing.importReport(caseId, null, bad, "worker"))
        .isInstanceOfSatisfying(TestReportInvalidException.class, e -> assertThat(e.problems())
            .anyMatch(p -> p.contains("lab.accreditation"))
            .anyMatch(p -> p.contains("9.9"))
            .anyMatch(p -> p.contains("testedTo is before"))
            .anyMatch(p -> p.contains("results"))
            .anyMatch(p -> p.contains("conformity"))
            .anyMatch(p -> p.contains("severity"))
            .anyMatch(p -> p.contains("foundOn")));
    String notJson = upload(caseId, "just words\n");
    assertThatThrownBy(() -> testing.importReport(caseId, null, notJson, "worker"))
        .isInstanceOf(TestReportInvalidException.class);
  }

  @Test
  void aMajorNonconformityIsDueInSixMonthsAndTheTestersAreOnTheCase() {
    String caseId = TestCases.open(applications).getId();
    String report = upload(caseId, TestReports.report(caseId, "R-9", "FAIL", TestReports.MAJOR_NC));
    var result = testing.importReport(caseId, null, report, "worker");
    assertThat(result.nonconformityIds()).hasSize(1);
    var nc = nonconformities.findByCaseIdOrderByIdAsc(caseId).get(0);
    assertThat(nc.getDueOn()).isEqualTo(nc.getFoundOn().plusMonths(6));
    assertThat(staff.forCase(caseId, StaffRole.TEST_ENGINEER))
        .extracting(a -> a.getPerson()).containsExactlyInAnyOrder("tina.tester", "lars.labhead");
  }
}
