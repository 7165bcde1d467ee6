package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.api.testing.Users.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.process.BundledModels;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.testing.ApiSlice;
import org.exportcert.bpmn.lint.LintCode;
import org.exportcert.bpmn.lint.LintTexts;
import org.exportcert.certification.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Deploy only on a clean report, all files in one deployment; a bad bundle deploys nothing. */
@ApiSlice(ModelsController.class)
@Import({ModelLinter.class, ModelDeployer.class})
class ModelsControllerTest {

  @Autowired MockMvc mvc;
  @Autowired ModelLinter linter;
  @Autowired MessageSource messages;
  @MockitoBean CaseProcesses processes;
  @MockitoBean BundledModels bundled;
  @MockitoBean AuditTrail audit;
  @MockitoBean CaseQueries queries;
  @MockitoBean ModelReleases releases;

  @BeforeEach
  void catalog() {
    linter.useJobTypes(Set.of("exportcert.case.record-status", Bundles.CHECK_COMPLETION));
    when(releases.deployed()).thenReturn(new ModelReleases.Bundle(new ModelReleases.Release(0, "shipped", 0,
        "ExportCert", java.time.Instant.EPOCH, null, null), new java.util.TreeMap<>()));
  }

  static MockMultipartFile file(String name, byte[] content) {
    return new MockMultipartFile("files", name, "application/octet-stream", content);
  }

