package org.exportcert.api.casefile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceIntegrityException;
import org.exportcert.certification.evidence.EvidenceProperties;
import org.exportcert.certification.evidence.EvidenceStore;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * Reading a case's evidence: the stored bytes are read through and checked against their
 * recorded SHA-256 before the first byte goes out (altered bytes are never served), and every read
 * is audited with who read what. PDFs and images open in the browser; other types download.
 */
@Service
public class DocumentReads {

  /** Types a browser shows safely inline; everything else is sent as an attachment. */
  static final Set<String> INLINE = Set.of("application/pdf", "image/png", "image/jpeg");

  static final java.net.URI INTEGRITY = ProblemTypes.type("evidence-integrity");

  private final EvidenceStore store;
  private final EvidenceProperties rules;
  private final AuditTrail audit;

  public DocumentReads(EvidenceStore store, EvidenceProperties rules, AuditTrail audit) {
    this.store = store;
    this.rules = rules;
    this.audit = audit;
  }

  /** The evidence if it belongs to the case, else 404 as if it did not exist. */
  public Evidence of(String caseId, String evidenceId) {
    Evidence e = store.get(evidenceId);
    if (!e.getCaseId().equals(caseId)) {
      throw ApiProblem.notFound("No document " + evidenceId + " on case " + caseId + ".");
    }
    return e;
  }

  /** A plain ASCII name as it is; any other also as RFC 5987 UTF-8, so Chinese names survive. */
  static String disposition(ContentDisposition.Builder builder, String fileName) {
    boolean ascii = fileName.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
    return (ascii ? builder.filename(fileName) : builder.filename(fileName, java.nio.charset.StandardCharsets.UTF_8))
        .build().toString();
  }

  public ResponseEntity<InputStreamResource> read(Evidence e, String reader, boolean download) {
    Path copy = null;
    try {
      Files.createDirectories(rules.spoolDir());
      copy = Files.createTempFile(rules.spoolDir(), "read-", ".part");
      try (InputStream in = store.open(e.getId())) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING); // throws at the end if altered
      }
      audit.record(reader, "evidence.read", CaseService.AUDIT_SUBJECT, e.getCaseId(),
          e.getId() + " " + e.getKind() + " " + e.getSha256());
      InputStream body = Files.newInputStream(copy, StandardOpenOption.DELETE_ON_CLOSE);
      copy = null; // the body removes it when the response is written
      boolean inline = !download && INLINE.contains(e.getMediaType());
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType(e.getMediaType()))
          .contentLength(e.getSizeBytes())
          .header(HttpHeaders.CONTENT_DISPOSITION,
              disposition(inline ? ContentDisposition.inline() : ContentDisposition.attachment(), e.getFileName()))
          .header("X-Content-Type-Options", "nosniff")
          .header("Digest", "sha-256=" + java.util.Base64.getEncoder().encodeToString(
              java.util.HexFormat.of().parseHex(e.getSha256())))
          .body(new InputStreamResource(body));
    } catch (EvidenceIntegrityException altered) {
      audit.record(reader, "evidence.integrity-failed", CaseService.AUDIT_SUBJECT, e.getCaseId(), e.getId());
      throw new ApiProblem(HttpStatus.CONFLICT, INTEGRITY, "Document altered",
          "The stored bytes of " + e.getFileName() + " no longer match their SHA-256; it is not served. An operator has been told through the audit trail.");
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    } finally {
      if (copy != null) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException ignored) {
          // a spool file left behind is removed with the spool directory
        }
      }
    }
  }
}
