package org.exportcert.certification;

/** Lab reports in the documented format exportcert.test-report/1. */
public final class TestReports {

  private TestReports() {}

  public static String report(String caseId, String reportId, String conformity, String nonconformities) {
    return """
        {
          "format": "exportcert.test-report/1",
          "reportId": "%s",
          "caseId": "%s",
          "lab": {"name": "Alpha Test Lab", "accreditation": "ISO/IEC 17025 L-0001"},
          "method": "ExportCert AI SaaS test plan 2026.1, suites ROBUSTNESS and SECURITY",
          "item": {"productVersion": "2.1"},
          "testedFrom": "2026-05-01",
          "testedTo": "2026-05-10",
          "testedBy": ["tina.tester"],
          "results": [
            {"suite": "ROBUSTNESS", "requirement": "R-4.2", "verdict": "PASS"},
            {"suite": "SECURITY", "requirement": "S-2.1", "verdict": "%s"}
          ],
          "decisionRule": "Simple acceptance (ILAC-G8:09/2019, 4.2.1)",
          "conformity": "%s",
          "nonconformities": [%s],
          "authorizedBy": "lars.labhead"
        }
        """.formatted(reportId, caseId, conformity.equals("PASS") ? "PASS" : "FAIL", conformity, nonconformities);
  }

  public static final String MAJOR_NC =
      """
      {"reference": "NC-1", "requirement": "S-2.1 tenant isolation", "severity": "MAJOR",
       "description": "Cross-tenant prompt leakage", "foundOn": "2026-05-09"}""";
}
