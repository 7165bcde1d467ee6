package org.exportcert.certification.recognition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The HMAC-SHA256 scheme both ways: what {@link PartnerHttpSender} signs, and what the API checks
 * on a partner body's answer (webhook) before publishing {@code PartnerResponse}. Signature header
 * {@code sha256=<hex HMAC(secret, timestamp + "." + body)>}; a timestamp more than the tolerance
 * away from now is refused, so a captured request cannot be replayed later.
 */
@Component
public class PartnerSignatures {

  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final PartnerProperties partners;
  private final Clock clock;

  public PartnerSignatures(PartnerProperties partners, Clock clock) {
    this.partners = partners;
    this.clock = clock;
  }

  /** @return whether the request is signed by the partner body's secret, recently */
  public boolean verify(String partnerBodyId, String timestamp, String body, String signatureHeader) {
    PartnerProperties.Partner partner = partners.partners().get(partnerBodyId);
    if (partner == null || partner.hmacSecret() == null || partner.hmacSecret().isBlank()
        || timestamp == null || signatureHeader == null || !signatureHeader.startsWith("sha256=")) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
    if (skew.compareTo(TOLERANCE) > 0) {
      return false;
    }
    String expected = "sha256=" + PartnerHttpSender.hmac(partner.hmacSecret(), timestamp + "." + body);
    // constant-time comparison: no timing hint about how much of a forged signature matched
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), signatureHeader.getBytes(StandardCharsets.US_ASCII));
  }
}