  @Test
  void aCleanBundleIsDeployedAsOneDeploymentAndAudited() throws Exception {
    when(processes.deploy(anyList())).thenReturn(new CaseProcesses.Deployed(42, List.of("process tiny-review v1")));
    mvc.perform(multipart("/api/models/deployments")
            .file(file("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", null)))
            .file(file("tiny-form.form", Bundles.form("tiny-form"))).with(as("manager")))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.deployment.deploymentKey").value(42));
    verify(processes).deploy(org.mockito.ArgumentMatchers.argThat(l -> l.size() == 2));
    verify(audit).record(eq("manager"), eq("models.deployed"), eq("deployment"), eq("42"), anyString());
    // what is now deployed is kept, so the modeler can open it again
    verify(releases).record(eq("upload"), eq(42L), eq("manager"), org.mockito.ArgumentMatchers.isNull(),
        org.mockito.ArgumentMatchers.argThat(m -> m.keySet().equals(Set.of("tiny-review.bpmn", "tiny-form.form"))));
  }

  @Test
  void aBundleWithErrorsIs422WithTheReportAndNothingIsDeployed() throws Exception {
    mvc.perform(multipart("/api/models/deployments")
            .file(file("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", null)))
            .file(file("xxe.bpmn", Bundles.XXE)).with(as("manager")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:lint-failed"))
        .andExpect(jsonPath("$.report.clean").value(false));
    verify(processes, never()).deploy(anyList());
  }

  @Test
  void lintOnlyReportsAndNeverDeploys() throws Exception {
    mvc.perform(multipart("/api/models/lint")
            .file(file("tiny-review.bpmn", Bundles.process("nobody", "tiny-form", null))).with(as("manager")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.clean").value(false));
    verify(processes, never()).deploy(anyList());
  }

  @Test
  void lintFindingsAreCodesWithArgumentsInTheCallersLanguage() throws Exception {
    mvc.perform(multipart("/api/models/lint")
            .file(file("tiny-review.bpmn", Bundles.process("nobody", "tiny-form", null)))
            .file(file("tiny-form.form", Bundles.form("tiny-form")))
            .with(as("manager")).header("Accept-Language", "zh-CN,zh;q=0.9"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.findings.length()").value(1))
        .andExpect(jsonPath("$.findings[0].code").value("lint.candidate-groups.unknown"))
        .andExpect(jsonPath("$.findings[0].rule").value("candidate-groups"))
        .andExpect(jsonPath("$.findings[0].ruleName").value("候选组"))
        .andExpect(jsonPath("$.findings[0].args[0]").value("nobody"))
        .andExpect(jsonPath("$.findings[0].message").value(org.hamcrest.Matchers.startsWith("未知的候选组“nobody”；已知的候选组：[")));
    mvc.perform(multipart("/api/models/lint")
            .file(file("tiny-review.bpmn", Bundles.process("nobody", "tiny-form", null)))
            .file(file("tiny-form.form", Bundles.form("tiny-form")))
            .with(as("manager")).header("Accept-Language", "en"))
        .andExpect(jsonPath("$.findings[0].code").value("lint.candidate-groups.unknown"))
        .andExpect(jsonPath("$.findings[0].ruleName").value("Candidate groups"))
        .andExpect(jsonPath("$.findings[0].message").value(org.hamcrest.Matchers.startsWith("Unknown candidate group 'nobody'; known: [")));
  }

  @Test
  void aRefusedDeploymentSpeaksTheCallersLanguageToo() throws Exception {
    mvc.perform(multipart("/api/models/deployments")
            .file(file("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", null)))
            .file(file("xxe.bpmn", Bundles.XXE)).with(as("manager")).header("Accept-Language", "zh"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.title").value("模型检查未通过"))
        .andExpect(jsonPath("$.detail").value("模型包有错误；未部署任何内容。"))
        .andExpect(jsonPath("$.report.findings[?(@.file == 'xxe.bpmn')].code").value("lint.xml.invalid"))
        .andExpect(jsonPath("$.report.findings[?(@.file == 'xxe.bpmn')].message").value("不是格式正确的 XML，或声明了 DOCTYPE。"));
    verify(processes, never()).deploy(anyList());
  }

  @Test
  void theApplicationsMessagesHoldTheLintCatalogInBothLanguages() {
    for (LintCode c : LintCode.values()) {
      Object[] args = java.util.stream.IntStream.range(0, c.arity()).mapToObj(i -> "x" + i).toArray();
      List<String> list = java.util.Arrays.stream(args).map(String::valueOf).toList();
      for (Locale l : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
        assertThat(messages.getMessage(c.key(), args, l)).as(c + " " + l).isEqualTo(LintTexts.text(c.key(), list, l));
      }
    }
  }

  static CaseProcesses.DefinitionView definition(long key, String id, String name, int version, String tag) {
    return new CaseProcesses.DefinitionView(key, id, name, version, tag, id + ".bpmn");
  }

  @Test
  void deployedVersionsComeAPageAtATimeByProcessNewestFirstAndAreFoundByProcessVersionOrTag() throws Exception {
    // the engine answers by process id only; the page puts each process's newest version first
    var versions = new java.util.ArrayList<CaseProcesses.DefinitionView>();
    for (int v = 1; v <= 60; v++) {
      versions.add(definition(100 + v, "appeal", "Appeal", v, v == 42 ? "draft-7-r3-shorter-window" : null));
    }
    versions.add(definition(1, "certification-case", "Certification case", 1, null));
    versions.add(definition(2, "certification-case", "Certification case", 2, "draft-8-r1"));
    when(processes.processDefinitions()).thenReturn(versions);
    mvc.perform(get("/api/models").with(as("manager")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(62))
        .andExpect(jsonPath("$.size").value(50))
        .andExpect(jsonPath("$.items.length()").value(50))
        .andExpect(jsonPath("$.items[0].version").value(60))
        .andExpect(jsonPath("$.items[49].version").value(11));
    mvc.perform(get("/api/models").param("page", "1").with(as("manager")))
        .andExpect(jsonPath("$.items.length()").value(12))
        .andExpect(jsonPath("$.items[10].processDefinitionId").value("certification-case"))
        .andExpect(jsonPath("$.items[10].version").value(2));
    mvc.perform(get("/api/models").param("page", "9").with(as("manager")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items.length()").value(0))
        .andExpect(jsonPath("$.total").value(62));
    mvc.perform(get("/api/models").param("q", "SHORTER").with(as("manager")))
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].version").value(42));
    mvc.perform(get("/api/models").param("q", "certification v2").with(as("manager")))
        .andExpect(jsonPath("$.total").value(1))
        .andExpect(jsonPath("$.items[0].versionTag").value("draft-8-r1"));
    mvc.perform(get("/api/models").param("size", "101").with(as("manager")).header("Accept-Language", "zh"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("1 到 100")));
  }

  @Test
  void onlyProgramManagersManageModels() throws Exception {
    for (String user : new String[] {"operator", "applicant", "committee"}) {
      mvc.perform(get("/api/models").with(as(user))).andExpect(status().isForbidden());
      mvc.perform(multipart("/api/models/deployments")
              .file(file("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", null))).with(as(user)))
          .andExpect(status().isForbidden());
    }
    verify(processes, never()).deploy(anyList());
  }

  @Test
  void aJsonBodyIsTheWrongMediaTypeForABundle() throws Exception {
    mvc.perform(post("/api/models/deployments").with(as("manager"))
            .contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnsupportedMediaType());
  }

  @Test
  void aBundleTheEngineRefusesIs422WithTheEnginesReasonNot502() throws Exception {
    var details = new io.camunda.client.api.ProblemDetail();
    details.setTitle("INVALID_ARGUMENT");
    details.setDetail("Expected to deploy new resources, but encountered: failed to parse expression"
        + " '=amount >' of ioMapping source");
    when(processes.deploy(anyList())).thenThrow(
        new io.camunda.client.api.command.ProblemException(400, "Bad Request", details));
    mvc.perform(multipart("/api/models/deployments")
            .file(file("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", null)))
            .file(file("tiny-form.form", Bundles.form("tiny-form"))).with(as("manager")))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:model-refused"))
        .andExpect(jsonPath("$.engineReason").value(org.hamcrest.Matchers.containsString("'=amount >'")));
    verify(audit, never()).record(anyString(), eq("models.deployed"), anyString(), anyString(), anyString());
  }

  @Test
  void anEngineThatCannotBeReachedIs503WithRetryAfter() throws Exception {
    when(processes.deploy(anyList())).thenThrow(
        new io.camunda.client.api.command.ClientException("connection refused"));
    mvc.perform(multipart("/api/models/deployments")
            .file(file("tiny-review.bpmn", Bundles.process("reviewers", "tiny-form", null)))
            .file(file("tiny-form.form", Bundles.form("tiny-form"))).with(as("manager")))
        .andExpect(status().isServiceUnavailable())
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().exists("Retry-After"))
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:upstream-unavailable"));
  }
}
