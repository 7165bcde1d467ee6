package org.exportcert.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose cluster lives in a directory that is
 * kept across restarts. Used when no external database is configured.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

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
    stopOrphan(directory);
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory.toAbsolutePath().toFile())
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // zonky turns durability off for throwaway test databases; this cluster keeps data
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
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

  /**
   * A server left running by a process that died (kill -9, power loss of the JVM only) still
   * holds the cluster. The caller holds the data-directory lock, so such a server is an orphan of
   * ours: shut it down before starting a fresh one.
   */
  static void stopOrphan(Path directory) {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
      if (first.isEmpty()) {
        return;
      }
      ProcessHandle.of(Long.parseLong(first))
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
          .ifPresent(
              orphan -> {
                log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run",
                    orphan.pid(), directory);
                orphan.destroy(); // SIGTERM: a clean shutdown, the cluster stays consistent
                orphan.onExit().orTimeout(60, TimeUnit.SECONDS).join();
              });
    } catch (IOException | NumberFormatException e) {
      log.warn("Could not read {}: {}", pidFile, e.getMessage());
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
