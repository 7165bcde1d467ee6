package org.exportcert.api.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.exportcert.api.error.ProblemWriter;
import org.exportcert.api.me.MeController;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The cross-cutting promises of the API: who gets in, and what every error looks like. */
@WebMvcTest(
    controllers = MeController.class,
    properties = {
      "exportcert.local-stack.enabled=false",
      "exportcert.security.users.lab.password=lab-secret",
      "exportcert.security.users.applicant.password=applicant-secret",
      "exportcert.api.max-json-bytes=2048",
      "spring.servlet.multipart.max-file-size=2MB"
    })
@Import({
  SecurityConfiguration.class,
  ProblemWriter.class,
  CurrentUsers.class,
  SecurityAndErrorsTest.ProbeController.class
})
class SecurityAndErrorsTest {

  @Autowired MockMvc mvc;

  record Probe(@NotBlank String name, @Size(max = 5) String code) {}

  @RestController
  static class ProbeController {
    @PostMapping("/api/probe")
    Probe echo(@Valid @RequestBody Probe probe) {
      return probe;
    }

    @PostMapping("/api/probe/fail")
    void fail() {
      throw new IllegalStateException("secret internal detail");
    }

    @PostMapping("/api/probe/upload")
    void upload() {
      throw new org.springframework.web.multipart.MaxUploadSizeExceededException(-1);
    }
  }

  @Test
  void aTooLargeUploadNamesTheLargestAcceptedSize() throws Exception {
    mvc.perform(post("/api/probe/upload").with(httpBasic("lab", "lab-secret")))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:payload-too-large"))
        .andExpect(jsonPath("$.detail").value("The upload exceeds the largest accepted size, 2 MB."));
  }

  @Test
  void aBrowserWithoutASessionGetsProblemJsonAndNoBasicChallenge() throws Exception {
    mvc.perform(get("/api/me"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:unauthenticated"))
        .andExpect(header().doesNotExist("WWW-Authenticate"));
  }

  @Test
  void wrongBasicCredentialsAreRefusedWithAChallenge() throws Exception {
    mvc.perform(get("/api/me").with(httpBasic("lab", "wrong")))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", containsString("Basic")))
        .andExpect(jsonPath("$.status").value(401));
  }

  @Test
  void aLocalUserSeesTheirRolesGroupsAndOrganisation() throws Exception {
    mvc.perform(get("/api/me").with(httpBasic("lab", "lab-secret")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.username").value("lab"))
        .andExpect(jsonPath("$.roles[0]").value("TEST_LAB"))
        .andExpect(jsonPath("$.candidateGroups[0]").value("test-lab"));
    mvc.perform(get("/api/me").with(httpBasic("applicant", "applicant-secret")))
        .andExpect(jsonPath("$.organisation").value("Example AI Ltd"));
  }

  @Test
  void anUnknownPathIsANotFoundProblem() throws Exception {
    mvc.perform(get("/api/no-such-thing").with(httpBasic("lab", "lab-secret")))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:not-found"));
  }

  @Test
  void validationErrorsNameEveryField() throws Exception {
    mvc.perform(
            post("/api/probe").with(httpBasic("lab", "lab-secret"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"\",\"code\":\"toolong\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
        .andExpect(jsonPath("$.errors[?(@.field=='name')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field=='code')]").exists());
  }

  @Test
  void unknownFieldsAreRejectedOnWrites() throws Exception {
    mvc.perform(
            post("/api/probe").with(httpBasic("lab", "lab-secret"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\",\"nmae\":\"typo\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("nmae"));
  }

  @Test
  void malformedJsonIsABadRequestWithoutParserDetails() throws Exception {
    mvc.perform(
            post("/api/probe").with(httpBasic("lab", "lab-secret"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": "))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:malformed-request"))
        .andExpect(content().string(not(containsString("jackson"))));
  }

  @Test
  void anOversizeJsonBodyIsRefusedBeforeParsing() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(4096) + "\"}";
    mvc.perform(
            post("/api/probe").with(httpBasic("lab", "lab-secret"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(big))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:payload-too-large"));
  }

  @Test
  void aSessionWriteWithoutCsrfTokenIsForbiddenAndWithOneItPasses() throws Exception {
    var session = new org.springframework.mock.web.MockHttpSession();
    mvc.perform(
            post("/login").session(session).with(csrf())
                .param("username", "lab").param("password", "lab-secret"))
        .andExpect(status().is3xxRedirection());
    mvc.perform(
            post("/api/probe").session(session)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\"}"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:forbidden"));
    mvc.perform(
            post("/api/probe").session(session).with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"a\"}"))
        .andExpect(status().isOk());
  }

  @Test
  void anUnexpectedFailureLeaksNothingAndGivesAReference() throws Exception {
    mvc.perform(post("/api/probe/fail").with(httpBasic("lab", "lab-secret")))
        .andExpect(status().isInternalServerError())
        .andExpect(jsonPath("$.reference").isNotEmpty())
        .andExpect(content().string(not(containsString("secret internal detail"))))
        .andExpect(content().string(not(containsString("IllegalStateException"))));
  }

  @Test
  void responsesCarrySecurityHeaders() throws Exception {
    mvc.perform(get("/api/me").with(httpBasic("lab", "lab-secret")))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
        .andExpect(header().string("X-Frame-Options", "DENY"))
        .andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")));
  }
}
