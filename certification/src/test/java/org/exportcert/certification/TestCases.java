package org.exportcert.certification;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.SchemeType;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.eligibility.ApplicationService;

/** Applications for tests, each from its own applicant. */
public final class TestCases {

  private static final AtomicInteger N = new AtomicInteger();

  private TestCases() {}

  public static ApplicationForm form() {
    int n = N.incrementAndGet();
    return new ApplicationForm(
        "Vendor " + n + " Ltd",
        "REG-" + System.nanoTime() + "-" + n,
        "1 Test Street",
        "Dana Contact",
        "dana" + n + "@vendor.example",
        "Insight AI " + n,
        "EU region, tenant-isolated",
        List.of(new ApplicationForm.VersionForm("2.1", "model-x-2025-10")),
        "AI_SAAS",
        SchemeType.TYPE_6,
        "2026.1",
        "Operations insight for telecom networks",
        List.of("EU", "SG"),
        List.of("ISO_IEC_27001", "ISO_IEC_23053"),
        true);
  }

  public static CertificationCase open(ApplicationService applications) {
    return applications.submit(form(), "applicant@vendor.example");
  }
}
