package org.exportcert.api.localstack.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;

/**
 * The whole database as of one instant: a read-only REPEATABLE READ transaction whose snapshot
 * is taken by {@link #begin()}, then every table copied out in PostgreSQL's COPY text format
 * (lossless for every column type) and every sequence's position, all from that snapshot. The
 * embedded binaries carry no pg_dump; the schema itself is rebuilt on restore by the migrations,
 * up to the versions recorded here.
 */
final class DatabaseSnapshot implements AutoCloseable {

  /** Flyway's history tables: the domain's and the API's own. */
  static final Map<String, String> HISTORIES =
      Map.of("flyway_schema_history", "classpath:db/migration", "api_schema_history", "classpath:db/api-migration");

  private final Connection connection;
  private List<BackupManifest.Table> tables;

  DatabaseSnapshot(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
  }

  /** Takes the snapshot: the first query of the transaction fixes what every later one sees. */
  void begin() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(10); // the engine waits meanwhile: a hanging database must not hold it long
      s.execute("SELECT 1");
    }
  }

  /** Reads the tables and their columns, as of the snapshot. */
  void readTables() throws SQLException {
    List<BackupManifest.Table> found = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      while (rs.next()) {
        found.add(new BackupManifest.Table(rs.getString(1), List.of(), 0));
      }
    }
    List<BackupManifest.Table> withColumns = new ArrayList<>();
    for (BackupManifest.Table t : found) {
      withColumns.add(new BackupManifest.Table(t.name(), columns(connection, t.name()), 0));
    }
    tables = withColumns;
  }

  /** The columns COPY reads and writes, in order (generated columns are computed again). */
  static List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            + " AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  List<BackupManifest.Table> tables() {
    return tables;
  }

  /** Copies one table out of the snapshot; returns the number of rows. */
  long copyOut(BackupManifest.Table table, OutputStream out) throws SQLException, IOException {
    return connection.unwrap(PGConnection.class).getCopyAPI()
        .copyOut("COPY " + quote(table.name()) + " (" + columnList(table.columns()) + ") TO STDOUT", out);
  }

  List<BackupManifest.Sequence> sequences() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT sequence_name FROM information_schema.sequences"
            + " WHERE sequence_schema = current_schema() ORDER BY sequence_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    List<BackupManifest.Sequence> sequences = new ArrayList<>();
    for (String name : names) {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + quote(name))) {
        rs.next();
        sequences.add(new BackupManifest.Sequence(name, rs.getLong(1), rs.getBoolean(2)));
      }
    }
    return sequences;
  }

  /** The highest applied migration of each history table present. */
  Map<String, String> schemaVersions() throws SQLException {
    Map<String, String> versions = new LinkedHashMap<>();
    for (BackupManifest.Table t : tables) {
      if (!HISTORIES.containsKey(t.name())) {
        continue;
      }
      MigrationVersion highest = null;
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT version FROM " + quote(t.name())
              + " WHERE success AND version IS NOT NULL")) {
        while (rs.next()) {
          MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
          if (highest == null || v.compareTo(highest) > 0) {
            highest = v;
          }
        }
      }
      if (highest != null) {
        versions.put(t.name(), highest.getVersion());
      }
    }
    return versions;
  }

  /** Evidence rows of the snapshot: object key to SHA-256, every one of which must be archived. */
  Map<String, String> evidenceObjects() throws SQLException {
    Map<String, String> objects = new LinkedHashMap<>();
    if (tables.stream().noneMatch(t -> t.name().equals("evidence"))) {
      return objects;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT object_key, sha256 FROM evidence")) {
      while (rs.next()) {
        objects.put(rs.getString(1), rs.getString(2));
      }
    }
    return objects;
  }

  String serverVersion() throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String columnList(List<String> columns) {
    return columns.stream().map(DatabaseSnapshot::quote).collect(Collectors.joining(", "));
  }

  @Override
  public void close() throws SQLException {
    try {
      connection.rollback();
    } finally {
      connection.close();
    }
  }
}
