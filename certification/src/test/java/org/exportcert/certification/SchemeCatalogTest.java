package org.exportcert.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.eligibility.SchemeCatalog;
import org.junit.jupiter.api.Test;

class SchemeCatalogTest {

  static ApplicationForm with(String category, List<String> markets, List<String> frameworks) {
    ApplicationForm f = TestCases.form();
    return new ApplicationForm(f.legalName(), f.registrationNumber(), f.address(), f.contactName(),
        f.contactEmail(), f.productName(), f.deploymentBoundary(), f.versions(), category,
        f.schemeType(), f.schemeVersion(), f.intendedPurpose(), markets, frameworks, true);
  }

  @Test
  void theSchemesCodesPassInAnyCaseAndSpacing() {
    SchemeCatalog catalog = SchemeCatalog.defaults();
    assertThat(catalog.problems(with(" ai_saas ", List.of("sg", "EU", "ae"),
        List.of("ISO_IEC_42001", "iso_iec_27001")))).isEmpty();
    // known but out of scope: eligibility refuses it with reasons, the catalog lets it through
    assertThat(catalog.problems(with("EDGE_INFERENCE_TOOLKIT", List.of("SG"), null))).isEmpty();
  }

  @Test
  void codesOutsideTheListsAreNamedByTheirField() {
    SchemeCatalog catalog = SchemeCatalog.defaults();
    assertThat(catalog.problems(with("../../etc", List.of("SG", "XX'--"), List.of("ISO_9001"))))
        .extracting(SchemeCatalog.CodeProblem::field)
        .containsExactly("category", "targetMarkets[1]", "referenceFrameworks[0]");
  }

  @Test
  void configuredListsReplaceTheDefaults() {
    SchemeCatalog catalog = new SchemeCatalog(List.of("ai_saas", "ROBOTICS"), List.of("SG"), null);
    assertThat(catalog.categories()).containsExactly("AI_SAAS", "ROBOTICS");
    assertThat(catalog.problems(with("ROBOTICS", List.of("EU"), null)))
        .extracting(SchemeCatalog.CodeProblem::field).containsExactly("targetMarkets[0]");
  }
}
