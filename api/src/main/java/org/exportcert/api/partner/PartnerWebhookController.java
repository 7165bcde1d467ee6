package org.exportcert.api.partner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.certification.casefile.CaseIds;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partner bodies answer recognition requests here. No login: the body is signed with the
 * partner's secret (HMAC-SHA256 over {@code timestamp.body}); stale or replayed calls are refused.
 */
@RestController
@Tag(name = "Partner bodies", description = "Signed webhook answering recognition requests")
class PartnerWebhookController {

  static final String PARTNER = "X-ExportCert-Partner";
  static final String TIMESTAMP = "X-ExportCert-Timestamp";
  static final String SIGNATURE = "X-ExportCert-Signature";
  private static final Pattern MARKET = Pattern.compile("[A-Z]{2,8}");
  private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final WebhookVerifier verifier;
  private final PartnerWebhook webhook;
  private final ObjectMapper strict;
  private final Clock clock;

  PartnerWebhookController(WebhookVerifier verifier, PartnerWebhook webhook, ObjectMapper json,
      Optional<Clock> clock) {
    this.verifier = verifier;
    this.webhook = webhook;
    this.strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.clock = clock.orElse(Clock.systemUTC());
  }

  record Accepted(String caseId, String market, String outcome) {}

  @PostMapping(path = "/api/partner/recognitions/{caseId}/{market}",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Answer a recognition request: ACCEPTED, EXTRA_TESTS (with requestedTestSuites) or REJECTED",
      parameters = {
        @Parameter(in = ParameterIn.HEADER, name = PARTNER, required = true, description = "partner code"),
        @Parameter(in = ParameterIn.HEADER, name = TIMESTAMP, required = true, description = "Unix seconds"),
        @Parameter(in = ParameterIn.HEADER, name = SIGNATURE, required = true,
            description = "sha256=<hex HMAC-SHA256 of timestamp + '.' + body>")
      })
  ResponseEntity<Accepted> answer(
      @PathVariable String caseId,
      @PathVariable String market,
      @RequestHeader(name = PARTNER, required = false) String partner,
      @RequestHeader(name = TIMESTAMP, required = false) String timestamp,
      @RequestHeader(name = SIGNATURE, required = false) String signature,
      @RequestBody byte[] body) {
    var now = clock.instant();
    // the signature first: nothing about cases is revealed to an unauthenticated caller
    String verified = verifier.verify(partner, timestamp, signature, body, now);
    String m = market.toUpperCase(Locale.ROOT);
    if (!CaseIds.isValid(caseId) || !MARKET.matcher(m).matches()) {
      throw ApiProblem.notFound("No recognition " + caseId + "/" + market);
    }
    if (!verifier.answersFor(partner, m)) {
      throw ApiProblem.forbidden("Partner " + partner + " does not answer for market " + m + ".");
    }
    PartnerWebhook.Answer answer = parse(body);
    webhook.accept(partner, verified, caseId, m, answer, now);
    return ResponseEntity.accepted().body(new Accepted(caseId, m, answer.outcome().name()));
  }

  private PartnerWebhook.Answer parse(byte[] body) {
    PartnerWebhook.Answer a;
    try {
      a = strict.readValue(body, PartnerWebhook.Answer.class);
    } catch (IOException e) {
      throw ApiProblem.invalid("The body must be {outcome, partnerReference, requestedTestSuites, comment}"
          + " with outcome ACCEPTED, EXTRA_TESTS or REJECTED.");
    }
    if (a == null || a.outcome() == null) {
      throw ApiProblem.invalid("outcome is required.");
    }
    if (a.partnerReference() == null || a.partnerReference().isBlank() || a.partnerReference().length() > 100) {
      throw ApiProblem.invalid("partnerReference is required (at most 100 characters).");
    }
    if (a.comment() != null && a.comment().length() > 2000) {
      throw ApiProblem.invalid("comment is limited to 2000 characters.");
    }
    var suites = a.requestedTestSuites();
    if (a.outcome() == PartnerWebhook.Outcome.EXTRA_TESTS && (suites == null || suites.isEmpty())) {
      throw ApiProblem.invalid("EXTRA_TESTS needs requestedTestSuites.");
    }
    if (suites != null && (suites.size() > 50 || !suites.stream().allMatch(x -> x != null && SUITE.matcher(x).matches()))) {
      throw ApiProblem.invalid("requestedTestSuites are codes like NAT-SEC-01.");
    }
    return a;
  }
}
