package org.exportcert.certification.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The one partner table: one entry per partner body, found by any spelling of its code. */
class PartnerPropertiesTest {

  static PartnerProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("exportcert", PartnerProperties.class);
  }

  @Test
  void theTablesCodeTheWebhookHeaderAndTheEnvironmentNameTheSamePartner() {
    var env = new StandardEnvironment();
    // as environment variables reach Spring
    env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of(
        "EXPORTCERT_PARTNERS_PARTNERSG_SECRET", "s3cret",
        "EXPORTCERT_PARTNERS_PARTNERSG_ENDPOINT", "https://partner.example/recognition",
        "EXPORTCERT_PARTNERS_PARTNERSG_ARRANGEMENT", "Bilateral MRA",
        "EXPORTCERT_PARTNERS_PARTNERSG_MARKETS", "sg, my",
        "EXPORTCERT_RECOGNITION_DOSSIERLINKEXPIRY", "P3D")));
    PartnerProperties p = Binder.get(env).bindOrCreate("exportcert", PartnerProperties.class);

    for (String code : List.of("PARTNER_SG", "partner-sg", "partnersg", "PartnerSG")) {
      var partner = p.partner(code).orElseThrow(() -> new AssertionError(code));
      assertThat(partner.secret()).isEqualTo("s3cret");
      assertThat(partner.arrangement()).isEqualTo("Bilateral MRA");
      assertThat(partner.endpoint()).isEqualTo(URI.create("https://partner.example/recognition"));
      assertThat(partner.markets()).containsExactly("SG", "MY");
    }
    assertThat(p.partner("PARTNER_EU")).isEmpty();
    assertThat(p.partner(null)).isEmpty();
    assertThat(p.dossierLinkExpiry()).hasDays(3);
  }

  @Test
  void twoEntriesForOnePartnerAreRefused() {
    assertThatThrownBy(() -> bind(Map.of(
            "exportcert.partners.partner-sg.secret", "a",
            "exportcert.partners.partnersg.secret", "b")))
        .hasStackTraceContaining("two entries name partner 'partnersg'");
  }

  @Test
  void withoutPartnersNothingIsConfiguredAndLinksLastSevenDays() {
    PartnerProperties p = bind(Map.of());
    assertThat(p.partners()).isEmpty();
    assertThat(p.dossierLinkExpiry()).hasDays(7);
  }
}
