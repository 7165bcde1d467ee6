package org.exportcert.api.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.api.testing.MultipartBodies.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.exportcert.api.partner.ReplayGuard;
import org.exportcert.api.testing.KnownUserPasswords;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The API on a whole stack, through HTTP only: a program manager deploys a small stand-in for the
 * case model, an applicant applies and uploads, a reviewer claims and completes the task, an
 * operator follows the case. The real models need decisions and workers the engine and branch do
 * not have yet; the lead's end-to-end test covers those once they land.
 *
 * <p>The same scenario runs on two stacks: the embedded one ({@link ApiOnLocalStackTest}:
 * PostgreSQL, S3 and ExportCert's engine in the JVM) and containers ({@link ApiOnContainersTest}:
 * Camunda's official image, PostgreSQL and MinIO, under {@code -Pcamunda-it}). What it reads of
 * the engine's state (definitions, task lists, an instance's path) it reads with
 * {@link #eventually}, since a real cluster answers searches a moment after the command.
 */
@KnownUserPasswords
@TestPropertySource(
    properties = {
      "exportcert.workers.enabled=false"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiScenario {

  /** The case this run creates, shared by the ordered steps. */
  String caseId;

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired ReplayGuard replays;
  final ObjectMapper json = new ObjectMapper();

  static final String FORM =
      """
      {"executionPlatform":"Camunda Cloud","schemaVersion":16,"id":"stand-in-review","type":"default",
       "components":[{"type":"radio","key":"reviewRecommendation","id":"Field_Rec",
         "values":[{"label":"Grant","value":"GRANT"},{"label":"Refuse","value":"REFUSE"}],
         "validate":{"required":true}}]}
      """;

  static byte[] standInCaseModel() {
    return Bpmn.convertToString(Bpmn.createExecutableProcess("certification-case").name("Certification case")
            .startEvent("StartEvent_ApplicationReceived").name("Application received")
            .userTask("Task_Review").name("Review the file").zeebeUserTask()
            .zeebeFormId("stand-in-review").zeebeFormBindingType(ZeebeBindingType.deployment).zeebeCandidateGroups("reviewers")
            // a reviewer's outcome counts only if ExportCert completed the task (the lint asks for it)
            .serviceTask("Task_CheckReview").name("Check completed in ExportCert")
            .zeebeJobType("exportcert.case.check-completion").zeebeInputExpression("caseId", "caseId")
            .zeebeTaskHeader("stampedUserTask", "Task_Review").zeebeOutputExpression("null", "completionStamp")
            .endEvent("EndEvent_Reviewed").name("Reviewed").done())
        .getBytes(StandardCharsets.UTF_8);
  }

  TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user + "-pw");
  }

  JsonNode read(ResponseEntity<String> r) throws Exception {
    return json.readTree(r.getBody());
  }

  /** A check that may need to be repeated until the engine's searches show the last command. */
  interface Check<T> {
    T run() throws Exception;
  }

  /**
   * Repeats the check until it passes, for up to 30 seconds. On the embedded engine it passes at
   * once; on Camunda, searches answer from secondary storage, filled just after each command.
   */
  static <T> T eventually(Check<T> check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return check.run();
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(250);
      }
    }
  }

  @Test
  @Order(1)
  void aManagerDeploysALintedBundleToTheEngine() throws Exception {
    var deployed = as("manager").postForEntity("/api/models/deployments",
        files("files", "certification-case.bpmn", standInCaseModel(), "stand-in-review.form",
            FORM.getBytes(StandardCharsets.UTF_8)), String.class);
    assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.CREATED);
    eventually(() -> {
      var definitions = read(as("manager").getForEntity("/api/models", String.class));
      assertThat(definitions.findValuesAsText("processDefinitionId")).contains("certification-case");
      return definitions;
    });
    var refused = as("manager").postForEntity("/api/models/deployments",
        files("files", "broken.bpmn", "<definitions/>".getBytes(StandardCharsets.UTF_8)), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
  }

  @Test
  @Order(2)
  void anApplicantAppliesAndTheCaseProcessStarts() throws Exception {
    String form = """
        {"legalName":"Example AI Ltd","registrationNumber":"HRB-4711","contactEmail":"c@example.com",
         "productName":"Copilot","versions":[{"label":"1.0","modelIdentifiers":"m-1"}],
         "category":"AI_SAAS","schemeType":"%s","schemeVersion":"2026.1","targetMarkets":["SG","EU"],
         "referenceFrameworks":["ISO_IEC_27001"],"notLodgedElsewhere":true}
        """.formatted(org.exportcert.certification.casefile.SchemeType.values()[0].name());
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    var created = as("applicant").postForEntity("/api/applications", new HttpEntity<>(form, headers), String.class);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    caseId = read(created).path("caseId").asText();
    var mine = read(as("applicant").getForEntity("/api/cases/mine", String.class));
    assertThat(mine.findValuesAsText("caseId")).contains(caseId);
    var one = as("applicant").getForEntity("/api/cases/mine/" + caseId, String.class);
    assertThat(one.getStatusCode()).as(one.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(read(one).path("progress").path("engineAvailable").asBoolean()).isTrue();
    assertThat(as("applicant2").getForEntity("/api/cases/mine/" + caseId, String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  @Order(3)
  void uploadsKeepGoodFilesAndLeaveNothingOfRefusedOnes() throws Exception {
    Integer before = jdbc.queryForObject("select count(*) from evidence", Integer.class);
    var pdf = as("applicant").postForEntity("/api/cases/" + caseId + "/documents?kind=ARCHITECTURE",
        files("file", "architecture.pdf", "%PDF-1.7\nstand-in".getBytes(StandardCharsets.UTF_8)), String.class);
    assertThat(pdf.getStatusCode()).as(pdf.getBody()).isEqualTo(HttpStatus.CREATED);
    var exe = as("applicant").postForEntity("/api/cases/" + caseId + "/documents?kind=ARCHITECTURE",
        files("file", "setup.pdf", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}), String.class);
    assertThat(exe.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    var traversal = as("applicant").postForEntity("/api/cases/" + caseId + "/documents?kind=ARCHITECTURE",
        files("file", "../../etc/passwd", "%PDF-1.7".getBytes(StandardCharsets.UTF_8)), String.class);
    assertThat(traversal.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(jdbc.queryForObject("select count(*) from evidence", Integer.class)).isEqualTo(before + 1);
  }

  @Test
  @Order(4)
  void aReviewerClaimsSeesTheFormAndCompletesTheTask() throws Exception {
    JsonNode item = eventually(() -> {
      var tasks = read(as("reviewer").getForEntity("/api/tasks", String.class));
      JsonNode found = null;
      for (JsonNode t : tasks) {
        if (caseId.equals(t.path("caseId").asText())) {
          found = t;
        }
      }
      assertThat(found).as(tasks.toString()).isNotNull();
      return found;
    });
    long key = item.path("task").path("key").asLong();
    assertThat(item.path("caseFile").path("organisation").asText()).isEqualTo("Example AI Ltd");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    var claimed = as("reviewer").postForEntity("/api/tasks/" + key + "/claim",
        new HttpEntity<>("{\"declaration\":\"No ties to Example AI Ltd\",\"conflict\":false}", headers), String.class);
    assertThat(claimed.getStatusCode()).as(claimed.getBody()).isEqualTo(HttpStatus.OK);
    var form = as("reviewer").getForEntity("/api/tasks/" + key + "/form", String.class);
    assertThat(form.getBody()).contains("reviewRecommendation");
    var wrong = as("reviewer").postForEntity("/api/tasks/" + key + "/complete",
        new HttpEntity<>("{\"variables\":{\"reviewRecommendation\":\"MAYBE\"}}", headers), String.class);
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    var done = as("reviewer").postForEntity("/api/tasks/" + key + "/complete",
        new HttpEntity<>("{\"variables\":{\"reviewRecommendation\":\"GRANT\"}}", headers), String.class);
    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(jdbc.queryForObject(
        "select count(*) from staff_assignment where case_id = ? and person = 'reviewer' and role = 'REVIEWER'",
        Integer.class, caseId)).isEqualTo(1);
  }

  @Test
  @Order(5)
  void anOperatorFindsTheCaseAndFollowsItsPathAndAudit() throws Exception {
    var found = read(as("operator").getForEntity("/api/operations/cases?text=copilot&market=SG", String.class));
    assertThat(found.findValuesAsText("caseId")).contains(caseId);
    JsonNode d = eventually(() -> {
      var detail = as("operator").getForEntity("/api/operations/cases/" + caseId, String.class);
      assertThat(detail.getStatusCode()).as(detail.getBody()).isEqualTo(HttpStatus.OK);
      JsonNode read = read(detail);
      assertThat(read.path("instances").path(0).path("path").findValuesAsText("elementId"))
          .as(detail.getBody())
          .contains("StartEvent_ApplicationReceived", "Task_Review");
      return read;
    });
    assertThat(d.path("audit").findValuesAsText("action"))
        .contains("case.submitted", "case.process.started", "evidence.stored", "task.claimed", "task.completed");
  }

  @Test
  @Order(6)
  void theRegistryAndCertificateQueriesRunOnPostgres() throws Exception {
    jdbc.update("insert into registry_entry (case_id, provider, service_name, category, certificate_number,"
        + " status, valid_from, valid_until, markets_recognised, updated_at)"
        + " values (?, 'Example AI Ltd', 'Copilot', 'AI_SAAS', 'ECC-2026-000001', 'LISTED', current_date,"
        + " current_date + 1000, 'SG,EU', now())", caseId);
    var listed = read(http.getForEntity("/api/public/registry?provider=example&market=SG&status=LISTED", String.class));
    assertThat(listed.path("total").asInt()).isEqualTo(1);
    assertThat(listed.path("items").get(0).path("marketsRecognised").toString()).contains("SG", "EU");
    var none = read(http.getForEntity("/api/public/registry?market=US", String.class));
    assertThat(none.path("total").asInt()).isZero();
    assertThat(http.getForEntity("/api/public/certificates/ECC-2026-000001", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND); // listed, but no certificate row in this test
  }

  @Test
  @Order(7)
  void replaysAreRememberedInTheDatabase() {
    Instant now = Instant.now();
    assertThat(replays.firstSeen("sg-imda", "a".repeat(64), now)).isTrue();
    assertThat(replays.firstSeen("sg-imda", "a".repeat(64), now.plusSeconds(60))).isFalse();
    // long after the window the row is pruned and the same value is new again
    assertThat(replays.firstSeen("sg-imda", "a".repeat(64), now.plusSeconds(3600))).isTrue();
    assertThat(jdbc.queryForObject("select count(*) from api_schema_history where success", Integer.class))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(8)
  void theOpenApiDocumentListsEveryRolesEndpoints() throws Exception {
    var doc = read(http.getForEntity("/v3/api-docs", String.class));
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    var paths = doc.path("paths");
    for (String p : List.of("/api/applications", "/api/cases/mine", "/api/tasks/{key}/complete",
        "/api/public/registry", "/api/partner/recognitions/{caseId}/{market}", "/api/operations/cases",
        "/api/models/deployments")) {
      assertThat(paths.has(p)).as(p).isTrue();
    }
    assertThat(doc.path("tags").findValuesAsText("name"))
        .contains("Applicant", "Staff tasks", "Public registry", "Partner bodies", "Operations", "Models");
  }
}
