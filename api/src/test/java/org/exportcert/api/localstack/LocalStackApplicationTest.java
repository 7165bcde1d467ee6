package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.exportcert.certification.audit.AuditEntry;
import org.exportcert.certification.audit.AuditEntryRepository;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.evidence.ObjectStorageProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The whole local stack, as command 1 starts it, on free ports. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/LocalStackApplicationTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0"
    })
@org.exportcert.api.testing.KnownUserPasswords
class LocalStackApplicationTest {

  static {
    TestDataDirectories.fresh("LocalStackApplicationTest");
  }

  @Autowired Flyway flyway;
  @Autowired AuditEntryRepository audit;
  @Autowired AuditTrail auditTrail;
  @Autowired MinioClient minio;
  @Autowired ObjectStorageProperties storage;
  @Autowired TestRestTemplate http;
  @Autowired io.camunda.client.CamundaClient camunda;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  @Test
  void flywayHasMigratedTheSchema() {
    assertThat(flyway.info().current()).isNotNull();
    assertThat(flyway.info().pending()).isEmpty();
  }

  @Test
  void anEntitySurvivesARoundTripThroughPostgres() {
    AuditEntry saved = auditTrail.recordNow("test", "ROUND_TRIP", "case", "EC-TEST-1", "foundation check");
    AuditEntry read = audit.findById(saved.getId()).orElseThrow();
    assertThat(read.getSubjectId()).isEqualTo("EC-TEST-1");
    assertThat(read.getReason()).isEqualTo("foundation check");
    assertThat(read.getEntryHash()).isEqualTo(saved.getEntryHash());
  }

