package org.exportcert.localstack;

import static org.assertj.core.api.Assertions.assertThat;

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
}
