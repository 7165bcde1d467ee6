package org.exportcert.api.hostile;

import static org.exportcert.api.testing.Users.as;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.ArgumentMatchers.anyList;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.exportcert.api.applicant.ApplicantCases;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.models.ModelLinter;
import org.exportcert.api.operations.Operations;
import org.exportcert.api.partner.PartnerWebhook;
import org.exportcert.api.partner.WebhookVerifier;
import org.exportcert.api.process.BundledModels;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.publicregistry.RegistryQueries;
import org.exportcert.api.tasks.StaffTasks;
import org.exportcert.api.testing.ApiSlice;
import org.exportcert.certification.audit.AuditTrail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** What a hostile or careless client sends: every answer is a 4xx and nothing reaches a service. */
@ApiSlice
@Import({WebhookVerifier.class, ModelLinter.class, org.exportcert.api.models.ModelDeployer.class})
@TestPropertySource(properties = "exportcert.api.max-json-bytes=4096")
class HostileInputTest {

  static final String CASE = "EC-2026-000001";

  @Autowired MockMvc mvc;
  @MockitoBean ApplicantCases applicantCases;
  @MockitoBean CaseQueries queries;
  @MockitoBean StaffTasks tasks;
  @MockitoBean RegistryQueries registry;
  @MockitoBean PartnerWebhook webhook;
  @MockitoBean Operations operations;
  @MockitoBean CaseProcesses processes;
  @MockitoBean BundledModels bundled;
  @MockitoBean AuditTrail audit;
  @MockitoBean org.exportcert.api.casefile.CaseFiles caseFiles;
  @MockitoBean org.exportcert.api.casefile.DocumentReads documentReads;
  @MockitoBean org.exportcert.api.models.ModelReleases releases;
  @MockitoBean org.exportcert.api.models.ModelDrafts drafts;
  @MockitoBean org.exportcert.api.models.ModelImpact impact;
  @MockitoBean org.exportcert.api.models.ModelPathChecks pathChecks;
  @MockitoBean org.exportcert.api.operations.CaseMigrations migrations;
  @MockitoBean org.exportcert.api.localstack.backup.BackupService backups;

  @BeforeEach
  void owner() {
    when(queries.organisationOf(CASE)).thenReturn(Optional.of("Example AI Ltd"));
    when(bundled.formIds()).thenReturn(Set.of());
    when(bundled.decisionIds()).thenReturn(Set.of());
    when(bundled.processIds()).thenReturn(Set.of());
  }

  @AfterEach
  void nothingWasWritten() {
    verifyNoInteractions(applicantCases, tasks, operations, webhook, audit);
    verify(processes, never()).deploy(anyList());
  }

  @Test
  void malformedJsonIs400Everywhere() throws Exception {
    String[][] calls = {
      {"applicant", "/api/applications"}, {"applicant", "/api/cases/" + CASE + "/answers"},
      {"applicant", "/api/cases/" + CASE + "/withdrawal"}, {"committee", "/api/tasks/7/claim"},
      {"committee", "/api/tasks/7/complete"}, {"operator", "/api/operations/cases/" + CASE + "/cancel"},
      {"operator", "/api/operations/incidents/5/retry"}, {"operator", "/api/operations/incidents/5/send-back"}};
    for (String[] c : calls) {
      for (String body : new String[] {"{\"reason\": ", "[1,2", "\"just a string\"", "{\"reason\":\"x\"}}"}) {
        mvc.perform(post(c[1]).with(as(c[0])).contentType(MediaType.APPLICATION_JSON).content(body))
            .andExpect(status().isBadRequest());
      }
    }
  }

