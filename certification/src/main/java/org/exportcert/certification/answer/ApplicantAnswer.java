package org.exportcert.certification.answer;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.exportcert.certification.casefile.StringListConverter;

/** The applicant's answer to a request: which request (message), the documents named, the note to staff. */
@Entity
@Table(name = "applicant_answer")
public class ApplicantAnswer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Column(nullable = false, updatable = false)
  private String message;

  /** What the applicant wrote to staff; null when they wrote nothing. */
  @Column(updatable = false)
  private String note;

  @Convert(converter = StringListConverter.class)
  @Column(name = "evidence_ids", nullable = false, updatable = false)
  private List<String> evidenceIds;

  @Column(name = "answered_by", nullable = false, updatable = false)
  private String answeredBy;

  @Column(name = "answered_at", nullable = false, updatable = false)
  private Instant answeredAt;

  @Column(name = "message_id", updatable = false, unique = true)
  private String messageId;

  protected ApplicantAnswer() {}

  ApplicantAnswer(String caseId, String message, String note, List<String> evidenceIds, String answeredBy,
      Instant answeredAt, String messageId) {
    this.caseId = caseId;
    this.message = message;
    this.note = note;
    this.evidenceIds = List.copyOf(evidenceIds);
    this.answeredBy = answeredBy;
    this.answeredAt = answeredAt;
    this.messageId = messageId;
  }

  public Long getId() { return id; }
  public String getCaseId() { return caseId; }
  public String getMessage() { return message; }
  public String getNote() { return note; }
  public List<String> getEvidenceIds() { return evidenceIds; }
  public String getAnsweredBy() { return answeredBy; }
  public Instant getAnsweredAt() { return answeredAt; }
  public String getMessageId() { return messageId; }
}
