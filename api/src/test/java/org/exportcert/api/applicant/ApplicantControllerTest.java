package org.exportcert.api.applicant;

import static org.exportcert.api.testing.Users.as;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.cases.CaseSummary;
import org.exportcert.api.testing.ApiSlice;
import org.exportcert.certification.eligibility.InvalidApplicationException;
import org.exportcert.certification.eligibility.SchemeCatalog;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceRejectedException;
import org.exportcert.certification.evidence.EvidenceRejectedException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@ApiSlice(ApplicantController.class)
class ApplicantControllerTest {

  static final String CASE = "EC-2026-000001";

  static final String FORM =
      """
      {"legalName":"Example AI Ltd","registrationNumber":"HRB-1","contactEmail":"a@example.com",
       "productName":"Copilot","versions":[{"label":"1.0","modelIdentifiers":"m-1"}],
       "category":"AI_SAAS","schemeType":"TYPE_6","schemeVersion":"2026.1",
       "targetMarkets":["EU","SG"],"referenceFrameworks":["ISO_IEC_27001"],"notLodgedElsewhere":true}
      """;

  @Autowired MockMvc mvc;
  @MockitoBean ApplicantCases cases;
  @MockitoBean CaseQueries queries;

  static CaseSummary summary() {
    return new CaseSummary(CASE, "Example AI Ltd", "Copilot", List.of("1.0"), "AI_SAAS", "TYPE_6",
        "ELIGIBILITY", "SUBMITTED", List.of("EU", "SG"), Instant.EPOCH, Instant.EPOCH);
  }

  @BeforeEach
  void owner() {
    when(queries.organisationOf(CASE)).thenReturn(Optional.of("Example AI Ltd"));
  }

  @Test
  void anApplicationOpensACaseAndPointsToIt() throws Exception {
    when(cases.submit(any(), any())).thenReturn(summary());
    mvc.perform(post("/api/applications").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content(FORM))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/cases/mine/" + CASE))
        .andExpect(jsonPath("$.phase").value("ELIGIBILITY"));
  }

  @Test
  void anIncompleteApplicationNamesEveryMissingField() throws Exception {
    mvc.perform(post("/api/applications").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"legalName\":\"Example AI Ltd\",\"versions\":[],\"contactEmail\":\"nope\","
                + "\"notLodgedElsewhere\":true}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
        .andExpect(jsonPath("$.errors[?(@.field=='registrationNumber')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field=='versions')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field=='contactEmail')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field=='targetMarkets')]").exists());
    mvc.perform(post("/api/applications").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON)
            .content(FORM.replace("\"notLodgedElsewhere\":true", "\"notLodgedElsewhere\":\"maybe\"")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("notLodgedElsewhere"));
    verifyNoInteractions(cases);
  }

  /**
   * A market the scheme does not know (the console offers only named ones; a hand-made request can
   * send anything) is refused as problem+json naming the field, in the caller's language.
   */
  @Test
  void anUnknownMarketIsRefusedInTheCallersLanguage() throws Exception {
    when(cases.submit(any(), any())).thenAnswer(call -> {
      var problems = SchemeCatalog.defaults().problems(call.getArgument(0));
      if (!problems.isEmpty()) {
        throw new InvalidApplicationException(problems);
      }
      return summary();
    });
    String unknown = FORM.replace("\"targetMarkets\":[\"EU\",\"SG\"]", "\"targetMarkets\":[\"SG\",\"ZZ\"]");
    mvc.perform(post("/api/applications").with(as("applicant")).header("Accept-Language", "zh-CN,zh;q=0.9")
            .contentType(MediaType.APPLICATION_JSON).content(unknown))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
        .andExpect(jsonPath("$.title").value("校验未通过"))
        .andExpect(jsonPath("$.detail").value("一个或多个代码不在认证方案的代码表中。"))
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].field").value("targetMarkets[1]"))
        .andExpect(jsonPath("$.errors[0].message", containsString("不是认证方案中的目标市场")));
    mvc.perform(post("/api/applications").with(as("applicant")).header("Accept-Language", "en-GB")
            .contentType(MediaType.APPLICATION_JSON).content(unknown))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.title").value("Validation failed"))
        .andExpect(jsonPath("$.errors[0].field").value("targetMarkets[1]"))
        .andExpect(jsonPath("$.errors[0].message", containsString("not a market of the scheme")));
    // the codes the console offers are taken (in any case, as the API stores them upper case)
    mvc.perform(post("/api/applications").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content(FORM.replace("\"EU\",\"SG\"", "\"eu\",\"HK\"")))
        .andExpect(status().isCreated());
  }

