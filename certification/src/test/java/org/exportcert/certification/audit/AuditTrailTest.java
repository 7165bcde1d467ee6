package org.exportcert.certification.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.exportcert.certification.DomainTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class AuditTrailTest extends DomainTest {

  @Autowired AuditTrail trail;
  @Autowired AuditChainVerifier verifier;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;

  /**
   * An audited transaction that goes on working (storing a file, calling the engine) must not hold
   * every other audited write: its entry is chained at its commit, after the others, and is absent
   * if it rolls back.
   */
  @Test
  void anOpenTransactionDoesNotHoldTheChainAndItsEntryExistsOnlyIfItCommits() throws Exception {
    TransactionTemplate tx = new TransactionTemplate(transactions);
    try {
      tx.executeWithoutResult(s -> {
        trail.record("alice", "test.slow", "probe", "P-2", "recorded first, committed last");
        AuditEntry meanwhile = CompletableFuture
            .supplyAsync(() -> trail.recordNow("bob", "test.quick", "probe", "P-2", null))
            .orTimeout(20, TimeUnit.SECONDS).join();
        assertThat(meanwhile.getAction()).isEqualTo("test.quick");
      });
      assertThat(trail.forSubject("probe", "P-2")).extracting(AuditEntry::getAction)
          .containsExactly("test.quick", "test.slow");

      try {
        tx.executeWithoutResult(s -> {
          trail.record("carol", "test.rolled-back", "probe", "P-2", null);
          throw new IllegalStateException("the change fails");
        });
      } catch (IllegalStateException expected) {
        // the state change did not happen, so neither did its audit entry
      }
      assertThat(trail.forSubject("probe", "P-2")).extracting(AuditEntry::getAction)
          .containsExactly("test.quick", "test.slow");
      assertThat(verifier.verify().intact()).isTrue();
    } finally {
      jdbc.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only");
      jdbc.execute("TRUNCATE audit_entry");
      jdbc.update("UPDATE audit_head SET last_seq = 0, last_hash = ?", AuditHashing.GENESIS);
      jdbc.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only");
    }
  }

  @Test
  void entriesChainAndTheVerifierFindsAlteredMissingAndTruncatedEntries() {
    assertThat(verifier.verify().intact()).isTrue();
    AuditEntry a = trail.recordNow("alice", "test.one", "probe", "P-1", "first");
    AuditEntry b = trail.recordNow("bob", "test.two", "probe", "P-1", "second");
    AuditEntry c = trail.recordNow("carol", "test.three", "probe", "P-1", null);
    assertThat(b.getPreviousHash()).isEqualTo(a.getEntryHash());
    assertThat(c.getPreviousHash()).isEqualTo(b.getEntryHash());
    assertThat(verifier.verify().intact()).isTrue();

    // The application cannot change history: the database refuses.
    assertThatThrownBy(
            () -> jdbc.update("UPDATE audit_entry SET actor = 'mallory' WHERE seq = ?", b.getSeq()))
        .hasMessageContaining("append-only");

    // A database owner can, with the trigger off; the chain still shows it.
    jdbc.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only");
    try {
      jdbc.update("UPDATE audit_entry SET reason = 'rewritten' WHERE seq = ?", a.getSeq());
      var report = verifier.verify();
      assertThat(report.problems())
          .extracting(AuditChainVerifier.Problem::kind, AuditChainVerifier.Problem::seq)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(AuditChainVerifier.ProblemKind.ALTERED, a.getSeq()));
      jdbc.update("UPDATE audit_entry SET reason = 'first' WHERE seq = ?", a.getSeq());
      assertThat(verifier.verify().intact()).isTrue();

      jdbc.update("DELETE FROM audit_entry WHERE seq = ?", b.getSeq());
      assertThat(verifier.verify().problems())
          .extracting(AuditChainVerifier.Problem::kind)
          .contains(AuditChainVerifier.ProblemKind.MISSING, AuditChainVerifier.ProblemKind.BROKEN_LINK);

      jdbc.update("DELETE FROM audit_entry WHERE seq = ?", c.getSeq());
      assertThat(verifier.verify().problems())
          .extracting(AuditChainVerifier.Problem::kind)
          .contains(AuditChainVerifier.ProblemKind.TRUNCATED);
    } finally {
      // Leave a sound chain for other tests sharing the database.
      jdbc.execute("TRUNCATE audit_entry");
      jdbc.update("UPDATE audit_head SET last_seq = 0, last_hash = ?", AuditHashing.GENESIS);
      jdbc.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only");
    }
  }
}
