package org.exportcert.certification.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.exportcert.certification.DomainTest;
import org.exportcert.certification.PartnerStub;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class OutboxDispatcherTest extends DomainTest {

  @Autowired ApplicationService applications;
  @Autowired OutboxService outbox;
  @Autowired OutboxDispatcher dispatcher;
  @Autowired OutboxMessageRepository messages;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aFailedDeliveryStaysQueuedWithBackOffAndIsSentOnceWhenThePartnerRecovers() {
    String caseId = TestCases.open(applications).getId();
    dispatcher.dispatchDue(); // clear what other tests left due
    PartnerStub.RECEIVED.clear();
    PartnerStub.STATUS.set(503);
    try {
      var m = outbox.enqueue("test:" + caseId, caseId, OutboxMessage.Channel.PARTNER_DOSSIER, "EU-PB", "s", "{\"type\":\"test\"}");
      assertThat(outbox.enqueue("test:" + caseId, caseId, OutboxMessage.Channel.PARTNER_DOSSIER, "EU-PB", "s", "{}").getId())
          .isEqualTo(m.getId());
      assertThat(dispatcher.dispatchDue()).isZero();
      var failed = messages.findById(m.getId()).orElseThrow();
      assertThat(failed.getStatus()).isEqualTo(OutboxMessage.Status.PENDING);
      assertThat(failed.getAttempts()).isEqualTo(1);
      assertThat(failed.getNextAttemptAt()).isAfter(failed.getCreatedAt());
      assertThat(dispatcher.dispatchDue()).isZero(); // not due yet: no hammering

      PartnerStub.STATUS.set(202);
      jdbc.update("UPDATE outbox_message SET next_attempt_at = now() WHERE id = ?", m.getId());
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
      assertThat(dispatcher.dispatchDue()).isZero();
      assertThat(messages.findById(m.getId()).orElseThrow().getStatus()).isEqualTo(OutboxMessage.Status.SENT);
      assertThat(PartnerStub.RECEIVED).hasSize(2)
          .extracting(r -> r.header("Idempotency-Key")).containsOnly("test:" + caseId);
    } finally {
      PartnerStub.STATUS.set(202);
    }
  }

  @Test
  void backOffGrowsAndIsCapped() {
    var p = new OutboxProperties(null, null, null, null, java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5));
    assertThat(p.retryAfter(1)).hasSeconds(10);
    assertThat(p.retryAfter(2)).hasSeconds(20);
    assertThat(p.retryAfter(10)).hasMinutes(5);
  }
}
