package org.exportcert.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

  @TempDir Path dir;

  @Test
  void dataWrittenBeforeAStopIsThereAfterTheNextStart() throws Exception {
    Path cluster = dir.resolve("postgres");
    try (LocalPostgres pg = LocalPostgres.start(cluster, 0);
        Connection c = DriverManager.getConnection(pg.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v TEXT)");
      s.execute("INSERT INTO kept VALUES ('before restart')");
    }
    try (LocalPostgres pg = LocalPostgres.start(cluster, 0);
        Connection c = DriverManager.getConnection(pg.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("before restart");
    }
  }

  @Test
  void aServerOrphanedByAKilledRunIsStoppedAndItsDataKept() throws Exception {
    Path cluster = dir.resolve("orphaned");
    Process crashed =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingRun.class.getName(), cluster.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(crashed.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals(CrashingRun.READY)) {
        // start-up output of the child
      }
      assertThat(line).isEqualTo(CrashingRun.READY);
    }
    crashed.destroyForcibly().waitFor(); // kill -9: its PostgreSQL keeps running, orphaned

    try (LocalPostgres restarted = LocalPostgres.start(cluster, 0);
        Connection c = DriverManager.getConnection(restarted.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("committed before the crash");
    }
  }

  @Test
  void everyConnectionNeedsAPasswordAndTheSecretsAreTheOwnersOnly() throws Exception {
    Path cluster = dir.resolve("secured");
    try (LocalPostgres pg = LocalPostgres.start(cluster, 0)) {
      for (String user : new String[] {"postgres", PostgresCredentials.OWNER, PostgresCredentials.APPLICATION}) {
        assertThatThrownBy(() -> DriverManager.getConnection(pg.url(), user, "").close())
            .as(user + " without a password").isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(pg.url(), user, "guess").close())
            .as(user + " with a wrong password").isInstanceOf(SQLException.class);
      }
      try (Connection c = DriverManager.getConnection(
          pg.url(), PostgresCredentials.APPLICATION, pg.credentials().applicationPassword())) {
        assertThat(c.isValid(2)).isTrue();
      }
      Path secrets = PostgresCredentials.fileFor(cluster);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
      assertThat(Files.readString(cluster.resolve("pg_hba.conf"))).doesNotContain("trust");
    }
    // the next start uses the kept passwords
    try (LocalPostgres again = LocalPostgres.start(cluster, 0);
        Connection c = DriverManager.getConnection(again.jdbcUrl())) {
      assertThat(c.isValid(2)).isTrue();
    }
  }

  @Test
  void theApplicationRoleChangesRowsButNoStructure() throws Exception {
    try (LocalPostgres pg = LocalPostgres.start(dir.resolve("roles"), 0)) {
      try (Connection owner = DriverManager.getConnection(
              pg.url(), PostgresCredentials.OWNER, pg.credentials().ownerPassword());
          Statement s = owner.createStatement()) {
        s.execute("CREATE TABLE kept (id BIGSERIAL PRIMARY KEY, v TEXT)");
      }
      try (Connection app = DriverManager.getConnection(
              pg.url(), PostgresCredentials.APPLICATION, pg.credentials().applicationPassword());
          Statement s = app.createStatement()) {
        s.execute("INSERT INTO kept (v) VALUES ('a')");
        s.execute("UPDATE kept SET v = 'b'");
        s.execute("DELETE FROM kept");
        for (String ddl : new String[] {
            "CREATE TABLE mine (v TEXT)", "ALTER TABLE kept ADD COLUMN w TEXT", "DROP TABLE kept",
            "TRUNCATE kept", "CREATE TEMP TABLE scratch (v TEXT)"}) {
          assertThatThrownBy(() -> s.execute(ddl)).as(ddl).isInstanceOf(SQLException.class);
        }
      }
    }
  }

  @Test
  void aClusterOfTheEarlierVersionOpensAndIsSecuredAtItsFirstStart() throws Exception {
    Path cluster = dir.resolve("earlier");
    // as the earlier version left it: every local connection trusted, all owned by the superuser
    try (EmbeddedPostgres old = EmbeddedPostgres.builder()
            .setDataDirectory(cluster.toFile()).setCleanDataDirectory(false).start();
        Connection c = old.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SEQUENCE case_number_seq");
      s.execute("CREATE TABLE kept (id BIGSERIAL PRIMARY KEY, v TEXT)");
      s.execute("INSERT INTO kept (v) VALUES ('from the earlier version')");
    }
    try (LocalPostgres pg = LocalPostgres.start(cluster, 0)) {
      assertThatThrownBy(() -> DriverManager.getConnection(pg.url(), "postgres", "").close())
          .isInstanceOf(SQLException.class);
      try (Connection app = DriverManager.getConnection(
              pg.url(), PostgresCredentials.APPLICATION, pg.credentials().applicationPassword());
          Statement s = app.createStatement();
          ResultSet rs = s.executeQuery("SELECT v, nextval('case_number_seq') FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("from the earlier version");
        s.execute("INSERT INTO kept (v) VALUES ('new')");
      }
      try (Connection owner = DriverManager.getConnection(
              pg.url(), PostgresCredentials.OWNER, pg.credentials().ownerPassword());
          Statement s = owner.createStatement()) {
        s.execute("ALTER TABLE kept ADD COLUMN w TEXT"); // migrations go on as the owner
      }
    }
  }

  @Test
  void aKilledServerIsStartedAgainByTheSupervisorWithItsData() throws Exception {
    try (LocalPostgres pg = LocalPostgres.start(dir.resolve("supervised"), 0);
        Supervisor supervisor = new Supervisor(List.of(pg), Duration.ofHours(1), 3)) {
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (v TEXT)");
        s.execute("INSERT INTO kept VALUES ('before the crash')");
      }
      int port = pg.port();
      long pid = pg.pid();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9 of the postmaster
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
      assertThat(pg.alive()).isFalse();

      supervisor.check(); // one round, as the timer would run it

      assertThat(pg.alive()).isTrue();
      assertThat(pg.port()).isEqualTo(port);
      assertThat(supervisor.states().get("postgres").restarts()).isEqualTo(1);
      assertThat(supervisor.anyFailed()).isFalse();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("before the crash");
      }
    }
  }

  @Test
  void aPartThatCannotBeBroughtBackIsReportedFailed() {
    Supervised broken = new Supervised() {
      public String name() { return "broken"; }
      public boolean alive() { return false; }
      public void restart() { throw new IllegalStateException("disk full"); }
    };
    try (Supervisor supervisor = new Supervisor(List.of(broken), Duration.ofHours(1), 2)) {
      supervisor.check();
      assertThat(supervisor.anyFailed()).isFalse(); // one failed attempt is not yet a verdict
      supervisor.check();
      assertThat(supervisor.anyFailed()).isTrue();
      assertThat(supervisor.states().get("broken").lastError()).isEqualTo("disk full");
    }
  }

  /** The run that gets killed: starts the cluster, commits a row, then waits to be killed. */
  public static final class CrashingRun {
    static final String READY = "READY";

    public static void main(String[] args) throws Exception {
      LocalPostgres pg = LocalPostgres.start(Path.of(args[0]), 0);
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (v TEXT)");
        s.execute("INSERT INTO kept VALUES ('committed before the crash')");
      }
      System.out.println(READY);
      System.out.flush();
      Thread.currentThread().join();
    }
  }
}
