package org.exportcert.api.partner;

import java.time.Duration;
import java.time.Instant;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.exportcert.certification.recognition.PartnerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Who is calling and whether the body is theirs and fresh. Partners and their secrets come from the
 * one partner table ({@code exportcert.partners.<code>.secret / .markets}), the same secret that
 * signs the dossiers sent to them.
 */
@Component
@EnableConfigurationProperties(PartnerProperties.class) // also registered by the domain; slices import only this
public class WebhookVerifier {

  static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final PartnerProperties partners;

  public WebhookVerifier(PartnerProperties partners) {
    this.partners = partners;
  }

  /** @return the verified signature (hex), the replay key */
  public String verify(String partner, String timestamp, String signature, byte[] body, Instant now) {
    PartnerProperties.Partner p = partners.partner(partner).filter(PartnerProperties.Partner::hasSecret).orElseThrow(() -> unsigned("Unknown partner."));
    long seconds;
    try {
      seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
    } catch (NumberFormatException e) {
      throw unsigned("The timestamp must be Unix seconds.");
    }
    Instant at = Instant.ofEpochSecond(seconds);
    if (Duration.between(at, now).abs().compareTo(TOLERANCE) > 0) {
      throw unsigned("The timestamp is outside the accepted window of " + TOLERANCE.toMinutes() + " minutes.");
    }
    String given = signature == null ? null
        : signature.startsWith("sha256=") ? signature.substring("sha256=".length()) : signature;
    String expected = WebhookSignature.sign(p.secret(), timestamp.trim(), body);
    if (!WebhookSignature.matches(expected, given)) {
      throw unsigned("The signature does not match.");
    }
    return expected;
  }

  public boolean answersFor(String partner, String market) {
    return partners.partner(partner).filter(PartnerProperties.Partner::hasSecret)
        .map(p -> p.markets().contains(market)).orElse(false);
  }

  private static ApiProblem unsigned(String detail) {
    return new ApiProblem(HttpStatus.UNAUTHORIZED, ProblemTypes.BAD_SIGNATURE, "Signature refused", detail);
  }
}
