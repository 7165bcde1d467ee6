package org.exportcert.api.localstack.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.exportcert.ExportCertApplication;
import org.exportcert.api.localstack.TestDataDirectories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The operator's backup of a running application, restored into an empty data directory, and the
 * cases in it taken on to the public registry there, with the shipped models, the real workers and
 * ExportCert's engine: one case waiting at document review, one at testing with the lab's report
 * attached, and one applied for while the backup was being written.
 */
class BackupRestoreOnLocalStackTest {

  private static final List<String> USERS = List.of("applicant", "applicant2", "cbreviewer", "evaluator", "lab",
      "reviewer", "committee", "registrar", "appeals", "manager", "manager2", "operator");

  private static ConfigurableApplicationContext start(Path dataDir) {
    List<String> args = new ArrayList<>(List.of(
        "--exportcert.data-dir=" + dataDir,
        "--server.port=0",
        "--exportcert.local-stack.postgres-port=0",
        "--exportcert.local-stack.s3-port=0",
        "--exportcert.local-stack.engine-port=0",
        "--exportcert.local-stack.engine-grpc-port=0",
        "--exportcert.workers.enabled=true",
        "--exportcert.outbox.poll-interval=PT0.5S",
        "--camunda.client.request-timeout=PT60S"));
    USERS.forEach(u -> args.add("--exportcert.security.users." + u + ".password=" + u + "-pw"));
    return new SpringApplicationBuilder(ExportCertApplication.class).run(args.toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext app) {
    return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  /** The one curl line of the README, as a Java HTTP client. */
  private static HttpResponse<Path> backup(int port, String user, Path file) throws Exception {
    String basic = Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/operations/backup"))
            .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofFile(file));
  }

  @Test
  void aBackupTakenMidPipelineRestoresIntoAnEmptyDirectoryAndItsCasesGoOnToTheRegistry() throws Exception {
    Path original = TestDataDirectories.fresh("BackupRestore-original");
    Path restored = TestDataDirectories.fresh("BackupRestore-restored");
    Path archive = original.resolveSibling("BackupRestore-backup.zip");
    Files.deleteIfExists(archive);

    String atReview;
    String atTesting;
    String duringBackup;
    Map<String, byte[]> reviewDocuments;
    Map<String, byte[]> testingDocuments;
    byte[] report;
    long labTask;
    int auditEntriesBefore;
    try (ConfigurableApplicationContext app = start(original)) {
      PipelineSteps steps = new PipelineSteps(port(app));
      atReview = steps.apply("Backup Alpha");
      reviewDocuments = steps.uploadTechnicalFile(atReview);
      atTesting = steps.apply("Backup Beta");
      testingDocuments = steps.uploadTechnicalFile(atTesting);
      steps.toDocumentReview(atReview);
      steps.toDocumentReview(atTesting);
      steps.documentsConform(atTesting);
      Map.Entry<Long, byte[]> attached = steps.labAttachesReport(atTesting);
      labTask = attached.getKey();
      report = attached.getValue();
      auditEntriesBefore = steps.auditVerification().path("entriesChecked").asInt();

      // only operators take backups
      assertThat(backup(port(app), "evaluator", archive).statusCode()).isEqualTo(403);
      // the application keeps working while the archive is written: an applicant applies meanwhile
      CompletableFuture<String> applying = CompletableFuture.supplyAsync(() -> {
        try {
          return steps.apply("Backup Gamma");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      HttpResponse<Path> written = backup(port(app), "operator", archive);
      assertThat(written.statusCode()).isEqualTo(200);
      assertThat(written.headers().firstValue("Content-Disposition").orElse("")).contains("exportcert-backup-");
      duringBackup = applying.join();
    }

    BackupManifest manifest = Restore.verify(archive);
    assertThat(manifest.parts()).extracting(BackupManifest.Part::path)
        .contains("database/evidence.copy", "database/audit_entry.copy", BackupService.STAMP_KEY)
        .anyMatch(p -> p.matches("engine/journal(-\\d+)?\\.log"))
        .noneMatch(p -> p.endsWith("client-credentials.properties"));
    assertThat(manifest.journalRecords()).isPositive();
    assertThat(manifest.objects()).hasSizeGreaterThanOrEqualTo(reviewDocuments.size() + testingDocuments.size() + 1);
    assertThat(manifest.schema()).containsKeys("flyway_schema_history", "api_schema_history");

    // restore refuses a directory that is not empty, and fills an empty one
    assertThat(RestoreCommand.run(new String[] {archive.toString(), "--data-dir=" + original},
        System.out, System.err)).isEqualTo(1);
    assertThat(RestoreCommand.run(new String[] {archive.toString(), "--data-dir=" + restored},
        System.out, System.err)).isZero();
    assertThat(restored.resolve("postgres-credentials.properties")).exists();
    assertThat(restored.resolve("engine")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("journal"));

    try (ConfigurableApplicationContext app = start(restored)) {
      PipelineSteps steps = new PipelineSteps(port(app));

      // every document comes back byte for byte, its SHA-256 checked on the way out
      for (Map.Entry<String, byte[]> doc : reviewDocuments.entrySet()) {
        String id = steps.evidenceIdOf(atReview, PipelineSteps.sha256(doc.getValue()));
        assertThat(steps.operatorDownload(atReview, id)).isEqualTo(doc.getValue());
      }
      String reportId = steps.evidenceIdOf(atTesting, PipelineSteps.sha256(report));
      assertThat(steps.operatorDownload(atTesting, reportId)).isEqualTo(report);
      JsonNode chain = steps.auditVerification();
      assertThat(chain.path("intact").asBoolean()).as(chain.toString()).isTrue();
      assertThat(chain.path("entriesChecked").asInt()).isGreaterThanOrEqualTo(auditEntriesBefore);

      // the case at testing: the lab's claimed task is still its own, with the report attached
      steps.testedToRegistry(atTesting, labTask, reportId);
      // the case at document review goes the whole way from where it waited
      steps.documentsConform(atReview);
      Map.Entry<Long, byte[]> alphaReport = steps.labAttachesReport(atReview);
      steps.testedToRegistry(atReview, alphaReport.getKey(),
          steps.evidenceIdOf(atReview, PipelineSteps.sha256(alphaReport.getValue())));

      for (String[] listed : new String[][] {{"Backup Alpha", atReview}, {"Backup Beta", atTesting}}) {
        JsonNode line = steps.awaitRegistryLine(listed[0]);
        assertThat(line.path("provider").asText()).isEqualTo(PipelineSteps.ORGANISATION);
        assertThat(line.path("status").asText()).isEqualTo("LISTED");
        List<String> actions = steps.operatorDetail(listed[1]).path("audit").findValuesAsText("action");
        // what happened before the backup and what happened after it, on one trail
        assertThat(actions).contains("case.submitted", "evidence.stored", "case.answer.AgreementSigned",
            "documents.findings", "testing.report.imported", "decision.grant", "certificate.issued", "registry.listed");
      }
      chain = steps.auditVerification();
      assertThat(chain.path("intact").asBoolean()).as(chain.toString()).isTrue();

      // the application filed while the backup ran: if the backup holds it, its process runs
      if (steps.get("applicant", "/api/cases/mine/" + duringBackup).getStatusCode().is2xxSuccessful()) {
        org.awaitility.Awaitility.await("process of " + duringBackup).atMost(java.time.Duration.ofSeconds(120))
            .ignoreExceptions().untilAsserted(() ->
                assertThat(steps.operatorDetail(duringBackup).path("processInstanceKey").asLong()).isPositive());
      }
    }
  }
}
