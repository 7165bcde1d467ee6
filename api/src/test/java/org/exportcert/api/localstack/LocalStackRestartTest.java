package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.exportcert.ExportCertApplication;
import org.exportcert.certification.audit.AuditEntry;
import org.exportcert.certification.audit.AuditEntryRepository;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.evidence.ObjectStorageProperties;
import org.exportcert.localstack.DataDirectoryLock.DataDirectoryInUseException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What command 1 promises across restarts: data kept, one instance per data directory. */
class LocalStackRestartTest {

  private static ConfigurableApplicationContext start(Path dataDir) {
    return new SpringApplicationBuilder(ExportCertApplication.class)
        .run(
            "--exportcert.data-dir=" + dataDir,
            "--server.port=0",
            "--exportcert.local-stack.postgres-port=0",
            "--exportcert.local-stack.s3-port=0",
            "--exportcert.local-stack.engine-port=0");
  }

  @Test
  void dataWrittenBeforeAStopIsThereAfterAStartOnTheSameDirectory() throws Exception {
    Path dataDir = TestDataDirectories.fresh("LocalStackRestartTest-restart");
    byte[] content = "kept across restarts".getBytes(StandardCharsets.UTF_8);
    long id;
    try (ConfigurableApplicationContext first = start(dataDir)) {
      id = first.getBean(AuditTrail.class).recordNow("test", "KEEP", "case", "EC-KEEP", null).getId();
      first
          .getBean(MinioClient.class)
          .putObject(
              PutObjectArgs.builder()
                  .bucket(first.getBean(ObjectStorageProperties.class).bucket())
                  .object("restart/kept.txt")
                  .stream(new ByteArrayInputStream(content), (long) content.length, null)
                  .build());
    }
    try (ConfigurableApplicationContext second = start(dataDir)) {
      assertThat(second.getBean(AuditEntryRepository.class).findById(id))
          .get()
          .extracting(AuditEntry::getSubjectId)
          .isEqualTo("EC-KEEP");
      try (var in =
          second
              .getBean(MinioClient.class)
              .getObject(
                  GetObjectArgs.builder()
                      .bucket(second.getBean(ObjectStorageProperties.class).bucket())
                      .object("restart/kept.txt")
                      .build())) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
  }

  @Test
  void aSecondInstanceOnTheSameDirectoryFailsWithAClearMessage() {
    Path dataDir = TestDataDirectories.fresh("LocalStackRestartTest-second");
    try (ConfigurableApplicationContext first = start(dataDir)) {
      assertThatThrownBy(() -> start(dataDir))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining("is in use by another ExportCert instance");
      // the refused start must not have disturbed the running one: it still writes and reads
      long id = first.getBean(AuditTrail.class).recordNow("test", "STILL_UP", "case", "EC-UP", null).getId();
      assertThat(first.getBean(AuditEntryRepository.class).findById(id)).isPresent();
    }
  }
}
