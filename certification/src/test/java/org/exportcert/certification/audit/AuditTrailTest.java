package org.exportcert.certification.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.exportcert.certification.DomainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class AuditTrailTest extends DomainTest {

  @Autowired AuditTrail trail;
  @Autowired AuditChainVerifier verifier;
  @Autowired JdbcTemplate jdbc;

  @Test
  void entriesChainAndTheVerifierFindsAlteredMissingAndTruncatedEntries() {
    assertThat(verifier.verify().intact()).isTrue();
    AuditEntry a = trail.record("alice", "test.one", "probe", "P-1", "first");
    AuditEntry b = trail.record("bob", "test.two", "probe", "P-1", "second");
    AuditEntry c = trail.record("carol", "test.three", "probe", "P-1", null);
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
