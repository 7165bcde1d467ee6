package org.exportcert.certification.outbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.exportcert.certification.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due messages. Each message is sent while its row is locked (SKIP LOCKED), so two
 * instances never send it at once; a crash between sending and committing re-sends it with the
 * same idempotency key, which the receiver uses to drop the duplicate. Nothing is lost: a message
 * stays pending until a send succeeds, and only then is marked sent.
 */
@Service
public class OutboxDispatcher {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

  private final OutboxMessageRepository messages;
  private final Map<OutboxMessage.Channel, OutboxSender> senders;
  private final OutboxProperties properties;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Clock clock;

  public OutboxDispatcher(
      OutboxMessageRepository messages,
      List<OutboxSender> senders,
      OutboxProperties properties,
      AuditTrail audit,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.messages = messages;
    this.senders = senders.stream().collect(Collectors.toMap(OutboxSender::channel, Function.identity()));
    this.properties = properties;
    this.audit = audit;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${exportcert.outbox.poll-interval:PT5S}")
  public void poll() {
    if (!properties.dispatcherEnabled()) {
      return;
    }
    try {
      dispatchDue();
    } catch (RuntimeException e) {
      log.warn("Outbox dispatch failed: {}", e.toString());
    }
  }

  /** Sends what is due now, one message per transaction. @return how many were delivered */
  public int dispatchDue() {
    int delivered = 0;
    while (true) {
      Boolean result =
          tx.execute(
              s -> {
                List<OutboxMessage> due = messages.lockDue(clock.instant(), 1);
                if (due.isEmpty()) {
                  return null;
                }
                return deliver(due.get(0));
              });
      if (result == null) {
        return delivered;
      }
      if (result) {
        delivered++;
      }
    }
  }

  private boolean deliver(OutboxMessage m) {
    OutboxSender sender = senders.get(m.getChannel());
    try {
      if (sender == null) {
        throw new IllegalStateException("No sender for " + m.getChannel());
      }
      sender.send(m);
      m.sent(clock.instant());
      audit.record("outbox", "outbox.sent." + m.getChannel().name().toLowerCase(), "case", m.getCaseId(), m.getIdempotencyKey());
      return true;
    } catch (Exception e) {
      boolean giveUp = m.getAttempts() + 1 >= properties.maxAttempts();
      m.failed(e.toString(), clock.instant().plus(properties.retryAfter(m.getAttempts() + 1)), giveUp);
      log.warn("Delivery of {} failed (attempt {}): {}", m.getIdempotencyKey(), m.getAttempts(), e.toString());
      if (giveUp) {
        audit.record("outbox", "outbox.failed", "case", m.getCaseId(), m.getIdempotencyKey() + ": " + e);
      }
      return false;
    }
  }
}
