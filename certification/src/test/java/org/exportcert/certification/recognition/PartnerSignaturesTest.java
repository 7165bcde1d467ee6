package org.exportcert.certification.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnerSignaturesTest {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  PartnerSignatures signatures =
      new PartnerSignatures(
          new PartnerProperties(Map.of("EU-PB", new PartnerProperties.Partner("EU", "MRA", URI.create("http://127.0.0.1/x"), "s3cret")), null),
          Clock.fixed(NOW, ZoneOffset.UTC));

  String sign(String ts, String body) {
    return "sha256=" + PartnerHttpSender.hmac("s3cret", ts + "." + body);
  }

  @Test
  void acceptsOnlyARecentRequestSignedWithThePartnersSecret() {
    String ts = Long.toString(NOW.getEpochSecond());
    String body = "{\"partnerOutcome\":\"ACCEPTED\"}";
    assertThat(signatures.verify("EU-PB", ts, body, sign(ts, body))).isTrue();
    assertThat(signatures.verify("EU-PB", ts, body + " ", sign(ts, body))).as("altered body").isFalse();
    assertThat(signatures.verify("SG-PB", ts, body, sign(ts, body))).as("unknown partner").isFalse();
    assertThat(signatures.verify("EU-PB", ts, body, "sha256=" + PartnerHttpSender.hmac("guess", ts + "." + body))).isFalse();
    String old = Long.toString(NOW.minusSeconds(3600).getEpochSecond());
    assertThat(signatures.verify("EU-PB", old, body, sign(old, body))).as("replayed an hour later").isFalse();
    assertThat(signatures.verify("EU-PB", "yesterday", body, sign("yesterday", body))).isFalse();
  }
}
