package org.exportcert.certification.evidence;

import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.evidence.EvidenceRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evidence in object storage. An upload is spooled to a temporary file while it is hashed, counted
 * and its head kept for sniffing, so memory use does not grow with the file; only an accepted file
 * reaches the bucket, under {@code cases/<case>/evidence/<sha256>}, and an existing object is never
 * written again. The same file uploaded twice to a case by the same party under the same kind is
 * one evidence; under another kind or by another party it is evidence of its own (same object).
 */
@Service
public class EvidenceStore {

  private static final Logger log = LoggerFactory.getLogger(EvidenceStore.class);
  private static final int BUFFER = 64 * 1024;

  private final MinioClient s3;
  private final ObjectStorageProperties storage;
  private final EvidenceProperties rules;
  private final EvidenceRepository evidence;
  private final CaseService cases;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();

  public EvidenceStore(
      MinioClient s3,
      ObjectStorageProperties storage,
      EvidenceProperties rules,
      EvidenceRepository evidence,
      CaseService cases,
      AuditTrail audit,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.s3 = s3;
    this.storage = storage;
    this.rules = rules;
    this.evidence = evidence;
    this.cases = cases;
    this.audit = audit;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  public record Upload(
      String caseId,
      String kind,
      String fileName,
      String submittedBy,
      LocalDate validUntil) {}

  /** Key of an object: derived from case and content only, so a retry lands on the same key. */
  public static String objectKey(String caseId, String sha256) {
    return "cases/" + caseId + "/evidence/" + sha256;
  }

  /**
   * Id of an evidence: derived from case, content, kind and party, never drawn at random, so a
   * retried upload lands on the same evidence while the same bytes under another kind or from
   * another party are evidence of their own.
   */
  public static String evidenceId(String caseId, String sha256, String kind, String submittedBy) {
    return "EV-" + Hashing.sha256Hex(caseId + ":" + sha256 + ":" + kind + ":" + submittedBy).substring(0, 24);
  }

  private Optional<Evidence> existing(Upload upload, String sha256) {
    return evidence.findByCaseIdAndSha256AndKindAndSubmittedBy(
        upload.caseId(), sha256, upload.kind(), upload.submittedBy());
  }

  /**
   * Stores the content read from {@code content} (read to its end, not closed).
   *
   * @throws EvidenceRejectedException too large, empty, or a media type not allowed; nothing kept
   */
  public Evidence store(Upload upload, InputStream content) {
    return storeTimed(upload, content).evidence();
  }

  /** A document the service writes itself (a PDF it issues). */
  @FunctionalInterface
  public interface Rendering {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Stores what {@code rendering} writes, checked and hashed as an upload is. Rendered in memory:
   * the store spools what it stores anyway, and an issued PDF is small.
   *
   * @throws IOException the rendering failed; nothing kept
   */
  public Evidence storeRendered(Upload upload, Rendering rendering) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    rendering.writeTo(bytes);
    return store(upload, new ByteArrayInputStream(bytes.toByteArray()));
  }

  /** What a store took: the evidence, and the time spent spooling and uploading (nanoseconds). */
  record Stored(Evidence evidence, long spoolNanos, long uploadNanos) {}

  /** Size and SHA-256 the sender declared, which the content must match. */
  private record Declared(long size, String sha256) {}

  Stored storeTimed(Upload upload, InputStream content) {
    return storeTimed(upload, content, null);
  }

  private Stored storeTimed(Upload upload, InputStream content, Declared declared) {
    cases.get(upload.caseId()); // the case must exist before anything is written
    Path spool = null;
    try {
      Files.createDirectories(rules.spoolDir());
      spool = Files.createTempFile(rules.spoolDir(), "upload-", ".part");
      long t0 = System.nanoTime();
      Spooled s = spool(content, spool);
      long t1 = System.nanoTime();
      if (s.size == 0) {
        throw new EvidenceRejectedException(Reason.EMPTY, "The file is empty");
      }
      if (declared != null && (s.size != declared.size() || !s.sha256.equals(declared.sha256()))) {
        throw mismatch(upload, declared.size(), declared.sha256(), s.size, s.sha256);
      }
      String mediaType =
          MediaTypes.sniff(s.head, s.headLength, spool)
              .filter(rules.allowedMediaTypes()::contains)
              .orElseThrow(
                  () ->
                      new EvidenceRejectedException(
                          Reason.MEDIA_TYPE_NOT_ALLOWED,
                          "The content of " + upload.fileName() + " is of no accepted type "
                              + rules.allowedMediaTypes()));
      Evidence kept = keep(upload, spool, s.size, s.sha256, mediaType);
      long t2 = System.nanoTime();
      log.debug("Stored {} bytes for {}: spooled in {} ms, kept in {} ms", s.size, upload.caseId(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
      return new Stored(kept, t1 - t0, t2 - t1);
    } catch (IOException e) {
      throw new UncheckedIOException("Upload of " + upload.fileName() + " failed", e);
    } finally {
      deleteQuietly(spool);
    }
  }

  /**
   * Stores content whose size and SHA-256 the sender declared (HTTP {@code Content-Length} and
   * {@code Content-Digest}). The key is then known before the first byte, so a PDF, PNG or JPEG
   * goes straight to its final key in one write, hashed on the way; a size or digest that does not
   * match removes the object again and refuses the upload. Types that need the whole file to be
   * recognised (JSON, zip-based documents, text) take the spooled path and are checked against the
   * declaration all the same.
   *
   * @throws EvidenceRejectedException also with {@link Reason#DIGEST_MISMATCH}; nothing kept
   */
  public Evidence storeDeclared(Upload upload, InputStream content, long size, String sha256) {
    cases.get(upload.caseId());
    if (size <= 0) {
      throw new EvidenceRejectedException(Reason.EMPTY, "The file is empty");
    }
    if (size > rules.maxSize().toBytes()) {
      throw new EvidenceRejectedException(
          Reason.TOO_LARGE, "The file exceeds the limit of " + rules.maxSize().toBytes() + " bytes");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("A declared SHA-256 is 64 lower-case hex digits");
    }
    try {
      byte[] head = content.readNBytes((int) Math.min(MediaTypes.HEAD, size));
      Optional<String> direct =
          MediaTypes.sniffHeadOnly(head, head.length).filter(rules.allowedMediaTypes()::contains);
      InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), content);
      if (direct.isEmpty() || size > SINGLE_PUT_LIMIT) {
        return storeTimed(upload, whole, new Declared(size, sha256)).evidence();
      }
      return streamToFinalKey(upload, whole, size, sha256, direct.get());
    } catch (IOException e) {
      throw new UncheckedIOException("Upload of " + upload.fileName() + " failed", e);
    }
  }

  private Evidence streamToFinalKey(
      Upload upload, InputStream whole, long size, String sha256, String mediaType) throws IOException {
    MessageDigest digest = Hashing.sha256();
    CountingDigestStream hashed = new CountingDigestStream(whole, digest);
    Optional<Evidence> existing = existing(upload, sha256);
    String key = objectKey(upload.caseId(), sha256);
    boolean written = false;
    if (existing.isEmpty() && !holdsContent(key, sha256)) {
      try {
        putStream(key, hashed, size, mediaType);
        written = true;
      } catch (IOException | RuntimeException e) {
        removeQuietly(key); // a cut stream may leave a partial object behind on some stores
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        removeQuietly(key);
        throw new ObjectStorageException("Interrupted storing " + key, e);
      }
    } else {
      hashed.transferTo(OutputStream.nullOutputStream()); // same content already kept: still verify the claim
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (hashed.count() != size || !actual.equals(sha256)) {
      if (written) {
        removeQuietly(key);
      }
      throw mismatch(upload, size, sha256, hashed.count(), actual);
    }
    if (existing.isPresent()) {
      return existing.get();
    }
    return record(upload, key, size, sha256, mediaType, written);
  }

  private static EvidenceRejectedException mismatch(
      Upload upload, long size, String sha256, long actualSize, String actualSha256) {
    return new EvidenceRejectedException(
        Reason.DIGEST_MISMATCH,
        "The content of " + upload.fileName() + " (" + actualSize + " bytes, SHA-256 " + actualSha256
            + ") is not what was declared (" + size + " bytes, SHA-256 " + sha256 + ")");
  }

  /** Hashes and counts what is read through it. */
  private static final class CountingDigestStream extends java.io.FilterInputStream {
    private final MessageDigest digest;
    private long count;

    CountingDigestStream(InputStream in, MessageDigest digest) {
      super(in);
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
        count += n;
      }
      return n;
    }

    long count() {
      return count;
    }
  }

  private record Spooled(long size, String sha256, byte[] head, int headLength) {}

  private Spooled spool(InputStream content, Path file) throws IOException {
    MessageDigest sha = Hashing.sha256();
    long max = rules.maxSize().toBytes();
    byte[] head = new byte[MediaTypes.HEAD];
    int headLength = 0;
    long size = 0;
    byte[] buf = new byte[BUFFER];
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
      int n;
      while ((n = content.read(buf)) >= 0) {
        size += n;
        if (size > max) {
          throw new EvidenceRejectedException(
              Reason.TOO_LARGE, "The file exceeds the limit of " + rules.maxSize().toBytes() + " bytes");
        }
        if (headLength < head.length) {
          int take = Math.min(n, head.length - headLength);
          System.arraycopy(buf, 0, head, headLength, take);
          headLength += take;
        }
        out.write(buf, 0, n);
      }
    }
    return new Spooled(size, HexFormat.of().formatHex(sha.digest()), head, headLength);
  }