  @Test
  void anObjectWrittenToS3ReadsBackThroughTheMinioClient() throws Exception {
    byte[] content = "evidence bytes".getBytes(StandardCharsets.UTF_8);
    minio.putObject(
        PutObjectArgs.builder().bucket(storage.bucket()).object("foundation/check.txt")
            .stream(new ByteArrayInputStream(content), (long) content.length, null)
            .contentType("text/plain")
            .build());
    try (var in =
        minio.getObject(
            GetObjectArgs.builder().bucket(storage.bucket()).object("foundation/check.txt").build())) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthIsUpWithDatabaseObjectStorageAndCamundaClient() {
    // the checks are shown to operators; anonymous callers see the status only
    ResponseEntity<Map> response =
        http.withBasicAuth("operator", "operator-pw").getForEntity("/actuator/health", Map.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).containsEntry("status", "UP");
    Map<String, Map<String, Object>> components =
        (Map<String, Map<String, Object>>) response.getBody().get("components");
    assertThat(components.get("db")).containsEntry("status", "UP");
    assertThat(components.get("objectStorage")).containsEntry("status", "UP");
    assertThat(components.get("camundaClient")).containsEntry("status", "UP");
  }

  @Test
  void theShippedModelsAreDeployedAtStart() {
    var definitions =
        camunda.newProcessDefinitionSearchRequest()
            .filter(f -> f.processDefinitionId("certification-case"))
            .send()
            .join()
            .items();
    assertThat(definitions).hasSize(1);
    assertThat(definitions.get(0).getVersion()).isEqualTo(1);
  }

  @Test
  void theOpenApiDocumentIsServed() {
    ResponseEntity<String> response = http.getForEntity("/v3/api-docs", String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).contains("\"openapi\"");
  }

  /** A decision task and the shipped recording step after it, as the models pair them. */
  static final String DECISION_MODEL = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs" targetNamespace="http://exportcert.org/test">
        <bpmn:process id="decision-outside-exportcert" isExecutable="true">
          <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:userTask id="Task_DecideCertification">
            <bpmn:extensionElements><zeebe:userTask />
              <zeebe:assignmentDefinition candidateGroups="decision-committee" /></bpmn:extensionElements>
            <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
          </bpmn:userTask>
          <bpmn:serviceTask id="Task_RecordDecision">
            <bpmn:extensionElements>
              <zeebe:taskDefinition type="exportcert.decision.record-decision" retries="3" />
              <zeebe:ioMapping><zeebe:input source="CERTIFICATION" target="decisionType" /></zeebe:ioMapping>
              <zeebe:taskHeaders><zeebe:header key="stampedUserTask" value="Task_DecideCertification" /></zeebe:taskHeaders>
            </bpmn:extensionElements>
            <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
          </bpmn:serviceTask>
          <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task_DecideCertification" />
          <bpmn:sequenceFlow id="f2" sourceRef="Task_DecideCertification" targetRef="Task_RecordDecision" />
          <bpmn:sequenceFlow id="f3" sourceRef="Task_RecordDecision" targetRef="End" />
        </bpmn:process>
      </bpmn:definitions>
      """;

  @Test
  void aDecisionCompletedOnTheEnginePortBecomesAnIncidentAndNeverADecision() {
    String caseId = "EC-2026-999001";
    camunda.newDeployResourceCommand()
        .addResourceStringUtf8(DECISION_MODEL, "decision-outside-exportcert.bpmn").send().join();
    long instance = camunda.newCreateInstanceCommand().bpmnProcessId("decision-outside-exportcert")
        .latestVersion().variables(Map.of("caseId", caseId)).send().join().getProcessInstanceKey();
    long task = await("the decision task").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> camunda.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(instance))
            .send().join().items(), items -> !items.isEmpty())
        .get(0).getUserTaskKey();

    // what anyone with access to the engine could do: complete it there, with no ExportCert check
    camunda.newCompleteUserTaskCommand(task)
        .variables(Map.of("decisionOutcome", "GRANT", "decisionRationale", "completed on the engine port"))
        .send().join();

    var incidents = await("an incident on the recording step").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> camunda.newIncidentSearchRequest().filter(f -> f.processInstanceKey(instance))
            .send().join().items(), items -> !items.isEmpty());
    assertThat(incidents.get(0).getElementId()).isEqualTo("Task_RecordDecision");
    assertThat(incidents.get(0).getErrorMessage()).contains("completed outside ExportCert");
    assertThat(jdbc.queryForObject("select count(*) from decision where case_id = ?", Integer.class, caseId))
        .isZero();
  }

  /** The independent review and the check the shipped certification-decision model puts after it. */
  static String independentReviewModel() throws java.io.IOException {
    String shipped = new org.springframework.core.io.ClassPathResource("models/certification-decision.bpmn")
        .getContentAsString(StandardCharsets.UTF_8);
    String check = shipped.substring(shipped.indexOf("<bpmn:serviceTask id=\"Task_CheckReviewCertificationFile\""));
    check = check.substring(check.indexOf("<bpmn:extensionElements>"), check.indexOf("</bpmn:extensionElements>"))
        + "</bpmn:extensionElements>";
    return DECISION_MODEL.replace("decision-outside-exportcert", "review-outside-exportcert")
        .replace("Task_DecideCertification", "Task_ReviewCertificationFile")
        .replace("Task_RecordDecision", "Task_CheckReviewCertificationFile")
        .replaceAll("(?s)(<bpmn:serviceTask id=\"Task_CheckReviewCertificationFile\">\\s*)<bpmn:extensionElements>.*?"
            + "</bpmn:extensionElements>", "$1" + java.util.regex.Matcher.quoteReplacement(check));
  }

  @Test
  void anIndependentReviewCompletedOnTheEnginePortStopsAtTheShippedCheckAsAnIncident() throws Exception {
    String model = independentReviewModel();
    assertThat(model).contains("exportcert.case.check-completion").contains("value=\"Task_ReviewCertificationFile\"");
    camunda.newDeployResourceCommand().addResourceStringUtf8(model, "review-outside-exportcert.bpmn").send().join();
    long instance = camunda.newCreateInstanceCommand().bpmnProcessId("review-outside-exportcert")
        .latestVersion().variables(Map.of("caseId", "EC-2026-999002")).send().join().getProcessInstanceKey();
    long task = await("the review task").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> camunda.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(instance))
            .send().join().items(), items -> !items.isEmpty())
        .get(0).getUserTaskKey();

    camunda.newCompleteUserTaskCommand(task).variables(Map.of("reviewRecommendation", "GRANT")).send().join();

    var incidents = await("an incident on the check").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> camunda.newIncidentSearchRequest().filter(f -> f.processInstanceKey(instance))
            .send().join().items(), items -> !items.isEmpty());
    assertThat(incidents.get(0).getElementId()).isEqualTo("Task_CheckReviewCertificationFile");
    assertThat(incidents.get(0).getErrorMessage())
        .contains("Task_ReviewCertificationFile was completed outside ExportCert").contains("未记录");
    // the path stops there: the end is not reached
    assertThat(camunda.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join()
        .items().get(0).getState().name()).isEqualTo("ACTIVE");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aKilledEmbeddedPostgresIsStartedAgainAndTheApplicationCarriesOn() throws Exception {
    Path pidFile = Path.of("target/test-data/LocalStackApplicationTest/postgres/postmaster.pid");
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    postmaster.destroyForcibly(); // kill -9
    postmaster.onExit().join();

    AuditEntry written = await("the database back").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> auditTrail.recordNow("test", "AFTER_CRASH", "case", "EC-TEST-2", null), e -> e != null);
    assertThat(audit.findById(written.getId())).isPresent();
    assertThat(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())).isNotEqualTo(pid);
    ResponseEntity<Map> liveness = http.getForEntity("/actuator/health/liveness", Map.class);
    assertThat(liveness.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(liveness.getBody()).containsEntry("status", "UP");
  }
}
