package org.exportcert.api.applicant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.exportcert.api.cases.CaseAccess;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.cases.CaseSummary;
import org.exportcert.api.cases.ContentDigest;
import org.exportcert.api.cases.UploadNames;
import org.exportcert.certification.answer.ApplicantAnswers;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.evidence.EvidenceKinds;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.api.web.Paging;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.exportcert.certification.registry.Certificate;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Applicants: apply, follow their organisation's cases, answer, withdraw, appeal. */
@RestController
@PreAuthorize("hasRole('APPLICANT')")
@Tag(name = "Applicant", description = "Applications and cases of the caller's organisation")
class ApplicantController {

  private final ApplicantCases cases;
  private final CaseAccess access;
  private final CurrentUsers users;

  private final EvidenceKinds kinds;

  ApplicantController(ApplicantCases cases, CaseAccess access, CurrentUsers users, EvidenceKinds kinds) {
    this.kinds = kinds;
    this.cases = cases;
    this.access = access;
    this.users = users;
  }

  record Answer(
      @NotBlank String message,
      @Size(max = 32) String testingScope,
      @Size(max = 8) String market,
      @Size(max = ApplicantAnswers.MAX_EVIDENCE) List<@NotBlank String> evidenceIds,
      @Size(max = ApplicantAnswers.MAX_NOTE) String note,
      @Size(max = 16) List<@NotBlank @Size(max = 32) String> referenceFrameworks,
      Boolean notLodgedElsewhere) {}

  record Reason(@NotBlank @Size(max = 4000) String reason) {}

  record Grounds(@NotBlank @Size(max = 8000) String grounds) {}

  record Sent(String caseId, String message) {}

  record Document(
      String evidenceId, String kind, String fileName, String mediaType, long sizeBytes,
      String sha256, String submittedBy, Instant submittedAt, String reviewStatus) {
    static Document of(Evidence e) {
      return new Document(
          e.getId(), e.getKind(), e.getFileName(), e.getMediaType(), e.getSizeBytes(),
          e.getSha256(), e.getSubmittedBy(), e.getSubmittedAt(), e.getReviewStatus().name());
    }
  }

  record CertificateView(
      String number, int revision, String displayNumber, String holder, String scope,
      String standards, LocalDate grantedOn, LocalDate expiresOn, String conditions, String status,
      boolean documentAvailable, java.time.Instant nextSurveillanceDue) {
    static CertificateView of(Certificate c) {
      return new CertificateView(
          c.getNumber(), c.getRevision(), c.getDisplayNumber(), c.getHolder(), c.getScope(),
          c.getStandards(), c.getGrantedOn(), c.getExpiresOn(), c.getConditions(),
          c.getStatus().name(), c.getPdfEvidenceId() != null, c.getNextSurveillanceDue());
    }
  }

  @PostMapping("/api/applications")
  @Operation(summary = "Apply: opens a case for the caller's organisation and starts its process")
  ResponseEntity<CaseSummary> apply(@Valid @RequestBody ApplicationForm form) {
    CaseSummary created = cases.submit(form, users.current());
    return ResponseEntity.created(URI.create("/api/cases/mine/" + created.caseId())).body(created);
  }

  @GetMapping("/api/cases/mine")
  @Operation(summary = "My organisation's cases with phase and status, newest first: one page (page from 0,"
      + " size 1 to 100) with the total; q finds a case by its number or product name, status by its status")
  CaseQueries.Page<CaseSummary> mine(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    Paging.check(page, size);
    return cases.mine(users.current(), Paging.filterText("q", q), Paging.code("status", status,
        org.exportcert.certification.casefile.CaseStatus.values()), page, size);
  }

  @GetMapping("/api/cases/mine/{caseId}")
  @Operation(summary = "One of my cases with open requests for information and deadlines")
  ApplicantCases.MyCase one(@PathVariable String caseId) {
    own(caseId);
    return cases.one(caseId);
  }

  @PostMapping(path = "/api/cases/{caseId}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Upload a document (streamed; type checked from content, not the claim)")
  ResponseEntity<Document> upload(
      @PathVariable String caseId,
      @RequestPart("file") MultipartFile file,
      @RequestParam("kind") String kind,
      @RequestParam(name = "validUntil", required = false) LocalDate validUntil)
      throws IOException {
    CurrentUser user = own(caseId);
    String name = UploadNames.requireSafeFileName(file.getOriginalFilename());
    kinds.require(kind, EvidenceKindCatalog.Party.APPLICANT);
    try (InputStream in = file.getInputStream()) {
      Evidence e = cases.upload(caseId, kind, name, validUntil, in, user);
      return ResponseEntity.created(URI.create("/api/cases/" + caseId + "/documents/" + e.getId()))
          .body(Document.of(e));
    }
  }

