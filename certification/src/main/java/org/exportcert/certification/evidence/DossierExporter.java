package org.exportcert.certification.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.MinioException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;

/**
 * Builds a dossier for a partner body: a zip of evidence files plus {@code manifest.json} (name,
 * size, SHA-256 of each file) and its Ed25519 signature, streamed into object storage as it is
 * written (multipart upload of unknown size), so no file is held whole in memory or on disk.
 * Every file is checked against its recorded hash while it is copied; a mismatch aborts the upload.
 */
@Service
public class DossierExporter {

  /** 5 MiB parts, the S3 minimum: the only buffer the upload holds. */
  private static final long PART_SIZE = 5L * 1024 * 1024;

  private final MinioClient s3;
  private final ObjectStorageProperties storage;
  private final EvidenceStore evidence;
  private final ManifestSigner signer;
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final ExecutorService writers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "dossier-writer");
            t.setDaemon(true);
            return t;
          });

  public DossierExporter(
      MinioClient s3,
      ObjectStorageProperties storage,
      EvidenceStore evidence,
      ManifestSigner signer,
      Clock clock) {
    this.s3 = s3;
    this.storage = storage;
    this.evidence = evidence;
    this.signer = signer;
    this.clock = clock;
  }

  public record Dossier(String objectKey, String manifestSha256, byte[] manifest, String signatureBase64) {}

  /**
   * Writes the dossier to {@code objectKey} unless an object is already there (a retried step):
   * then the existing one stands and is described again from the same evidence.
   */
  public Dossier export(String caseId, String objectKey, String title, List<String> evidenceIds) {
    List<Evidence> files = evidenceIds.stream().distinct().map(evidence::get).toList();
    files.forEach(
        e -> {
          if (!e.getCaseId().equals(caseId)) {
            throw new IllegalArgumentException(e.getId() + " belongs to another case");
          }
        });
    List<String> names = entryNames(files);
    byte[] manifest = manifest(caseId, title, files, names);
    byte[] signature = signer.sign(manifest);
    String manifestSha = Hashing.sha256Hex(manifest);
    if (!evidence.exists(objectKey)) {
      upload(objectKey, files, names, manifest, signature);
    }
    return new Dossier(objectKey, manifestSha, manifest, Base64.getEncoder().encodeToString(signature));
  }

  private void upload(String key, List<Evidence> files, List<String> names, byte[] manifest, byte[] signature) {
    PipedInputStream pipe = new PipedInputStream(256 * 1024);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(pipe);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    AtomicReference<Throwable> failed = new AtomicReference<>();
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                ZipOutputStream zip = new ZipOutputStream(out);
                put(zip, "manifest.json", manifest);
                put(zip, "manifest.json.sig", Base64.getEncoder().encode(signature));
                put(zip, "signing-key.pub", signer.publicKeyBase64().getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < files.size(); i++) {
                  zip.putNextEntry(entry("files/" + names.get(i)));
                  try (InputStream src = evidence.open(files.get(i).getId())) {
                    src.transferTo(zip); // throws EvidenceIntegrityException on altered bytes
                  }
                  zip.closeEntry();
                }
                zip.finish();
              } catch (Throwable e) {
                // recorded before the pipe closes, so the reader sees it instead of a clean end
                failed.set(e);
              } finally {
                try {
                  out.close();
                } catch (IOException ignored) {
                  // reader gone: the upload already failed
                }
              }
            },
            writers);
    InputStream body =
        new FilterInputStream(pipe) {
          @Override
          public int read() throws IOException {
            return checked(super.read());
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return checked(super.read(b, off, len));
          }

          private int checked(int n) throws IOException {
            if (n < 0 && failed.get() != null) {
              throw new IOException("Dossier writer failed", failed.get());
            }
            return n;
          }
        };
    try {
      s3.putObject(
          PutObjectArgs.builder()
              .bucket(storage.bucket())
              .object(key)
              .stream(body, null, PART_SIZE)
              .contentType("application/zip")
              .build());
    } catch (MinioException | IllegalStateException e) {
      Throwable cause = failed.get() != null ? failed.get() : e;
      throw new ObjectStorageException("Could not store dossier " + key + ": " + cause.getMessage(), cause);
    } finally {
      try {
        pipe.close(); // unblocks a writer still waiting to write
      } catch (IOException ignored) {
        // nothing to release
      }
      writer.join();
    }
    if (failed.get() != null) {
      throw new ObjectStorageException("Dossier " + key + " could not be written", failed.get());
    }
  }

  private byte[] manifest(String caseId, String title, List<Evidence> files, List<String> names) {
    ObjectNode root = json.createObjectNode();
    root.put("format", "exportcert.dossier-manifest/1");
    root.put("caseId", caseId);
    root.put("title", title);
    root.put("signatureAlgorithm", "Ed25519");
    ArrayNode list = root.putArray("files");
    for (int i = 0; i < files.size(); i++) {
      Evidence e = files.get(i);
      list.addObject()
          .put("name", "files/" + names.get(i))
          .put("evidenceId", e.getId())
          .put("kind", e.getKind())
          .put("mediaType", e.getMediaType())
          .put("size", e.getSizeBytes())
          .put("sha256", e.getSha256());
    }
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** File names inside the zip: the uploaded name, made safe and unique. */
  private static List<String> entryNames(List<Evidence> files) {
    Set<String> used = new LinkedHashSet<>();
    return files.stream()
        .map(
            e -> {
              String base = e.getFileName().replaceAll("[^A-Za-z0-9._-]", "_");
              String name = base;
              int n = 2;
              while (!used.add(name)) {
                name = n++ + "-" + base;
              }
              return name;
            })
        .toList();
  }

  private ZipEntry entry(String name) {
    ZipEntry z = new ZipEntry(name);
    z.setTime(clock.millis());
    return z;
  }

  private void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(entry(name));
    zip.write(data);
    zip.closeEntry();
  }
}
