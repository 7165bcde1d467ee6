package org.exportcert.certification.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** A stored document. The bytes live in object storage under {@link #getObjectKey()}, never overwritten. */
@Entity
@Table(name = "evidence")
public class Evidence {

  public enum ReviewStatus { SUBMITTED, REGISTERED, ACCEPTED, REJECTED }

  @Id private String id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(nullable = false, updatable = false)
  private String kind;

  @Column(name = "file_name", nullable = false, updatable = false)
  private String fileName;

  @Column(name = "media_type", nullable = false, updatable = false)
  private String mediaType;

  @Column(name = "size_bytes", nullable = false, updatable = false)
  private long sizeBytes;

  @Column(nullable = false, updatable = false)
  private String sha256;

  @Column(name = "object_key", nullable = false, updatable = false)
  private String objectKey;

  @Column(name = "submitted_by", nullable = false, updatable = false)
  private String submittedBy;

  @Column(name = "submitted_at", nullable = false, updatable = false)
  private Instant submittedAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "review_status", nullable = false)
  private ReviewStatus reviewStatus;

  @Column(name = "reviewed_by")
  private String reviewedBy;

  @Column(name = "reviewed_at")
  private Instant reviewedAt;

  @Column(name = "valid_until")
  private LocalDate validUntil;

  protected Evidence() {}

  Evidence(
      String id,
      String caseId,
      String kind,
      String fileName,
      String mediaType,
      long sizeBytes,
      String sha256,
      String objectKey,
      String submittedBy,
      Instant submittedAt,
      LocalDate validUntil) {
    this.id = id;
    this.caseId = caseId;
    this.kind = kind;
    this.fileName = fileName;
    this.mediaType = mediaType;
    this.sizeBytes = sizeBytes;
    this.sha256 = sha256;
    this.objectKey = objectKey;
    this.submittedBy = submittedBy;
    this.submittedAt = submittedAt;
    this.reviewStatus = ReviewStatus.SUBMITTED;
    this.validUntil = validUntil;
  }

  public String getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getKind() { return kind; }
  public String getFileName() { return fileName; }
  public String getMediaType() { return mediaType; }
  public long getSizeBytes() { return sizeBytes; }
  public String getSha256() { return sha256; }
  public String getObjectKey() { return objectKey; }
  public String getSubmittedBy() { return submittedBy; }
  public Instant getSubmittedAt() { return submittedAt; }
  public ReviewStatus getReviewStatus() { return reviewStatus; }
  public String getReviewedBy() { return reviewedBy; }
  public Instant getReviewedAt() { return reviewedAt; }
  public LocalDate getValidUntil() { return validUntil; }

  void review(ReviewStatus status, String reviewer, Instant at) {
    this.reviewStatus = status;
    this.reviewedBy = reviewer;
    this.reviewedAt = at;
  }
}
