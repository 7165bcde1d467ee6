package org.exportcert.certification.outbox;

import java.time.Clock;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Queues outgoing messages; the key makes a retried step find its message instead of a second. */
@Service
public class OutboxService {

  private final OutboxMessageRepository messages;
  private final Clock clock;

  public OutboxService(OutboxMessageRepository messages, Clock clock) {
    this.messages = messages;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public java.util.Optional<OutboxMessage> findByKey(String idempotencyKey) {
    return messages.findByIdempotencyKey(idempotencyKey);
  }

  @Transactional
  public OutboxMessage enqueue(
      String idempotencyKey,
      String caseId,
      OutboxMessage.Channel channel,
      String destination,
      String subject,
      String payload) {
    var existing = messages.findByIdempotencyKey(idempotencyKey);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      return messages.saveAndFlush(
          new OutboxMessage(
              idempotencyKey, caseId, channel, destination, subject, payload, clock.instant()));
    } catch (DataIntegrityViolationException race) {
      throw new ConcurrentEnqueueException(idempotencyKey, race);
    }
  }

  /** Another transaction queued the same key at the same moment; a retry finds it. */
  public static class ConcurrentEnqueueException extends RuntimeException {
    ConcurrentEnqueueException(String key, Throwable cause) {
      super("Message " + key + " was queued concurrently", cause);
    }
  }
}