  @Test
  void unknownFieldsAreRefused() throws Exception {
    mvc.perform(post("/api/cases/" + CASE + "/withdrawal").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"x\",\"status\":\"CERTIFIED\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("status"));
  }

  @Test
  void oversizeJsonIs413BeforeParsing() throws Exception {
    String big = "{\"reason\":\"" + "x".repeat(5000) + "\"}";
    mvc.perform(post("/api/cases/" + CASE + "/withdrawal").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content(big))
        .andExpect(status().isPayloadTooLarge());
    mvc.perform(post("/api/tasks/7/complete").with(as("committee"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"variables\":{\"x\":\"" + "y".repeat(5000) + "\"}}"))
        .andExpect(status().isPayloadTooLarge());
  }

  @Test
  void pathTraversalInFileNamesIs400OnEveryUpload() throws Exception {
    for (String name : new String[] {"../../../etc/passwd", "..\\..\\win.ini", "/etc/shadow",
        "ok/../../x.pdf", "evil\u0000.pdf", "C:evil.pdf", "", "report\u202efdp.exe", "a\u200b.pdf", "x\udc00.pdf"}) {
      mvc.perform(multipart("/api/cases/" + CASE + "/documents")
              .file(new MockMultipartFile("file", name, "application/pdf", "%PDF-1.4".getBytes()))
              .param("kind", "ARCHITECTURE").with(as("applicant")))
          .andExpect(status().isBadRequest());
      mvc.perform(multipart("/api/tasks/7/evidence")
              .file(new MockMultipartFile("file", name, "application/pdf", "%PDF-1.4".getBytes()))
              .param("kind", "TEST_REPORT").with(as("lab")))
          .andExpect(status().isBadRequest());
    }
  }

  @Test
  void wrongMediaTypesAre415() throws Exception {
    mvc.perform(post("/api/applications").with(as("applicant"))
            .contentType(MediaType.TEXT_PLAIN).content("legalName=x"))
        .andExpect(status().isUnsupportedMediaType());
    mvc.perform(post("/api/applications").with(as("applicant"))
            .contentType(MediaType.APPLICATION_XML).content("<form/>"))
        .andExpect(status().isUnsupportedMediaType());
    mvc.perform(post("/api/cases/" + CASE + "/documents").with(as("applicant"))
            .contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnsupportedMediaType());
    mvc.perform(post("/api/partner/recognitions/" + CASE + "/SG")
            .contentType(MediaType.TEXT_PLAIN).content("ACCEPTED"))
        .andExpect(status().is4xxClientError());
  }

  @Test
  void aMultipartRequestWithoutTheFilePartIs400() throws Exception {
    mvc.perform(multipart("/api/cases/" + CASE + "/documents").param("kind", "ARCHITECTURE")
            .with(as("applicant")))
        .andExpect(status().isBadRequest());
  }

  @Test
  void invalidBpmnUploadsAre422AndNothingIsDeployed() throws Exception {
    byte[][] bad = {
      "not xml".getBytes(StandardCharsets.UTF_8),
      ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")
          .getBytes(StandardCharsets.UTF_8),
      "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\"/></definitions>"
          .getBytes(StandardCharsets.UTF_8),
    };
    for (byte[] content : bad) {
      mvc.perform(multipart("/api/models/deployments")
              .file(new MockMultipartFile("files", "p.bpmn", "application/xml", content))
              .with(as("manager")))
          .andExpect(status().isUnprocessableEntity())
          .andExpect(jsonPath("$.type").value("urn:exportcert:problem:lint-failed"));
    }
    // 20,000 nested sub-processes: the model API's per-scope walks took minutes on the request thread
    byte[] deep = ("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"deep\">"
        + "<subProcess>".repeat(20_000) + "</subProcess>".repeat(20_000) + "</process></definitions>")
        .getBytes(StandardCharsets.UTF_8);
    long started = System.nanoTime();
    mvc.perform(multipart("/api/models/deployments")
            .file(new MockMultipartFile("files", "deep.bpmn", "application/xml", deep))
            .with(as("manager")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:lint-failed"));
    org.assertj.core.api.Assertions.assertThat((System.nanoTime() - started) / 1_000_000_000)
        .as("seconds the refusal took").isLessThan(30);
    mvc.perform(multipart("/api/models/deployments")
            .file(new MockMultipartFile("files", "../../p.bpmn", "application/xml", bad[2]))
            .with(as("manager")))
        .andExpect(status().isUnprocessableEntity());
  }

  /** Every paged list: pages from 0, 1 to 100 rows; anything else is a 400 in the caller's language, no service asked. */
  @Test
  void pagesOutOfBoundsAre400InTheCallersLanguage() throws Exception {
    String[][] lists = {
      {"applicant", "/api/cases/mine"}, {"manager", "/api/models"}, {"manager", "/api/models/drafts"},
      {"manager", "/api/models/releases"}, {"operator", "/api/operations/cases"}, {null, "/api/public/registry"}};
    String[][] bad = {{"page", "-1"}, {"size", "0"}, {"size", "101"}, {"page", "1000001"}};
    String[][] notNumbers = {{"size", "99999999999"}, {"page", "abc"}, {"size", "1e3"}};
    for (String[] list : lists) {
      for (String[] param : bad) {
        var request = get(list[1]).param(param[0], param[1]);
        mvc.perform(list[0] == null ? request : request.with(as(list[0])))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"));
      }
      for (String[] param : notNumbers) {
        var request = get(list[1]).param(param[0], param[1]);
        mvc.perform(list[0] == null ? request : request.with(as(list[0])))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value(org.hamcrest.Matchers.startsWith("urn:exportcert:problem:")));
      }
      var zh = get(list[1]).param("size", "101").header("Accept-Language", "zh-CN,zh;q=0.9");
      mvc.perform(list[0] == null ? zh : zh.with(as(list[0])))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.title").value("校验未通过"))
          .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("1 到 100")));
    }
    mvc.perform(get("/api/cases/mine").param("q", "x".repeat(201)).with(as("applicant"))
            .header("Accept-Language", "en"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("q is limited to 200 characters."));
    mvc.perform(get("/api/cases/mine").param("status", "NOT_A_STATUS").with(as("applicant"))
            .header("Accept-Language", "zh"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("status 须为以下之一")));
    verify(processes, never()).processDefinitions();
    verifyNoInteractions(registry, drafts, releases);
  }

  @Test
  void aWrongRoleIsRefusedBeforeItsBodyIsRead() throws Exception {
    mvc.perform(post("/api/applications").with(as("lab"))
            .contentType(MediaType.APPLICATION_JSON).content("{broken"))
        .andExpect(status().isForbidden());
    mvc.perform(multipart("/api/models/deployments")
            .file(new MockMultipartFile("files", "p.bpmn", "application/xml", "x".getBytes()))
            .with(as("operator")))
        .andExpect(status().isForbidden());
  }
}
