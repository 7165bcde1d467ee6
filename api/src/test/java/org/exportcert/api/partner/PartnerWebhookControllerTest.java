package org.exportcert.api.partner;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.testing.ApiSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The webhook's gate: partner secret, fresh timestamp, exact body, its own markets. */
@ApiSlice(PartnerWebhookController.class)
@Import(WebhookVerifier.class)
class PartnerWebhookControllerTest {

  static final String URL = "/api/partner/recognitions/EC-2026-000001/SG";
  static final String SECRET = "test-partner-secret"; // see ApiSlice
  static final String BODY =
      "{\"outcome\":\"EXTRA_TESTS\",\"partnerReference\":\"IMDA-77\",\"requestedTestSuites\":[\"NAT-SEC-01\"]}";

  @Autowired MockMvc mvc;
  @MockitoBean PartnerWebhook webhook;
  @MockitoBean CaseQueries queries;

  static MockHttpServletRequestBuilder signed(String url, String body, long at, String secret) {
    String ts = Long.toString(at);
    return post(url).contentType(MediaType.APPLICATION_JSON).content(body)
        .header("X-ExportCert-Partner", "sg-imda")
        .header("X-ExportCert-Timestamp", ts)
        .header("X-ExportCert-Signature",
            "sha256=" + WebhookSignature.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)));
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  @Test
  void aCorrectlySignedAnswerIsCorrelatedWithoutLogin() throws Exception {
    mvc.perform(signed(URL, BODY, now(), SECRET))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.outcome").value("EXTRA_TESTS"));
    verify(webhook).accept(eq("sg-imda"), anyString(), eq("EC-2026-000001"), eq("SG"),
        eq(new PartnerWebhook.Answer(PartnerWebhook.Outcome.EXTRA_TESTS, "IMDA-77",
            java.util.List.of("NAT-SEC-01"), null)), any());
  }

  @Test
  void aWrongSecretATamperedBodyOrNoSignatureIs401() throws Exception {
    mvc.perform(signed(URL, BODY, now(), "guessed"))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:bad-signature"))
        .andExpect(header().doesNotExist("WWW-Authenticate"));
    String ts = Long.toString(now());
    mvc.perform(post(URL).contentType(MediaType.APPLICATION_JSON)
            .content(BODY.replace("EXTRA_TESTS", "ACCEPTED"))
            .header("X-ExportCert-Partner", "sg-imda").header("X-ExportCert-Timestamp", ts)
            .header("X-ExportCert-Signature", "sha256=" + WebhookSignature.sign(SECRET, ts,
                BODY.getBytes(StandardCharsets.UTF_8))))
        .andExpect(status().isUnauthorized());
    mvc.perform(post(URL).contentType(MediaType.APPLICATION_JSON).content(BODY))
        .andExpect(status().isUnauthorized());
    verifyNoInteractions(webhook);
  }

  @Test
  void aTimestampOutsideFiveMinutesIsRefused() throws Exception {
    mvc.perform(signed(URL, BODY, now() - 301, SECRET)).andExpect(status().isUnauthorized());
    mvc.perform(signed(URL, BODY, now() + 301, SECRET)).andExpect(status().isUnauthorized());
    verifyNoInteractions(webhook);
  }

  @Test
  void aPartnerAnswersOnlyForItsOwnMarkets() throws Exception {
    mvc.perform(signed("/api/partner/recognitions/EC-2026-000001/EU", BODY, now(), SECRET))
        .andExpect(status().isForbidden());
    verifyNoInteractions(webhook);
  }

  @Test
  void aReplayIsAConflict() throws Exception {
    doThrow(new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.REPLAY, "Replay", "seen"))
        .when(webhook).accept(anyString(), anyString(), anyString(), anyString(), any(), any());
    mvc.perform(signed(URL, BODY, now(), SECRET))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:replay"));
  }

  @Test
  void aSignedButMalformedOrIncompleteBodyIs400() throws Exception {
    for (String body : new String[] {"{\"outcome\":", "{\"outcome\":\"MAYBE\",\"partnerReference\":\"x\"}",
        "{\"outcome\":\"EXTRA_TESTS\",\"partnerReference\":\"x\"}",
        "{\"outcome\":\"ACCEPTED\",\"partnerReference\":\"x\",\"admin\":true}"}) {
      mvc.perform(signed(URL, body, now(), SECRET)).andExpect(status().isBadRequest());
    }
    verifyNoInteractions(webhook);
  }
}
