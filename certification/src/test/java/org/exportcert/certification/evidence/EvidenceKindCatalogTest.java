package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one reader of catalog/evidence-kinds.json: what the API, the mails and the audit trail name. */
class EvidenceKindCatalogTest {

  static EvidenceKindCatalog of(String json) {
    return new EvidenceKindCatalog(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  static final String CATALOG = """
      {"kinds": [
        {"code": "ARCHITECTURE", "party": "APPLICANT", "requiredFor": "ALL",
         "label": {"en": "System architecture", "zh": "系统架构说明"}, "hint": {"en": "Components", "zh": "组件"}},
        {"code": "REVIEW_NOTES", "party": "STAFF", "label": {"en": "Review notes"}, "hint": {}}
      ]}""";

  @Test
  void kindsKeepTheirOrderPartyAndWhatRequiresThem() {
    var catalog = of(CATALOG);
    assertThat(catalog.all()).extracting(EvidenceKindCatalog.Kind::code).containsExactly("ARCHITECTURE", "REVIEW_NOTES");
    assertThat(catalog.get("ARCHITECTURE").party()).isEqualTo(EvidenceKindCatalog.Party.APPLICANT);
    assertThat(catalog.get("ARCHITECTURE").requiredFor()).isEqualTo("ALL");
    assertThat(catalog.get("REVIEW_NOTES").requiredFor()).isNull();
    assertThat(catalog.get(null)).isNull();
    assertThat(catalog.known("NO_SUCH_KIND")).isFalse();
  }

  @Test
  void labelsReadInTheLanguageAskedThenEnglishThenTheCode() {
    var catalog = of(CATALOG);
    assertThat(catalog.label("ARCHITECTURE", "zh")).isEqualTo("系统架构说明");
    assertThat(catalog.label("ARCHITECTURE", "en")).isEqualTo("System architecture");
    assertThat(catalog.label("REVIEW_NOTES", "zh")).isEqualTo("Review notes");
    assertThat(catalog.label("NO_SUCH_KIND", "zh")).isEqualTo("NO_SUCH_KIND");
  }

  @Test
  void withoutTheCatalogEveryKindReadsAsItsCode() {
    var none = new EvidenceKindCatalog(null);
    assertThat(none.all()).isEmpty();
    assertThat(none.label("ARCHITECTURE", "zh")).isEqualTo("ARCHITECTURE");
  }
}
