package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An object a crash cut off from its row is removed at start; everything else stays. */
class OrphanObjectSweeperTest extends DomainTest {

  @Autowired MinioClient s3;
  @Autowired ObjectStorageProperties storage;
  @Autowired EvidenceRepository rows;
  @Autowired EvidenceStore store;
  @Autowired ApplicationService applications;
  @Autowired Clock clock;

  void put(String key) throws Exception {
    byte[] content = "left over".getBytes(StandardCharsets.UTF_8);
    s3.putObject(PutObjectArgs.builder().bucket(storage.bucket()).object(key)
        .stream(new ByteArrayInputStream(content), (long) content.length, -1L).build());
  }

  boolean exists(String key) {
    try {
      s3.statObject(StatObjectArgs.builder().bucket(storage.bucket()).object(key).build());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  OrphanObjectSweeper sweeper(Duration grace) {
    return new OrphanObjectSweeper(s3, storage, rows, clock, grace, true);
  }

  @Test
  void removesOnlyEvidenceObjectsWithoutARowOlderThanTheGracePeriod() throws Exception {
    String caseId = TestCases.open(applications).getId();
    Evidence kept = store.store(
        new EvidenceStore.Upload(caseId, "ARCHITECTURE", "a.pdf", "applicant", null),
        new ByteArrayInputStream("%PDF-1.4\nkept\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)));
    String orphan = EvidenceStore.objectKey(caseId, "ab".repeat(32));
    String dossier = "cases/" + caseId + "/dossiers/D-1.zip";
    put(orphan);
    put(dossier);

    assertThat(sweeper(Duration.ofHours(1)).sweep()).as("too young to be an orphan").isZero();
    assertThat(exists(orphan)).isTrue();

    assertThat(sweeper(Duration.ofMinutes(-1)).sweep()).isGreaterThanOrEqualTo(1);
    assertThat(exists(orphan)).isFalse();
    assertThat(exists(kept.getObjectKey())).as("has its row").isTrue();
    assertThat(exists(dossier)).as("not an evidence key").isTrue();
    assertThat(store.open(kept.getId()).readAllBytes()).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
  }
}