  private Evidence keep(Upload upload, Path file, long size, String sha256, String mediaType) {
    Optional<Evidence> existing = existing(upload, sha256);
    if (existing.isPresent()) {
      return existing.get();
    }
    String key = objectKey(upload.caseId(), sha256);
    boolean written = false;
    if (!holdsContent(key, sha256)) {
      try {
        put(key, file, size, mediaType);
        written = true;
      } catch (MinioException | IOException | IllegalStateException e) {
        throw new ObjectStorageException("Could not store " + key, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ObjectStorageException("Interrupted storing " + key, e);
      }
    }
    return record(upload, key, size, sha256, mediaType, written);
  }

  /** The row and its audit entry for an object in place; no object without its row. */
  private Evidence record(
      Upload upload, String key, long size, String sha256, String mediaType, boolean written) {
    try {
      return tx.execute(
          status -> {
            Evidence saved =
                evidence.saveAndFlush(
                    new Evidence(
                        evidenceId(upload.caseId(), sha256, upload.kind(), upload.submittedBy()),
                        upload.caseId(),
                        upload.kind(),
                        upload.fileName(),
                        mediaType,
                        size,
                        sha256,
                        key,
                        upload.submittedBy(),
                        clock.instant(),
                        upload.validUntil()));
            audit.record(
                upload.submittedBy(),
                "evidence.stored",
                CaseService.AUDIT_SUBJECT,
                upload.caseId(),
                // the kind as words and a short hash for people; the full hash stays on the document
                org.exportcert.certification.audit.Reason.of("audit.reason.evidence-stored",
                    saved.getId(), upload.kind(), upload.fileName(), sha256.substring(0, Math.min(12, sha256.length()))));
            return saved;
          });
    } catch (DataIntegrityViolationException race) {
      // the same file, stored concurrently for the same case: that one stands
      return existing(upload, sha256).orElseThrow(() -> race);
    } catch (RuntimeException e) {
      if (written) {
        removeQuietly(key); // no object without its row
      }
      throw e;
    }
  }

  /** One streamed PUT of exactly {@code size} bytes read from {@code in}, straight to the store. */
  private void putStream(String key, InputStream in, long size, String mediaType)
      throws IOException, InterruptedException {
    String url;
    try {
      url = presignedPut(key);
    } catch (MinioException | IllegalStateException e) {
      throw new ObjectStorageException("Could not sign the upload of " + key, e);
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", mediaType)
                .timeout(putTimeout(size))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> in), size))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("S3 answered " + response.statusCode() + " to the PUT of " + key + ": " + response.body());
    }
  }

  /**
   * How long one PUT may take in all: the store's read timeout plus a second per MiB (a floor of
   * 1 MiB/s), so a hung store fails the upload (answered 503) instead of holding its thread.
   */
  private java.time.Duration putTimeout(long size) {
    return storage.readTimeout().plusMillis(Math.max(0, size) / 1024);
  }

  private String presignedPut(String key) throws MinioException, IOException {
    return s3.getPresignedObjectUrl(
        GetPresignedObjectUrlArgs.builder()
            .method(Http.Method.PUT)
            .bucket(storage.bucket())
            .object(key)
            .expiry(1, TimeUnit.HOURS)
            .build());
  }


  /** S3 takes up to 5 GiB in one PUT; above that the file goes in parts. */
  private static final long SINGLE_PUT_LIMIT = 5L << 30;

  /**
   * One streamed PUT to a presigned URL: the file goes from disk to the socket in small buffers and
   * the store writes it once (a multipart upload makes S3-compatible stores on a filesystem write
   * it twice). Larger files use the SDK's multipart upload, a bounded number of parts in flight.
   */
  private void put(String key, Path file, long size, String mediaType)
      throws MinioException, IOException, InterruptedException {
    if (size > SINGLE_PUT_LIMIT) {
      s3.uploadObject(
          UploadObjectArgs.builder()
              .bucket(storage.bucket())
              .object(key)
              .filename(file.toString(), rules.uploadPartSize().toBytes())
              .parallelUploads(rules.uploadParallelism())
              .contentType(mediaType)
              .build());
      return;
    }
    String url = presignedPut(key);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", mediaType)
                .timeout(putTimeout(size))
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("S3 answered " + response.statusCode() + " to the PUT of " + key + ": " + response.body());
    }
  }

  public Evidence get(String evidenceId) {
    return evidence.findById(evidenceId).orElseThrow(() -> new EvidenceNotFoundException(evidenceId));
  }

  public List<Evidence> forCase(String caseId) {
    return evidence.findByCaseIdOrderBySubmittedAtAscIdAsc(caseId);
  }

  /**
   * The stored bytes; the stream throws {@link EvidenceIntegrityException} at its end when they do
   * not match the recorded SHA-256 and size.
   */
  public InputStream open(String evidenceId) {
    Evidence e = get(evidenceId);
    try {
      InputStream in =
          s3.getObject(
              GetObjectArgs.builder().bucket(storage.bucket()).object(e.getObjectKey()).build());
      return new VerifyingInputStream(in, e.getSha256(), e.getSizeBytes(), e.getId());
    } catch (MinioException | IllegalStateException ex) {
      throw new ObjectStorageException("Could not read " + e.getObjectKey(), ex);
    }
  }

  /** Reads the object through and checks it against its recorded hash. */
  public void verify(String evidenceId) throws EvidenceIntegrityException {
    try (InputStream in = open(evidenceId)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (EvidenceIntegrityException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A link that downloads the evidence directly from the store, valid for the configured time. */
  public String presignedDownloadUrl(String evidenceId) {
    Evidence e = get(evidenceId);
    try {
      return s3.getPresignedObjectUrl(
          GetPresignedObjectUrlArgs.builder()
              .method(Http.Method.GET)
              .bucket(storage.bucket())
              .object(e.getObjectKey())
              .expiry((int) rules.presignExpiry().toSeconds(), TimeUnit.SECONDS)
              .build());
    } catch (MinioException | IllegalStateException ex) {
      throw new ObjectStorageException("Could not sign a link for " + e.getObjectKey(), ex);
    }
  }

  /** Records the review of a piece of evidence; the stored bytes never change. */
  public Evidence review(String evidenceId, Evidence.ReviewStatus status, String reviewer) {
    return tx.execute(
        s -> {
          Evidence e = get(evidenceId);
          if (e.getReviewStatus() == status) {
            return e;
          }
          e.review(status, reviewer, clock.instant());
          audit.record(
              reviewer,
              "evidence." + status.name().toLowerCase(),
              CaseService.AUDIT_SUBJECT,
              e.getCaseId(),
              e.getId());
          return evidence.save(e);
        });
  }

  /**
   * Whether an object with exactly this content is already at its key. An object without a row is
   * a leftover (a crash between a PUT and its check), so it is read through once before it is
   * trusted, and removed when its content is not what its key says.
   */
  private boolean holdsContent(String key, String sha256) {
    if (!exists(key)) {
      return false;
    }
    MessageDigest digest = Hashing.sha256();
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(storage.bucket()).object(key).build())) {
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = in.read(buf)) >= 0) {
        digest.update(buf, 0, n);
      }
    } catch (MinioException | IOException | IllegalStateException e) {
      throw new ObjectStorageException("Could not read " + key, e);
    }
    if (HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
      return true;
    }
    log.warn("Object {} did not hold the content its key names; removed, to be written again", key);
    removeQuietly(key);
    return false;
  }

  boolean exists(String key) {
    try {
      s3.statObject(StatObjectArgs.builder().bucket(storage.bucket()).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      if (e.errorResponse() != null && "NoSuchKey".equals(e.errorResponse().code())) {
        return false;
      }
      if (e.response() != null && e.response().code() == 404) {
        return false;
      }
      throw new ObjectStorageException("Could not look up " + key, e);
    } catch (MinioException | IllegalStateException e) {
      throw new ObjectStorageException("Could not look up " + key, e);
    }
  }

  private void removeQuietly(String key) {
    try {
      s3.removeObject(RemoveObjectArgs.builder().bucket(storage.bucket()).object(key).build());
    } catch (MinioException | IllegalStateException e) {
      log.warn("Could not remove orphan object {}: {}", key, e.toString());
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Could not delete spool file {}", file);
      }
    }
  }
}