  @PutMapping(path = "/api/cases/{caseId}/documents/{fileName}", consumes = MediaType.ALL_VALUE)
  @Operation(
      summary = "Upload a document as the raw request body",
      description = "The body is the file itself (Content-Length required). With a Content-Digest"
          + " header (RFC 9530, sha-256=:<base64>:) a PDF, PNG or JPEG goes to the store in one"
          + " write and is refused (reason DIGEST_MISMATCH) when the bytes are not what was declared."
          + " The type is checked from the content, not from Content-Type.")
  ResponseEntity<Document> uploadRaw(
      @PathVariable String caseId,
      @PathVariable String fileName,
      @RequestParam("kind") String kind,
      @RequestParam(name = "validUntil", required = false) LocalDate validUntil,
      @RequestHeader(name = "Content-Digest", required = false) String contentDigest,
      HttpServletRequest request)
      throws IOException {
    CurrentUser user = own(caseId);
    String name = UploadNames.requireSafeFileName(fileName);
    kinds.require(kind, EvidenceKindCatalog.Party.APPLICANT);
    long size = request.getContentLengthLong();
    if (size < 0) {
      throw new ApiProblem(HttpStatus.LENGTH_REQUIRED, ProblemTypes.VALIDATION, "Length required",
          "Send the file with a Content-Length; chunked uploads are not accepted here.");
    }
    String sha256 = ContentDigest.sha256Hex(contentDigest).orElse(null);
    try (InputStream in = request.getInputStream()) {
      Evidence e = cases.uploadDeclared(caseId, kind, name, validUntil, in, size, sha256, user);
      return ResponseEntity.created(URI.create("/api/cases/" + caseId + "/documents/" + e.getId()))
          .body(Document.of(e));
    }
  }

  @GetMapping("/api/cases/{caseId}/documents")
  @Operation(summary = "Documents of my case")
  List<Document> documents(@PathVariable String caseId) {
    own(caseId);
    return cases.documents(caseId).stream().map(Document::of).toList();
  }

  @PostMapping("/api/cases/{caseId}/answers")
  @Operation(summary = "Answer an open request (publishes the catalog message for it)")
  ResponseEntity<Sent> answer(@PathVariable String caseId, @Valid @RequestBody Answer answer) {
    CurrentUser user = own(caseId);
    cases.answer(caseId, answer.message(), answer.testingScope(), answer.market(),
        answer.evidenceIds(), answer.note(), new ApplicantCases.Amendment(answer.referenceFrameworks(),
            Boolean.TRUE.equals(answer.notLodgedElsewhere())), user);
    return ResponseEntity.accepted().body(new Sent(caseId, answer.message()));
  }

  @PostMapping("/api/cases/{caseId}/withdrawal")
  @Operation(summary = "Withdraw (before the decision) or end the certification (after it)")
  ResponseEntity<Sent> withdraw(@PathVariable String caseId, @Valid @RequestBody Reason reason) {
    CurrentUser user = own(caseId);
    return ResponseEntity.accepted().body(new Sent(caseId, cases.withdraw(caseId, reason.reason(), user)));
  }

  @PostMapping("/api/cases/{caseId}/appeal")
  @Operation(summary = "Appeal a refusal")
  ResponseEntity<Sent> appeal(@PathVariable String caseId, @Valid @RequestBody Grounds grounds) {
    CurrentUser user = own(caseId);
    cases.appeal(caseId, grounds.grounds(), user);
    return ResponseEntity.accepted().body(new Sent(caseId, "AppealLodged"));
  }

  @GetMapping("/api/cases/{caseId}/certificate")
  @Operation(summary = "The certificate of my case (latest revision)")
  CertificateView certificate(@PathVariable String caseId) {
    own(caseId);
    return cases.certificate(caseId).map(CertificateView::of)
        .orElseThrow(() -> ApiProblem.notFound("No certificate for " + caseId));
  }

  @GetMapping("/api/cases/{caseId}/certificate/document")
  @Operation(summary = "Download the certificate document (hash verified while streaming)")
  ResponseEntity<InputStreamResource> certificateDocument(@PathVariable String caseId) {
    own(caseId);
    Evidence e = cases.certificatePdf(caseId);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(e.getMediaType()))
        .contentLength(e.getSizeBytes())
        .header(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(e.getFileName()).build().toString())
        .body(new InputStreamResource(cases.open(e)));
  }

  private CurrentUser own(String caseId) {
    CurrentUser user = users.current();
    access.requireOwnCase(caseId, user);
    return user;
  }
}
