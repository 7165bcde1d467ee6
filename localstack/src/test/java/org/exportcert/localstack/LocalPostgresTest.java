package org.exportcert.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
