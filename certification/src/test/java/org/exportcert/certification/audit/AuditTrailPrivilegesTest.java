package org.exportcert.certification.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.exportcert.localstack.LocalPostgres;
import org.exportcert.localstack.PostgresCredentials;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded database as ExportCert sets it up: the migrations run as the owner role, the
 * application connects as its own role, and that role cannot touch the audit trail's past.
 */
class AuditTrailPrivilegesTest {

  @TempDir Path dir;

  @Test
  void theApplicationRoleAppendsAuditEntriesButCannotChangeThemOrSwitchTheTriggerOff() throws Exception {
    try (LocalPostgres pg = LocalPostgres.start(dir.resolve("postgres"), 0)) {
      PostgresCredentials credentials = pg.credentials();
      Flyway.configure()
          .dataSource(pg.url(), PostgresCredentials.OWNER, credentials.ownerPassword())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      try (Connection app = DriverManager.getConnection(
              pg.url(), PostgresCredentials.APPLICATION, credentials.applicationPassword());
          Statement s = app.createStatement()) {
        s.execute("""
            INSERT INTO audit_entry (seq, occurred_at, actor, action, subject_type, subject_id,
                                     previous_hash, entry_hash)
            VALUES (1, now(), 'committee', 'decision.grant', 'case', 'EC-2026-000001', 'p', 'h')""");
        s.execute("UPDATE audit_head SET last_seq = 1 WHERE id = 1");
        for (String tamper : new String[] {
            "UPDATE audit_entry SET actor = 'someone else'",
            "DELETE FROM audit_entry",
            "TRUNCATE audit_entry",
            "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only",
            "DROP TRIGGER audit_entry_append_only ON audit_entry",
            "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TABLE shadow (v TEXT)"}) {
          // refused for want of privilege, before the trigger even runs
          assertThatThrownBy(() -> s.execute(tamper)).as(tamper).isInstanceOf(SQLException.class)
              .hasMessageMatching("(?s).*(permission denied|must be owner).*");
        }
      }
      try (Connection su = DriverManager.getConnection(pg.jdbcUrl());
          Statement s = su.createStatement();
          var rs = s.executeQuery("SELECT actor, tgenabled FROM audit_entry,"
              + " pg_trigger WHERE tgname = 'audit_entry_append_only'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("committee");
        assertThat(rs.getString(2)).isEqualTo("O"); // enabled
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
