package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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

  @Test
  void flywayHasMigratedTheSchema() {
    assertThat(flyway.info().current()).isNotNull();
    assertThat(flyway.info().pending()).isEmpty();
  }

  @Test
  void anEntitySurvivesARoundTripThroughPostgres() {
    AuditEntry saved = auditTrail.record("test", "ROUND_TRIP", "case", "EC-TEST-1", "foundation check");
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
}
