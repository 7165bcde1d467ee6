package org.exportcert.api.localstack.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.exportcert.api.testing.MultipartBodies.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.api.e2e.TestReports;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP steps people take on a case (local users {@code <name>} / {@code <name>-pw}), against
 * whichever running application {@link #apiUrl} names; the backup test points it at the original
 * and then at the restored one, browser tests bring a case to the step they show with it.
 */
public final class PipelineSteps {

  static final String ORGANISATION = "Example AI Ltd"; // the local applicant's organisation
  static final List<String> DOCUMENT_KINDS =
      List.of("ARCHITECTURE", "DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION", "API_SPECIFICATION");
  private static final Duration STEP = Duration.ofSeconds(120);

  private final ObjectMapper json = new ObjectMapper();
  private final String apiUrl;
  private final String applicant;
  private final String organisation;

  PipelineSteps(int port) {
    this(port, "applicant", ORGANISATION);
  }

  /** Steps of the local applicant user {@code applicant}, whose account belongs to {@code organisation}. */
  public PipelineSteps(int port, String applicant, String organisation) {
    this.apiUrl = "http://localhost:" + port;
    this.applicant = applicant;
    this.organisation = organisation;
  }

  public String apply(String product) throws Exception {
    String registration = ORGANISATION.equals(organisation) ? "HRB-2026-BACKUP" : "HRB-" + Integer.toHexString(organisation.hashCode());
    String form = """
        {"legalName":"%s","registrationNumber":"%s","address":"1 Harbour Road",
         "contactName":"Ada Vendor","contactEmail":"ada@example.com",
         "productName":"%s","deploymentBoundary":"EU region of the vendor's cloud",
         "versions":[{"label":"1.0","modelIdentifiers":"%s-1.0"}],
         "category":"AI_SAAS","schemeType":"TYPE_6","schemeVersion":"2026.1",
         "intendedPurpose":"Drafting customer-service replies","targetMarkets":["SG"],
         "referenceFrameworks":["ISO_IEC_23053","ISO_IEC_27001","ITU_T_Y3174"],"notLodgedElsewhere":true}
        """.formatted(organisation, registration, product, product.toLowerCase().replace(' ', '-'));
    ResponseEntity<String> created = post(applicant, "/api/applications", form);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    return json.readTree(created.getBody()).path("caseId").asText();
  }

  /** Uploads the technical file; answers file name to its bytes. */
  public Map<String, byte[]> uploadTechnicalFile(String caseId) throws Exception {
    Map<String, byte[]> uploaded = new LinkedHashMap<>();
    for (String kind : DOCUMENT_KINDS) {
      String name = kind.toLowerCase().replace('_', '-') + ".pdf";
      byte[] pdf = ("%PDF-1.7\n% " + kind + " of " + caseId + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
      ResponseEntity<String> up = client(applicant).exchange(
          "/api/cases/" + caseId + "/documents?kind=" + kind, HttpMethod.POST, files("file", name, pdf), String.class);
      assertThat(up.getStatusCode()).as(up.getBody()).isEqualTo(HttpStatus.CREATED);
      uploaded.put(name, pdf);
    }
    return uploaded;
  }

  /** Eligibility accepted and the agreement signed: the case waits at document review. */
  public void toDocumentReview(String caseId) throws Exception {
    awaitCase(caseId, "ELIGIBILITY", "ELIGIBILITY_REVIEW");
    claimAndComplete("cbreviewer", awaitTask("cbreviewer", caseId, "Task_ReviewApplication"),
        Map.of("eligibilityOutcome", "ACCEPTED", "riskLevel", "MEDIUM"));
    awaitCase(caseId, "ELIGIBILITY", "ACCEPTED");
    await("agreement request").atMost(STEP).ignoreExceptions().untilAsserted(() -> {
      ResponseEntity<String> r = post(applicant, "/api/cases/" + caseId + "/answers",
          "{\"message\":\"AgreementSigned\",\"note\":\"Signed by the managing director\"}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    });
    awaitCase(caseId, "DOCUMENT_REVIEW", "AGREEMENT_SIGNED");
    awaitTask("evaluator", caseId, "Task_ReviewTechnicalFile");
  }

  public void documentsConform(String caseId) throws Exception {
    claimAndComplete("evaluator", awaitTask("evaluator", caseId, "Task_ReviewTechnicalFile"),
        Map.of("documentReviewOutcome", "CONFORM"));
    awaitCase(caseId, "TESTING", "TESTING");
  }

  /** The lab claims its task and attaches the report; answers the task key and the report's bytes. */
  public Map.Entry<Long, byte[]> labAttachesReport(String caseId) throws Exception {
    long task = awaitTask("lab", caseId, "Task_RunTests");
    claim("lab", task);
    byte[] bytes = TestReports.passing("ALPHA-BACKUP-" + caseId, caseId, "1.0");
    ResponseEntity<String> up = client("lab").exchange("/api/tasks/" + task + "/evidence?kind=TEST_REPORT",
        HttpMethod.POST, files("file", "test-report.json", bytes), String.class);
    assertThat(up.getStatusCode()).as(up.getBody()).isEqualTo(HttpStatus.CREATED);
    return Map.entry(task, bytes);
  }

  public String evidenceIdOf(String caseId, String sha256) throws Exception {
    for (JsonNode d : caseFile(caseId).path("documents")) {
      if (sha256.equals(d.path("sha256").asText())) {
        return d.path("evidenceId").asText();
      }
    }
    throw new AssertionError("no document with SHA-256 " + sha256 + " on " + caseId);
  }

  /** From the lab's completed task to the public registry. */
  void testedToRegistry(String caseId, long labTask, String reportEvidenceId) throws Exception {
    complete("lab", labTask, Map.of("testReportEvidenceId", reportEvidenceId));
    awaitCase(caseId, "DECISION", "UNDER_REVIEW");
    claimAndComplete("reviewer", awaitTask("reviewer", caseId, "Task_ReviewCertificationFile"),
        Map.of("reviewRecommendation", "GRANT"));
    claimAndComplete("committee", awaitTask("committee", caseId, "Task_DecideCertification"), Map.of(
        "decisionOutcome", "GRANT",
        "decisionRationale", "Documentation conforms; base test suites passed without nonconformities.",
        "impartialityConfirmed", true));
    awaitCase(caseId, "DECISION", "GRANTED");
    claimAndComplete("registrar", awaitTask("registrar", caseId, "Task_ApproveListing"), Map.of("listingApproved", true));
    awaitCase(caseId, "MAINTENANCE", "CERTIFIED"); // a certified case is under surveillance
  }

  /** From the lab's completed task to a refusal with its reasons: the appeal window opens. */
  public void testedToRefusal(String caseId, long labTask, String reportEvidenceId, String rationale) throws Exception {
    complete("lab", labTask, Map.of("testReportEvidenceId", reportEvidenceId));
    awaitCase(caseId, "DECISION", "UNDER_REVIEW");
    claimAndComplete("reviewer", awaitTask("reviewer", caseId, "Task_ReviewCertificationFile"),
        Map.of("reviewRecommendation", "REFUSE"));
    claimAndComplete("committee", awaitTask("committee", caseId, "Task_DecideCertification"), Map.of(
        "decisionOutcome", "REFUSE", "decisionRationale", rationale, "impartialityConfirmed", true));
    awaitCase(caseId, "DECISION", "REFUSED");
  }

  JsonNode awaitRegistryLine(String service) {
    return await("registry lists " + service).atMost(STEP).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .until(() -> {
          ResponseEntity<String> r = anonymous().getForEntity("/api/public/registry?service={s}", String.class, service);
          for (JsonNode l : json.readTree(r.getBody()).path("items")) {
            if (service.equals(l.path("serviceName").asText())) {
              return l;
            }
          }
          return null;
        }, l -> l != null);
  }

  public void awaitCase(String caseId, String phase, String status) {
    await("case " + caseId + " in " + phase + "/" + status).atMost(STEP).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions().untilAsserted(() -> {
          ResponseEntity<String> r = get(applicant, "/api/cases/mine/" + caseId);
          JsonNode summary = json.readTree(r.getBody()).path("summary");
          assertThat(summary.path("phase").asText()).isEqualTo(phase);
          assertThat(summary.path("status").asText()).isEqualTo(status);
        });
  }

  public long awaitTask(String user, String caseId, String elementId) {
    return await(elementId + " offered to " + user).atMost(STEP).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions().until(() -> {
          ResponseEntity<String> r = get(user, "/api/tasks?scope=groups");
          for (JsonNode item : json.readTree(r.getBody())) {
            if (caseId.equals(item.path("caseId").asText())
                && elementId.equals(item.path("task").path("elementId").asText())) {
              return item.path("task").path("key").asLong();
            }
          }
          return null;
        }, k -> k != null);
  }

  void claim(String user, long key) {
    ResponseEntity<String> r = post(user, "/api/tasks/" + key + "/claim",
        "{\"declaration\":\"No ties to " + organisation + "\",\"conflict\":false}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
  }

  void complete(String user, long key, Map<String, Object> variables) throws Exception {
    ResponseEntity<String> r = post(user, "/api/tasks/" + key + "/complete",
        json.writeValueAsString(Map.of("variables", variables)));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  void claimAndComplete(String user, long key, Map<String, Object> variables) throws Exception {
    claim(user, key);
    complete(user, key, variables);
  }

  JsonNode caseFile(String caseId) throws Exception {
    ResponseEntity<String> r = get("operator", "/api/operations/cases/" + caseId + "/case-file");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  JsonNode operatorDetail(String caseId) throws Exception {
    ResponseEntity<String> r = get("operator", "/api/operations/cases/" + caseId);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  JsonNode auditVerification() throws Exception {
    return json.readTree(get("operator", "/api/operations/audit/verification").getBody());
  }

  byte[] operatorDownload(String caseId, String evidenceId) {
    ResponseEntity<byte[]> r = client("operator").getForEntity(
        "/api/operations/cases/" + caseId + "/documents/" + evidenceId, byte[].class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  TestRestTemplate anonymous() {
    return new TestRestTemplate(new RestTemplateBuilder().rootUri(apiUrl));
  }

  TestRestTemplate client(String user) {
    return new TestRestTemplate(new RestTemplateBuilder().rootUri(apiUrl), user, user + "-pw");
  }

  ResponseEntity<String> get(String user, String path) {
    return client(user).getForEntity(path, String.class);
  }

  ResponseEntity<String> post(String user, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client(user).postForEntity(path, new HttpEntity<>(body, headers), String.class);
  }

  public static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
