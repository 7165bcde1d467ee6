package org.exportcert.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose cluster lives in a directory that is
 * kept across restarts. Used when no external database is configured.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String DATABASE = "postgres";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private LocalPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on 127.0.0.1.
   *
   * @param directory cluster directory; created by initdb on first start, reused afterwards
   * @param port 0 for a free port
   */
  public static LocalPostgres start(Path directory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory.toAbsolutePath().toFile())
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // a local stack never needs the default 100 connections' worth of shared memory
              .setServerConfig("max_connections", "50");
      if (port > 0) {
        builder.setPort(port);
      }
      return new LocalPostgres(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL did not start in " + directory, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
