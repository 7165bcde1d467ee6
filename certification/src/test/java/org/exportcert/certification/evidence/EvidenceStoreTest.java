package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.EvidenceRejectedException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;

class EvidenceStoreTest extends DomainTest {

  @Autowired EvidenceStore store;
  @Autowired ApplicationService applications;
  @Autowired EvidenceRepository rows;
  @Autowired MinioClient s3;
  @Autowired ObjectStorageProperties storage;
  @Autowired CaseService cases;
  @Autowired AuditTrail audit;
  @Autowired PlatformTransactionManager transactions;

  @TempDir Path spool;

  String caseId;

  @BeforeEach
  void newCase() {
    caseId = TestCases.open(applications).getId();
  }

  static byte[] pdf(String text) {
    return ("%PDF-1.4\n" + text + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
  }

  EvidenceStore.Upload upload(String name) {
    return new EvidenceStore.Upload(caseId, "ARCHITECTURE", name, "applicant@vendor.example", null);
  }

  List<String> objectsOfCase() throws Exception {
    List<String> keys = new ArrayList<>();
    for (var r : s3.listObjects(ListObjectsArgs.builder().bucket(storage.bucket()).prefix("cases/" + caseId + "/").recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  /** A store with other limits over the same database and bucket. */
  EvidenceStore storeWith(DataSize max, List<String> types) {
    return new EvidenceStore(
        s3, storage, new EvidenceProperties(max, types, null, spool), rows, cases, audit, transactions,
        Clock.systemUTC());
  }

  @Test
  void storesUnderAKeyFromCaseAndHashAndTheSameFileTwiceIsOneEvidence() throws Exception {
    byte[] content = pdf("architecture");
    Evidence first = store.store(upload("arch.pdf"), new ByteArrayInputStream(content));
    String sha = Hashing.sha256Hex(content);
    assertThat(first.getSha256()).isEqualTo(sha);
    assertThat(first.getSizeBytes()).isEqualTo(content.length);
    assertThat(first.getMediaType()).isEqualTo(MediaTypes.PDF);
    assertThat(first.getObjectKey()).isEqualTo("cases/" + caseId + "/evidence/" + sha);
    assertThat(first.getId()).isEqualTo(EvidenceStore.evidenceId(caseId, sha, "ARCHITECTURE", "applicant@vendor.example"));

    Evidence again = store.store(upload("copy-of-arch.pdf"), new ByteArrayInputStream(content));
    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(rows.findByCaseIdOrderBySubmittedAtAscIdAsc(caseId)).hasSize(1);
    assertThat(objectsOfCase()).containsExactly(first.getObjectKey());

    try (InputStream in = store.open(first.getId())) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void theSameBytesUnderAnotherKindOrByAnotherPartyAreEvidenceOfTheirOwn() throws Exception {
    byte[] content = pdf("one file, three records");
    Evidence applicants = store.store(upload("arch.pdf"), new ByteArrayInputStream(content));
    // the applicant uploads it again under the kind it should have had
    Evidence rightKind = store.store(new EvidenceStore.Upload(caseId, "DATA_FLOWS", "flows.pdf",
        "applicant@vendor.example", null), new ByteArrayInputStream(content));
    // a lab's report that happens to hold the same bytes
    Evidence labs = store.store(new EvidenceStore.Upload(caseId, "TEST_REPORT", "report.pdf", "lab", null),
        new ByteArrayInputStream(content));

    assertThat(List.of(applicants.getId(), rightKind.getId(), labs.getId())).doesNotHaveDuplicates();
    assertThat(rightKind.getKind()).isEqualTo("DATA_FLOWS");
    assertThat(labs.getSubmittedBy()).isEqualTo("lab");
    assertThat(rows.findByCaseIdOrderBySubmittedAtAscIdAsc(caseId)).hasSize(3);
    assertThat(objectsOfCase()).containsExactly(applicants.getObjectKey()); // one object, three records
    // and the lab's retry is still the lab's one evidence
    Evidence retried = store.store(new EvidenceStore.Upload(caseId, "TEST_REPORT", "report-again.pdf", "lab", null),
        new ByteArrayInputStream(content));
    assertThat(retried.getId()).isEqualTo(labs.getId());
    assertThat(rows.findByCaseIdOrderBySubmittedAtAscIdAsc(caseId)).hasSize(3);
  }

  @Test
  void anObjectAlreadyUnderTheKeyIsNeverWrittenAgain() throws Exception {
    // e.g. left by an upload whose row was lost in a crash: same key, so same content
    byte[] content = pdf("orphaned but genuine");
    String key = EvidenceStore.objectKey(caseId, Hashing.sha256Hex(content));
    s3.putObject(PutObjectArgs.builder().bucket(storage.bucket()).object(key)
        .stream(new ByteArrayInputStream(content), (long) content.length, -1L).build());
    var before = s3.statObject(io.minio.StatObjectArgs.builder().bucket(storage.bucket()).object(key).build());

    Evidence e = store.store(upload("genuine.pdf"), new ByteArrayInputStream(content));

    var after = s3.statObject(io.minio.StatObjectArgs.builder().bucket(storage.bucket()).object(key).build());
    assertThat(e.getObjectKey()).isEqualTo(key);
    assertThat(after.lastModified()).isEqualTo(before.lastModified());
    assertThat(after.etag()).isEqualTo(before.etag());
    store.verify(e.getId());
  }

  @Test
  void theClaimedNameDoesNotMatterTheContentDoes() {
    byte[] exe = new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0};
    assertThatThrownBy(() -> store.store(upload("harmless.pdf"), new ByteArrayInputStream(exe)))
        .isInstanceOfSatisfying(
            EvidenceRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MEDIA_TYPE_NOT_ALLOWED));
  }

  @Test
  void rejectedUploadsLeaveNoObjectNoRowAndNoSpoolFile() throws Exception {
    EvidenceStore small = storeWith(DataSize.ofKilobytes(64), List.of(MediaTypes.PDF));
    byte[] big = pdf("x".repeat(100_000));
    assertThatThrownBy(() -> small.store(upload("big.pdf"), new ByteArrayInputStream(big)))
        .isInstanceOfSatisfying(
            EvidenceRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> small.store(upload("a.json"), new ByteArrayInputStream(json)))
        .isInstanceOfSatisfying(
            EvidenceRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MEDIA_TYPE_NOT_ALLOWED));
    assertThatThrownBy(() -> small.store(upload("empty.pdf"), new ByteArrayInputStream(new byte[0])))
        .isInstanceOfSatisfying(
            EvidenceRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));

    assertThat(rows.findByCaseIdOrderBySubmittedAtAscIdAsc(caseId)).isEmpty();
    assertThat(objectsOfCase()).isEmpty();
    try (Stream<Path> left = Files.list(spool)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anUploadThatFailsMidStreamLeavesNothing() throws Exception {
    EvidenceStore s = storeWith(DataSize.ofMegabytes(10), List.of(MediaTypes.PDF));
    InputStream broken =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ > 100_000) {
              throw new IOException("client went away");
            }
            return n == 1 ? '%' : 'x';
          }
        };
    assertThatThrownBy(() -> s.store(upload("cut.pdf"), broken)).hasRootCauseMessage("client went away");
    assertThat(rows.findByCaseIdOrderBySubmittedAtAscIdAsc(caseId)).isEmpty();
    assertThat(objectsOfCase()).isEmpty();
    try (Stream<Path> left = Files.list(spool)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aStreamLargerThanAnyBufferIsStoredWhole() throws Exception {
    long size = 24L * 1024 * 1024 + 7;
    var expected = Hashing.sha256();
    InputStream generated = new GeneratedPdfStream(size);
    Evidence e = store.store(upload("large.pdf"), generated);
    try (InputStream check = new GeneratedPdfStream(size)) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = check.read(buf)) >= 0) {
        expected.update(buf, 0, n);
      }
    }
    assertThat(e.getSizeBytes()).isEqualTo(size);
    assertThat(e.getSha256()).isEqualTo(java.util.HexFormat.of().formatHex(expected.digest()));
    store.verify(e.getId());
  }

  @Test
  void aDownloadOfAlteredBytesFailsAndVerifyNamesIt() throws Exception {
    byte[] content = pdf("original test plan");
    Evidence e = store.store(upload("plan.pdf"), new ByteArrayInputStream(content));
    byte[] altered = pdf("altered test plan!");
    s3.putObject(
        PutObjectArgs.builder()
            .bucket(storage.bucket())
            .object(e.getObjectKey())
            .stream(new ByteArrayInputStream(altered), (long) altered.length, -1L)
            .build());

    assertThatThrownBy(() -> store.verify(e.getId()))
        .isInstanceOf(EvidenceIntegrityException.class)
        .hasMessageContaining(e.getId());
    try (InputStream in = store.open(e.getId())) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(EvidenceIntegrityException.class);
    }
  }

  @Test
  void presignedLinksDownloadTheFileAndExpireAsConfigured() throws Exception {
    byte[] content = "plain notes\n".getBytes(StandardCharsets.UTF_8);
    Evidence e = store.store(upload("notes.txt"), new ByteArrayInputStream(content));
    String url = store.presignedDownloadUrl(e.getId());
    assertThat(url).contains("X-Amz-Expires=300");
    try (InputStream in = URI.create(url).toURL().openStream()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  /** A PDF-looking stream of any length, produced on the fly (never held in memory). */
  static final class GeneratedPdfStream extends InputStream {
    private final long size;
    private long pos;

    GeneratedPdfStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (pos >= size) {
        return -1;
      }
      long p = pos++;
      return p < 5 ? "%PDF-".charAt((int) p) : (int) ((p * 31) & 0x7F);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) read();
      }
      return n;
    }
  }

  // ------------------------------------------------------------ declared size and digest

  @Test
  void aDeclaredPdfGoesStraightToItsKeyAndIsTheSameEvidenceAsASpooledOne() throws Exception {
    byte[] content = pdf("declared");
    String sha = Hashing.sha256Hex(content);
    Evidence e = store.storeDeclared(upload("declared.pdf"), new ByteArrayInputStream(content), content.length, sha);

    assertThat(e.getSha256()).isEqualTo(sha);
    assertThat(e.getMediaType()).isEqualTo(MediaTypes.PDF);
    assertThat(objectsOfCase()).containsExactly(EvidenceStore.objectKey(caseId, sha));
    store.verify(e.getId());
    Evidence again = store.store(upload("again.pdf"), new ByteArrayInputStream(content));
    assertThat(again.getId()).isEqualTo(e.getId());
    assertThat(audit.forSubject(CaseService.AUDIT_SUBJECT, caseId))
        .filteredOn(a -> a.getAction().equals("evidence.stored"))
        .hasSize(1);
  }

  @Test
  void aDigestOrSizeThatDoesNotMatchLeavesNoObjectAndNoRow() throws Exception {
    byte[] content = pdf("not what was declared");
    String other = Hashing.sha256Hex(pdf("something else"));
    assertThatThrownBy(() -> store.storeDeclared(upload("lie.pdf"), new ByteArrayInputStream(content), content.length, other))
        .isInstanceOfSatisfying(EvidenceRejectedException.class,
            r -> assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    // fewer bytes than declared: the PUT cannot complete
    String sha = Hashing.sha256Hex(content);
    assertThatThrownBy(() -> store.storeDeclared(upload("short.pdf"), new ByteArrayInputStream(content), content.length + 10, sha))
        .isInstanceOf(RuntimeException.class);
    // a JSON file takes the spooled path and is held to the declaration as well
    byte[] json = "{\"suites\":14}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> store.storeDeclared(upload("r.json"), new ByteArrayInputStream(json), json.length, other))
        .isInstanceOfSatisfying(EvidenceRejectedException.class,
            r -> assertThat(r.reason()).isEqualTo(Reason.DIGEST_MISMATCH));

    assertThat(rows.findByCaseIdOrderBySubmittedAtAscIdAsc(caseId)).isEmpty();
    assertThat(objectsOfCase()).isEmpty();
  }

  @Test
  void aDeclaredSizeOverTheLimitIsRefusedBeforeAByteIsRead() {
    EvidenceStore s = storeWith(DataSize.ofKilobytes(1), List.of(MediaTypes.PDF));
    InputStream never = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("read although the declared size was over the limit");
      }
    };
    assertThatThrownBy(() -> s.storeDeclared(upload("big.pdf"), never, 2048, "0".repeat(64)))
        .isInstanceOfSatisfying(EvidenceRejectedException.class,
            r -> assertThat(r.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  @Test
  void aLeftoverObjectWhoseContentIsNotItsKeyIsReplacedNotTrusted() throws Exception {
    // what a crash between a declared PUT and its check could leave behind
    byte[] genuine = pdf("genuine");
    String sha = Hashing.sha256Hex(genuine);
    byte[] wrong = pdf("wrong bytes under the genuine key");
    String key = EvidenceStore.objectKey(caseId, sha);
    s3.putObject(PutObjectArgs.builder().bucket(storage.bucket()).object(key)
        .stream(new ByteArrayInputStream(wrong), (long) wrong.length, -1L).build());

    Evidence e = store.storeDeclared(upload("genuine.pdf"), new ByteArrayInputStream(genuine), genuine.length, sha);

    store.verify(e.getId());
    try (InputStream in = store.open(e.getId())) {
      assertThat(in.readAllBytes()).isEqualTo(genuine);
    }
  }
}
