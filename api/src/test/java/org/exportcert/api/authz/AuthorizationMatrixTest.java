package org.exportcert.api.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.api.testing.Users.as;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.exportcert.api.applicant.ApplicantCases;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.cases.CaseSummary;
import org.exportcert.api.console.ConsoleProcesses;
import org.exportcert.api.models.ModelDeployer;
import org.exportcert.api.models.ModelDrafts;
import org.exportcert.api.models.ModelLinter;
import org.exportcert.api.models.ModelReleases;
import org.exportcert.api.operations.Operations;
import org.exportcert.api.partner.PartnerWebhook;
import org.exportcert.api.partner.WebhookSignature;
import org.exportcert.api.partner.WebhookVerifier;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.publicregistry.RegistryQueries;
import org.exportcert.api.tasks.StaffTasks;
import org.exportcert.api.testing.ApiSlice;
import org.exportcert.api.testing.Users;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.recognition.RecognitionRepository;
import org.exportcert.certification.registry.Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every endpoint, called as every role, as the other applicant and without login, against the
 * table below. Services are mocked: this is about who gets through, not what happens next.
 * A new endpoint without a row here fails {@link #everyEndpointIsInTheTable()}.
 */
@ApiSlice
@Import(WebhookVerifier.class)
class AuthorizationMatrixTest {

  static final String CASE = "EC-2026-000001"; // belongs to applicant's organisation
  static final String ANON = "anonymous";

  static final Set<String> STAFF = Set.of("cbreviewer", "evaluator", "lab", "reviewer", "committee",
      "registrar", "appeals", "operator");
  static final Set<String> EVERYONE = union(Set.copyOf(Users.ALL), Set.of(ANON));
  static final Set<String> SIGNED_IN = Set.copyOf(Users.ALL);
  static final Set<String> MANAGERS = Set.of("manager", "manager2");
  static final Set<String> APPLICANTS = Set.of("applicant", "applicant2");
  /** Applicant endpoints on one case: applicant2 is an applicant too, but of another organisation. */
  static final Set<String> OWNER = Set.of("applicant");

  record Row(String name, Supplier<MockHttpServletRequestBuilder> request, Set<String> allowed,
      boolean ownership) {}

  static final String FORM =
      """
      {"legalName":"Example AI Ltd","registrationNumber":"HRB-1","contactEmail":"c@example.com","productName":"Copilot",
       "versions":[{"label":"1.0"}],"category":"AI_SAAS","schemeType":"TYPE_6","schemeVersion":"2026.1",
       "targetMarkets":["SG"],"notLodgedElsewhere":true}
      """;

  static final List<Row> TABLE = List.of(
      row("GET /api/me", () -> get("/api/me"), SIGNED_IN),
      row("GET /api/public/session", () -> get("/api/public/session"), EVERYONE),
      row("GET /api/mailbox", () -> get("/api/mailbox"), SIGNED_IN),
      row("GET /login", () -> get("/login"), EVERYONE),
      // applicant
      row("POST /api/applications", () -> json(post("/api/applications"), FORM), APPLICANTS),
      row("GET /api/cases/mine", () -> get("/api/cases/mine"), APPLICANTS),
      owned("GET /api/cases/mine/{caseId}", () -> get("/api/cases/mine/" + CASE)),
      owned("POST /api/cases/{caseId}/documents", () -> multipart("/api/cases/" + CASE + "/documents")
          .file(new MockMultipartFile("file", "file.pdf", "application/pdf", "%PDF-1.4".getBytes()))
          .param("kind", "ARCHITECTURE")),
      owned("PUT /api/cases/{caseId}/documents/{fileName}", () -> put("/api/cases/" + CASE + "/documents/file.pdf")
          .param("kind", "ARCHITECTURE").content("%PDF-1.4".getBytes())),
      owned("GET /api/cases/{caseId}/documents", () -> get("/api/cases/" + CASE + "/documents")),
      owned("GET /api/cases/{caseId}/documents/{evidenceId}", () -> get("/api/cases/" + CASE + "/documents/EV-1")),
      row("GET /api/evidence-kinds", () -> get("/api/evidence-kinds"), SIGNED_IN),
      owned("POST /api/cases/{caseId}/answers", () -> json(post("/api/cases/" + CASE + "/answers"),
          "{\"message\":\"DocumentsResubmitted\"}")),
      owned("POST /api/cases/{caseId}/withdrawal", () -> json(post("/api/cases/" + CASE + "/withdrawal"),
          "{\"reason\":\"retired\"}")),
      owned("POST /api/cases/{caseId}/appeal", () -> json(post("/api/cases/" + CASE + "/appeal"),
          "{\"grounds\":\"unfair\"}")),
      owned("GET /api/cases/{caseId}/certificate", () -> get("/api/cases/" + CASE + "/certificate")),
      owned("GET /api/cases/{caseId}/certificate/document",
          () -> get("/api/cases/" + CASE + "/certificate/document")),
      // staff tasks
      row("GET /api/tasks", () -> get("/api/tasks"), STAFF),
      row("GET /api/tasks/{key}", () -> get("/api/tasks/7"), STAFF),
      row("GET /api/tasks/{key}/form", () -> get("/api/tasks/7/form"), STAFF),
      row("POST /api/tasks/{key}/claim", () -> json(post("/api/tasks/7/claim"),
          "{\"declaration\":\"no conflict\",\"conflict\":false}"), STAFF),
      row("POST /api/tasks/{key}/unclaim", () -> post("/api/tasks/7/unclaim"), STAFF),
      row("POST /api/tasks/{key}/complete", () -> json(post("/api/tasks/7/complete"),
          "{\"variables\":{}}"), STAFF),
      row("POST /api/tasks/{key}/evidence", () -> multipart("/api/tasks/7/evidence")
          .file(new MockMultipartFile("file", "report.pdf", "application/pdf", "%PDF-1.4".getBytes()))
          .param("kind", "TEST_REPORT"), STAFF),
      row("GET /api/tasks/{key}/case-file", () -> get("/api/tasks/7/case-file"), STAFF),
      row("GET /api/tasks/{key}/documents/{evidenceId}", () -> get("/api/tasks/7/documents/EV-1"), STAFF),
      // public
      row("GET /api/public/registry", () -> get("/api/public/registry"), EVERYONE),
      row("GET /api/public/certificates/{number}", () -> get("/api/public/certificates/ECC-2026-000001"),
          EVERYONE),
      row("GET /api/public/certificates", () -> get("/api/public/certificates").param("number", "ECC-2026-000001/R1"),
          EVERYONE),
      // partner webhook: the signature is the credential, whoever else is signed in
      row("POST /api/partner/recognitions/{caseId}/{market}", AuthorizationMatrixTest::signedPartnerCall,
          EVERYONE),
      // operations
      row("GET /api/operations/cases", () -> get("/api/operations/cases"), Set.of("operator")),
      row("GET /api/operations/cases/{caseId}", () -> get("/api/operations/cases/" + CASE), Set.of("operator")),
      row("GET /api/operations/incidents", () -> get("/api/operations/incidents"), Set.of("operator")),
      row("GET /api/operations/cases/{caseId}/case-file", () -> get("/api/operations/cases/" + CASE + "/case-file"),
          Set.of("operator")),
      row("GET /api/operations/cases/{caseId}/documents/{evidenceId}",
          () -> get("/api/operations/cases/" + CASE + "/documents/EV-1"), Set.of("operator")),
      row("GET /api/operations/audit/verification", () -> get("/api/operations/audit/verification"),
          Set.of("operator")),
      row("POST /api/operations/incidents/{key}/retry", () -> json(post("/api/operations/incidents/5/retry"),
          "{\"reason\":\"db back\"}"), Set.of("operator")),
      row("POST /api/operations/incidents/{key}/send-back", () -> json(post("/api/operations/incidents/5/send-back"),
          "{\"reason\":\"completed on the engine port\"}"), Set.of("operator")),
      row("POST /api/operations/cases/{caseId}/cancel", () -> json(post("/api/operations/cases/" + CASE
          + "/cancel"), "{\"reason\":\"duplicate\"}"), Set.of("operator")),
      row("GET /api/operations/cases/{caseId}/migration", () -> get("/api/operations/cases/" + CASE + "/migration"),
          Set.of("operator")),
      row("POST /api/operations/cases/{caseId}/migration", () -> json(post("/api/operations/cases/" + CASE
          + "/migration"), "{\"reason\":\"roll-out\"}"), Set.of("operator")),
      row("POST /api/operations/backup", () -> post("/api/operations/backup"), Set.of("operator")),
      // models
      row("GET /api/models", () -> get("/api/models"), MANAGERS),
      row("POST /api/models/lint", () -> multipart("/api/models/lint")
          .file(new MockMultipartFile("files", "a.bpmn", "application/xml", "<x/>".getBytes())), MANAGERS),
      row("POST /api/models/deployments", () -> multipart("/api/models/deployments")
          .file(new MockMultipartFile("files", "a.bpmn", "application/xml", "<x/>".getBytes())), MANAGERS),
      row("GET /api/models/{processDefinitionKey}/cases", () -> get("/api/models/9/cases"), MANAGERS),
      row("GET /api/models/element-templates", () -> get("/api/models/element-templates"), MANAGERS),
      row("GET /api/models/releases", () -> get("/api/models/releases"), MANAGERS),
      row("GET /api/models/paths", () -> get("/api/models/paths"), MANAGERS),
      row("GET /api/models/releases/deployed", () -> get("/api/models/releases/deployed"), MANAGERS),
      row("GET /api/models/releases/{id}", () -> get("/api/models/releases/0"), MANAGERS),
      row("GET /api/models/drafts", () -> get("/api/models/drafts"), MANAGERS),
      row("POST /api/models/drafts", () -> json(post("/api/models/drafts"), "{\"name\":\"x\"}"), MANAGERS),
      row("GET /api/models/drafts/{id}", () -> get("/api/models/drafts/3"), MANAGERS),
      row("POST /api/models/drafts/{id}/revisions", () -> multipart("/api/models/drafts/3/revisions")
          .file(new MockMultipartFile("files", "a.bpmn", "application/xml", "<x/>".getBytes()))
          .param("baseRevision", "1"), MANAGERS),
      row("GET /api/models/drafts/{id}/diff", () -> get("/api/models/drafts/3/diff"), MANAGERS),
      row("GET /api/models/drafts/{id}/impact", () -> get("/api/models/drafts/3/impact"), MANAGERS),
      row("POST /api/models/drafts/{id}/path-runs", () -> post("/api/models/drafts/3/path-runs"), MANAGERS),
      row("GET /api/models/drafts/{id}/path-runs/latest", () -> get("/api/models/drafts/3/path-runs/latest"), MANAGERS),
      row("GET /api/models/drafts/{id}/bundle.zip", () -> get("/api/models/drafts/3/bundle.zip"), MANAGERS),
      row("DELETE /api/models/drafts/{id}", () -> delete("/api/models/drafts/3"), MANAGERS),
      row("POST /api/models/drafts/{id}/approval", () -> json(post("/api/models/drafts/3/approval"),
          "{\"revision\":1}"), MANAGERS),
      row("POST /api/models/drafts/{id}/deployment", () -> post("/api/models/drafts/3/deployment"), MANAGERS),
      // console read models (diagrams, variables, pipeline)
      row("GET /api/console/process-definitions/{key}/xml", () -> get("/api/console/process-definitions/9/xml"),
          Set.of("operator", "manager", "manager2")),
      row("GET /api/console/process-instances/{key}/sequence-flows",
          () -> get("/api/console/process-instances/9/sequence-flows"), Set.of("operator")),
      row("GET /api/console/cases/{caseId}/variables", () -> get("/api/console/cases/" + CASE + "/variables"),
          Set.of("operator")),
      row("GET /api/console/pipeline", () -> get("/api/console/pipeline"), Set.of("operator")),
      row("GET /api/console/element-names", () -> get("/api/console/element-names"), SIGNED_IN));

  @Autowired MockMvc mvc;
  @Autowired org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;

  @MockitoBean ApplicantCases applicantCases;
  @MockitoBean CaseQueries queries;
  @MockitoBean StaffTasks tasks;
  @MockitoBean RegistryQueries registry;
  @MockitoBean PartnerWebhook webhook;
  @MockitoBean Operations operations;
  @MockitoBean CaseProcesses processes;
  @MockitoBean ModelLinter linter;
  @MockitoBean AuditTrail audit;
  @MockitoBean RecognitionRepository recognitions;
  @MockitoBean ConsoleProcesses console;
  @MockitoBean org.exportcert.api.console.ElementNames elementNames;
  @MockitoBean org.exportcert.api.casefile.CaseFiles caseFiles;
  @MockitoBean org.exportcert.api.casefile.DocumentReads documentReads;
  @MockitoBean ModelDrafts drafts;
  @MockitoBean org.exportcert.api.models.ModelImpact impact;
  @MockitoBean org.exportcert.api.models.ModelPathChecks pathChecks;
  @MockitoBean org.exportcert.api.operations.CaseMigrations migrations;
  @MockitoBean ModelReleases releases;
  @MockitoBean ModelDeployer deployer;
  @MockitoBean org.exportcert.api.localstack.LocalMailbox mailbox;
  @MockitoBean org.exportcert.api.mailbox.MailboxAddresses mailboxAddresses;
  @MockitoBean org.exportcert.api.localstack.backup.BackupService backups;

  @BeforeEach
  void servicesAnswer() throws Exception {
    when(queries.organisationOf(CASE)).thenReturn(Optional.of("Example AI Ltd"));
    CaseSummary summary = new CaseSummary(CASE, "Example AI Ltd", "Copilot", List.of("1.0"), "AI_SAAS",
        "TYPE_6", "ELIGIBILITY", "SUBMITTED", List.of("SG"), Instant.EPOCH, Instant.EPOCH);
    when(applicantCases.submit(any(), any())).thenReturn(summary);
    Evidence evidence = mock(Evidence.class);
    when(evidence.getId()).thenReturn("EV-1");
    when(evidence.getMediaType()).thenReturn("application/pdf");
    when(evidence.getFileName()).thenReturn("certificate.pdf");
    when(evidence.getSizeBytes()).thenReturn(4L);
    when(evidence.getReviewStatus()).thenReturn(Evidence.ReviewStatus.SUBMITTED);
    when(evidence.getKind()).thenReturn("ARCHITECTURE");
    when(documentReads.of(anyString(), anyString())).thenReturn(evidence);
    when(documentReads.read(any(), anyString(), org.mockito.ArgumentMatchers.anyBoolean()))
        .thenReturn(org.springframework.http.ResponseEntity.ok().build());
    when(tasks.get(anyLong(), any())).thenReturn(new StaffTasks.TaskItem(new CaseProcesses.TaskView(7, "Task",
        "CREATED", null, "Task_X", List.of("test-lab"), "p", 9, null, null, null, null), CASE, null, null, false));
    when(applicantCases.upload(anyString(), anyString(), anyString(), any(), any(), any())).thenReturn(evidence);
    when(applicantCases.uploadDeclared(anyString(), anyString(), anyString(), any(), any(), anyLong(), any(), any()))
        .thenReturn(evidence);
    when(applicantCases.withdraw(anyString(), anyString(), any())).thenReturn("ApplicationWithdrawn");
    Certificate certificate = mock(Certificate.class);
    when(certificate.getStatus()).thenReturn(Certificate.Status.ACTIVE);
    when(applicantCases.certificate(CASE)).thenReturn(Optional.of(certificate));
    when(applicantCases.certificatePdf(CASE)).thenReturn(evidence);
    when(applicantCases.open(evidence)).thenAnswer(i -> new ByteArrayInputStream("%PDF".getBytes()));
    when(tasks.form(anyLong(), any())).thenReturn(Optional.of("{}"));
    when(tasks.upload(anyLong(), anyString(), anyString(), any(), any())).thenReturn(evidence);
    when(registry.certificate(anyString(), any(), any())).thenReturn(Optional.of(new RegistryQueries.CertificateStatus(
        "ECC-2026-000001", 1, "ECC-2026-000001/R1", "Example AI Ltd", "Copilot", "ISO/IEC 42001",
        LocalDate.EPOCH, LocalDate.EPOCH, null, "ACTIVE", true, List.of(), "Copilot")));
    ModelLinter.Report clean = new ModelLinter.Report(true, List.of("a.bpmn"), List.of());
    when(linter.lint(anyList())).thenReturn(clean);
    when(processes.deploy(anyList())).thenReturn(new CaseProcesses.Deployed(1, List.of()));
    when(deployer.deploy(anyList(), anyString(), anyString(), any())).thenReturn(
        new ModelDeployer.Result(new CaseProcesses.Deployed(1, List.of()), clean, 1));
    var bundle = new ModelReleases.Bundle(new ModelReleases.Release(0, "shipped", 0, "ExportCert", Instant.EPOCH,
        null, null), new java.util.TreeMap<>(java.util.Map.of("a.bpmn", "<x/>")));
    when(releases.deployed()).thenReturn(bundle);
    when(releases.get(anyLong())).thenReturn(Optional.of(bundle));
    when(drafts.get(anyLong(), any())).thenReturn(new ModelDrafts.Draft(new ModelDrafts.Summary(3, "x", "manager",
        ModelDrafts.Status.OPEN, 1, Instant.EPOCH, Instant.EPOCH, "manager", 0, null, null, null), bundle.files()));
    when(console.definitionXml(anyLong())).thenReturn("<definitions/>");
    when(pathChecks.latest(anyLong(), anyInt())).thenReturn(Optional.of(new org.exportcert.api.models.ModelPathChecks.Run(
        1, 3, 1, "manager", Instant.EPOCH, Instant.EPOCH, true, List.of(), java.util.Map.of(), null)));
    when(console.pipeline()).thenReturn(Optional.of(new ConsoleProcesses.Pipeline(
        new CaseProcesses.DefinitionView(9, "certification-case", "Certification case", 1, null, "c.bpmn"),
        0, List.of())));
    when(backups.write(any())).thenReturn(new org.exportcert.api.localstack.backup.BackupManifest(
        "exportcert-backup", 1, Instant.EPOCH, "test", "8.8.0", 1, 0, "14", java.util.Map.of(), "b", List.of(),
        List.of(), List.of(), List.of()));
    when(operations.retry(anyLong(), anyInt(), anyString(), any())).thenReturn(
        new Operations.IncidentItem(null, CASE));
  }

  @Test
  void everyRoleGetsExactlyWhatTheTableAllows() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Row row : TABLE) {
      for (String user : EVERYONE) {
        MockHttpServletRequestBuilder request = row.request().get();
        if (!user.equals(ANON)) {
          request = request.with(as(user));
        }
        int status = mvc.perform(request).andReturn().getResponse().getStatus();
        String expected;
        boolean ok;
        if (row.allowed().contains(user)) {
          expected = "2xx";
          ok = status >= 200 && status < 300;
        } else if (user.equals(ANON)) {
          expected = "401/403";
          ok = status == 401 || status == 403;
        } else if (row.ownership() && user.equals("applicant2")) {
          expected = "404 (not their organisation's case)";
          ok = status == 404;
        } else {
          expected = "403";
          ok = status == 403;
        }
        if (!ok) {
          mismatches.add(String.format("%-52s %-11s expected %s, got %d", row.name(), user, expected, status));
        }
      }
    }
    assertThat(mismatches).as("authorization matrix").isEmpty();
  }

  @Test
  void everyEndpointIsInTheTable() {
    Set<String> inTable = new java.util.TreeSet<>();
    TABLE.forEach(r -> inTable.add(r.name()));
    Set<String> mapped = new java.util.TreeSet<>();
    mappings.getHandlerMethods().forEach((info, method) -> {
      if (!method.getBeanType().getPackageName().startsWith("org.exportcert.api")) {
        return;
      }
      for (String path : info.getPatternValues()) {
        for (var m : info.getMethodsCondition().getMethods()) {
          mapped.add(m.name() + " " + path);
        }
      }
    });
    assertThat(mapped).hasSizeGreaterThan(25);
    assertThat(inTable).containsAll(mapped);
  }

  // --------------------------------------------------------------------------------------------

  static Row row(String name, Supplier<MockHttpServletRequestBuilder> request, Set<String> allowed) {
    return new Row(name, request, allowed, false);
  }

  static Row owned(String name, Supplier<MockHttpServletRequestBuilder> request) {
    return new Row(name, request, OWNER, true);
  }

  static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder b, String body) {
    return b.contentType(MediaType.APPLICATION_JSON).content(body);
  }

  static MockHttpServletRequestBuilder signedPartnerCall() {
    String body = "{\"outcome\":\"ACCEPTED\",\"partnerReference\":\"IMDA-1\"}";
    String ts = Long.toString(Instant.now().getEpochSecond());
    return post("/api/partner/recognitions/" + CASE + "/SG")
        .contentType(MediaType.APPLICATION_JSON).content(body)
        .header("X-ExportCert-Partner", "sg-imda")
        .header("X-ExportCert-Timestamp", ts)
        .header("X-ExportCert-Signature", "sha256=" + WebhookSignature.sign("test-partner-secret", ts,
            body.getBytes(StandardCharsets.UTF_8)));
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }
}