  @Test
  void staffCannotApply() throws Exception {
    mvc.perform(post("/api/applications").with(as("lab"))
            .contentType(MediaType.APPLICATION_JSON).content(FORM))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:forbidden"));
    verifyNoInteractions(cases);
  }

  @Test
  void anotherOrganisationsCaseIsNotFound() throws Exception {
    mvc.perform(get("/api/cases/mine/" + CASE).with(as("applicant2")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:not-found"));
    mvc.perform(post("/api/cases/" + CASE + "/withdrawal").with(as("applicant2"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"mine now\"}"))
        .andExpect(status().isNotFound());
    verifyNoInteractions(cases);
  }

  @Test
  void theOwnerSeesOpenRequestsAndDeadlines() throws Exception {
    when(cases.one(CASE)).thenReturn(new ApplicantCases.MyCase(summary(),
        new org.exportcert.api.process.CaseProgress.Progress(true,
            List.of(new org.exportcert.api.process.CaseProgress.OpenRequest("DOCUMENTS",
                "DocumentsResubmitted", "Wait for resubmission", 7L, null, null, false)),
            List.of()),
        List.of(new ApplicantCases.RequiredDocument("ARCHITECTURE", java.util.Map.of("en", "System architecture"),
            java.util.Map.of(), false, List.of())),
        List.of("ARCHITECTURE"), null, false,
        List.of(new ApplicantCases.RecognitionView("SG", null, null, "NO_ARRANGEMENT", null)),
        List.of(new ApplicantCases.DecisionView("CERTIFICATION", "REFUSE", java.time.Instant.parse("2026-05-01T00:00:00Z"),
            "Security suite failed", null)), List.of(), null, null));
    mvc.perform(get("/api/cases/mine/" + CASE).with(as("applicant")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.summary.caseId").value(CASE))
        .andExpect(jsonPath("$.progress.openRequests[0].message").value("DocumentsResubmitted"))
        .andExpect(jsonPath("$.requiredDocuments[0].kind").value("ARCHITECTURE"))
        .andExpect(jsonPath("$.missingDocuments[0]").value("ARCHITECTURE"))
        .andExpect(jsonPath("$.recognitions[0].outcome").value("NO_ARRANGEMENT"))
        .andExpect(jsonPath("$.decisions[0].rationale").value("Security suite failed"))
        .andExpect(jsonPath("$.decisions[0].decisionMaker").doesNotExist());
  }

  @Test
  void myCasesComeAPageAtATimeWithTheTotalAndAFilter() throws Exception {
    when(cases.mine(any(), eq("copilot"), eq("CERTIFIED"), eq(2), eq(10)))
        .thenReturn(new CaseQueries.Page<>(List.of(summary()), 21, 2, 10));
    mvc.perform(get("/api/cases/mine").param("q", "  copilot ").param("status", "certified")
            .param("page", "2").param("size", "10").with(as("applicant")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].caseId").value(CASE))
        .andExpect(jsonPath("$.total").value(21))
        .andExpect(jsonPath("$.page").value(2))
        .andExpect(jsonPath("$.size").value(10));
    // no parameters: the first 20, newest first
    when(cases.mine(any(), org.mockito.ArgumentMatchers.isNull(), org.mockito.ArgumentMatchers.isNull(), eq(0), eq(20)))
        .thenReturn(new CaseQueries.Page<>(List.of(), 0, 0, 20));
    mvc.perform(get("/api/cases/mine").with(as("applicant")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(0));
  }

  @Test
  void aPageOfMyCasesOutOfBoundsIsRefusedInTheCallersLanguage() throws Exception {
    mvc.perform(get("/api/cases/mine").param("size", "101").with(as("applicant")).header("Accept-Language", "en"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
        .andExpect(jsonPath("$.detail").value("page must be 0 or more and size between 1 and 100."));
    mvc.perform(get("/api/cases/mine").param("page", "-1").with(as("applicant")).header("Accept-Language", "zh-CN"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("page（页码）须大于或等于 0，size（每页条数）须在 1 到 100 之间。"));
    verifyNoInteractions(cases);
  }

  @Test
  void aFileNameWithAPathIsRefusedBeforeAnythingIsStored() throws Exception {
    for (String name : List.of("../../etc/passwd", "..\\boot.ini", "/abs.pdf", "a/b.pdf", ".hidden")) {
      mvc.perform(multipart("/api/cases/" + CASE + "/documents")
              .file(new MockMultipartFile("file", name, "application/pdf", "%PDF-1.4".getBytes()))
              .param("kind", "ARCHITECTURE")
              .with(as("applicant")))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"));
    }
    verify(cases, never()).upload(anyString(), anyString(), anyString(), any(), any(), any());
  }

  @Test
  void aBadEvidenceKindIsRefused() throws Exception {
    mvc.perform(multipart("/api/cases/" + CASE + "/documents")
            .file(new MockMultipartFile("file", "file.pdf", "application/pdf", "%PDF-1.4".getBytes()))
            .param("kind", "../x")
            .with(as("applicant")))
        .andExpect(status().isBadRequest());
    // a well-formed code outside the catalog, and a staff kind, are refused the same way
    for (String kind : List.of("NOT_A_KIND", "TEST_REPORT", "TECHNICAL_FILE")) {
      mvc.perform(multipart("/api/cases/" + CASE + "/documents")
              .file(new MockMultipartFile("file", "file.pdf", "application/pdf", "%PDF-1.4".getBytes()))
              .param("kind", kind)
              .with(as("applicant")))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
          .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("ARCHITECTURE")));
    }
    verify(cases, never()).upload(anyString(), anyString(), anyString(), any(), any(), any());
  }

  @Test
  void contentOfAWrongTypeIs415AndTooLargeIs413() throws Exception {
    when(cases.upload(eq(CASE), anyString(), eq("run.exe"), any(), any(), any()))
        .thenThrow(new EvidenceRejectedException(Reason.MEDIA_TYPE_NOT_ALLOWED, "not accepted"));
    when(cases.upload(eq(CASE), anyString(), eq("big.pdf"), any(), any(), any()))
        .thenThrow(new EvidenceRejectedException(Reason.TOO_LARGE, "too large"));
    mvc.perform(multipart("/api/cases/" + CASE + "/documents")
            .file(new MockMultipartFile("file", "run.exe", "application/pdf", new byte[] {0x4d, 0x5a}))
            .param("kind", "ARCHITECTURE").with(as("applicant")))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.reason").value("MEDIA_TYPE_NOT_ALLOWED"));
    mvc.perform(multipart("/api/cases/" + CASE + "/documents")
            .file(new MockMultipartFile("file", "big.pdf", "application/pdf", "%PDF".getBytes()))
            .param("kind", "ARCHITECTURE").with(as("applicant")))
        .andExpect(status().isPayloadTooLarge());
  }

  @Test
  void aJsonBodyOnTheUploadEndpointIsTheWrongMediaType() throws Exception {
    mvc.perform(post("/api/cases/" + CASE + "/documents").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnsupportedMediaType());
  }

  @Test
  void answersWithdrawalsAndAppealsAreAccepted() throws Exception {
    when(cases.withdraw(eq(CASE), anyString(), any())).thenReturn("ApplicationWithdrawn");
    mvc.perform(post("/api/cases/" + CASE + "/answers").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"message\":\"DocumentsResubmitted\",\"evidenceIds\":[\"EV-1\"]}"))
        .andExpect(status().isAccepted());
    mvc.perform(post("/api/cases/" + CASE + "/withdrawal").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"product retired\"}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.message").value("ApplicationWithdrawn"));
    mvc.perform(post("/api/cases/" + CASE + "/appeal").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"grounds\":\"\"}"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void aNoteTooLongOrWithAControlCharacterIsRefusedNamingTheNote() throws Exception {
    for (String note : List.of("x".repeat(org.exportcert.certification.answer.ApplicantAnswers.MAX_NOTE + 1),
        "nul\\u0000")) {
      mvc.perform(post("/api/cases/" + CASE + "/answers").with(as("applicant"))
              .contentType(MediaType.APPLICATION_JSON)
              .content("{\"message\":\"DocumentsResubmitted\",\"note\":\"" + note + "\"}"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"))
          .andExpect(jsonPath("$.errors[0].field").value("note"));
    }
    verify(cases, never()).answer(anyString(), anyString(), any(), any(), any(), any(), any(), any());
    // the domain's own check (a note that strips to too long) answers the same way
    org.mockito.Mockito.doThrow(new org.exportcert.certification.answer.InvalidAnswerException("note", "note-too-long", "too long"))
        .when(cases).answer(anyString(), anyString(), any(), any(), any(), any(), any(), any());
    mvc.perform(post("/api/cases/" + CASE + "/answers").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"message\":\"DocumentsResubmitted\",\"note\":\"n\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("note"))
        .andExpect(jsonPath("$.detail").value("The note to staff is limited to 2000 characters."));
  }

  // ---------------------------------------------------------------- raw upload, declared digest

  static final byte[] PDF = "%PDF-1.4\nraw\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static String digestHeader(byte[] content) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(content);
    return "sha-512=:AAAA:, sha-256=:" + java.util.Base64.getEncoder().encodeToString(d) + ":";
  }

  @Test
  void aRawUploadPassesTheDeclaredSizeAndDigestToTheStore() throws Exception {
    String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(PDF));
    Evidence stored = org.mockito.Mockito.mock(Evidence.class);
    when(stored.getId()).thenReturn("EV-1");
    when(stored.getSha256()).thenReturn(hex);
    when(stored.getReviewStatus()).thenReturn(Evidence.ReviewStatus.values()[0]);
    when(cases.uploadDeclared(eq(CASE), eq("ARCHITECTURE"), eq("raw.pdf"), any(), any(),
            eq((long) PDF.length), eq(hex), any()))
        .thenReturn(stored);
    mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
            .put("/api/cases/" + CASE + "/documents/raw.pdf").param("kind", "ARCHITECTURE")
            .header("Content-Digest", digestHeader(PDF))
            .contentType(MediaType.APPLICATION_OCTET_STREAM).content(PDF).with(as("applicant")))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.sha256").value(hex))
        .andExpect(jsonPath("$.evidenceId").value("EV-1"));
  }

  @Test
  void aRawUploadWithAMalformedDigestOrNoLengthIsRefusedBeforeAnythingIsStored() throws Exception {
    for (String bad : List.of("sha-256=abc", "sha-256=:not base64!:", "sha-256=:AAAA:")) {
      mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
              .put("/api/cases/" + CASE + "/documents/raw.pdf").param("kind", "ARCHITECTURE")
              .header("Content-Digest", bad).content(PDF).with(as("applicant")))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"));
    }
    mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
            .put("/api/cases/" + CASE + "/documents/raw.pdf").param("kind", "ARCHITECTURE")
            .with(as("applicant")))
        .andExpect(status().isLengthRequired());
    mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
            .put("/api/cases/" + CASE + "/documents/..secret").param("kind", "ARCHITECTURE")
            .content(PDF).with(as("applicant")))
        .andExpect(status().isBadRequest());
    verify(cases, never()).uploadDeclared(anyString(), anyString(), anyString(), any(), any(), org.mockito.ArgumentMatchers.anyLong(), any(), any());
  }

  @Test
  void bytesThatAreNotWhatWasDeclaredAreAProblemWithItsReason() throws Exception {
    when(cases.uploadDeclared(eq(CASE), anyString(), eq("lie.pdf"), any(), any(), org.mockito.ArgumentMatchers.anyLong(), any(), any()))
        .thenThrow(new EvidenceRejectedException(Reason.DIGEST_MISMATCH, "not what was declared"));
    mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
            .put("/api/cases/" + CASE + "/documents/lie.pdf").param("kind", "ARCHITECTURE")
            .header("Content-Digest", digestHeader("other".getBytes())).content(PDF).with(as("applicant")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:evidence-rejected"))
        .andExpect(jsonPath("$.reason").value("DIGEST_MISMATCH"))
        // the English catalog entry is "{0}": the domain's own reason, never the bare placeholder
        .andExpect(jsonPath("$.detail").value("not what was declared"));
  }
}
