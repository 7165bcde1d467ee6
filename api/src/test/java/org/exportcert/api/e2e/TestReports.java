package org.exportcert.api.e2e;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Lab reports in the import format of docs/domain.md, for tests that take a case through testing. */
public final class TestReports {

  private TestReports() {}

  /** A conforming report (one passed security suite), tested over the last three days. */
  public static byte[] passing(String reportId, String caseId, String productVersion) {
    return """
        {"format":"exportcert.test-report/1","reportId":"%s","caseId":"%s",
         "lab":{"name":"Alpha Test Lab","accreditation":"ISO/IEC 17025 L-0001"},
         "method":"ExportCert AI SaaS test plan 2026.1, base suites",
         "item":{"productVersion":"%s"},
         "testedFrom":"%s","testedTo":"%s","testedBy":["tina.tester"],
         "results":[{"suite":"DATA_PROTECTION_AND_TENANT_ISOLATION","requirement":"S-2.1","verdict":"PASS","detail":"tenant isolation held"}],
         "decisionRule":"Simple acceptance (ILAC-G8:09/2019, 4.2.1)","conformity":"PASS",
         "nonconformities":[],"authorizedBy":"lars.labhead"}
        """.formatted(reportId, caseId, productVersion, LocalDate.now().minusDays(3), LocalDate.now().minusDays(1))
        .getBytes(StandardCharsets.UTF_8);
  }
}
