package org.exportcert.certification.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A message to send, written in the same transaction as the change that causes it; the
 * idempotency key derives from case and step, so a retried step finds its message instead of
 * adding a second, and the receiver can drop a redelivery.
 */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {

  public enum Channel { PARTNER_DOSSIER, APPLICANT_NOTIFICATION, LAB_REQUEST }

  public enum Status { PENDING, SENT, FAILED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "idempotency_key", nullable = false, updatable = false, unique = true)
  private String idempotencyKey;

  @Column(name = "case_id", nullable = false, updatable = false)
  private String caseId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private Channel channel;

  @Column(nullable = false, updatable = false)
  private String destination;

  @Column(updatable = false)
  private String subject;

  @Column(nullable = false, updatable = false)
  private String payload;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Status status;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "sent_at")
  private Instant sentAt;

  @Column(name = "last_error")
  private String lastError;

  protected OutboxMessage() {}

  OutboxMessage(
      String idempotencyKey,
      String caseId,
      Channel channel,
      String destination,
      String subject,
      String payload,
      Instant at) {
    this.idempotencyKey = idempotencyKey;
    this.caseId = caseId;
    this.channel = channel;
    this.destination = destination;
    this.subject = subject;
    this.payload = payload;
    this.status = Status.PENDING;
    this.nextAttemptAt = at;
    this.createdAt = at;
  }

  public Long getId() { return id; }
  public String getIdempotencyKey() { return idempotencyKey; }
  public String getCaseId() { return caseId; }
  public Channel getChannel() { return channel; }
  public String getDestination() { return destination; }
  public String getSubject() { return subject; }
  public String getPayload() { return payload; }
  public Status getStatus() { return status; }
  public int getAttempts() { return attempts; }
  public Instant getNextAttemptAt() { return nextAttemptAt; }
  public Instant getCreatedAt() { return createdAt; }
  public Instant getSentAt() { return sentAt; }
  public String getLastError() { return lastError; }

  void sent(Instant at) {
    this.attempts++;
    this.status = Status.SENT;
    this.sentAt = at;
    this.lastError = null;
  }

  void failed(String error, Instant retryAt, boolean giveUp) {
    this.attempts++;
    this.lastError = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
    this.nextAttemptAt = retryAt;
    this.status = giveUp ? Status.FAILED : Status.PENDING;
  }
}
