package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The application on real PostgreSQL and MinIO containers instead of the embedded ones. Runs where
 * Docker exists; reported as skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(
    properties = {
      "exportcert.data-dir=target/test-data/ExternalServicesContainerTest",
      "exportcert.local-stack.postgres-enabled=false",
      "exportcert.local-stack.s3-enabled=false",
      "exportcert.local-stack.engine-port=0"
    })
class ExternalServicesContainerTest {

  @Container @ServiceConnection
  static PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:16-alpine");

  @Container
  static MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

  @DynamicPropertySource
  static void objectStorage(DynamicPropertyRegistry registry) {
    registry.add("exportcert.s3.endpoint", minio::getS3URL);
    registry.add("exportcert.s3.access-key", minio::getUserName);
    registry.add("exportcert.s3.secret-key", minio::getPassword);
  }

  @Autowired DataSource dataSource;
  @Autowired MinioClient client;

  @Test
  void migratesTheContainerDatabase() throws Exception {
    try (var c = dataSource.getConnection();
        var rs = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isPositive();
    }
  }

  @Test
  void storesEvidenceInMinio() throws Exception {
    byte[] content = "in minio".getBytes(StandardCharsets.UTF_8);
    client.putObject(
        PutObjectArgs.builder().bucket("exportcert-evidence").object("tc/check.txt")
            .stream(new ByteArrayInputStream(content), (long) content.length, null)
            .build());
    try (var in =
        client.getObject(
            GetObjectArgs.builder().bucket("exportcert-evidence").object("tc/check.txt").build())) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }
}
