package org.exportcert.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose cluster lives in a directory that is
 * kept across restarts. Used when no external database is configured.
 *
 * <p>Secure by default: every connection, local ones included, authenticates with a password
 * (SCRAM). Three roles: the superuser (kept for repairs), the owner of the schema that migrations
 * run as, and the application's role, which may read and write rows but change no structure, and
 * neither change nor delete audit entries. Their passwords are generated into the data directory
 * ({@link PostgresCredentials}, owner-only). A cluster written by an earlier version (trusting
 * every local connection, everything owned by the superuser) is converted at its first start.
 */
public final class LocalPostgres implements AutoCloseable, Supervised {

  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

  public static final String DATABASE = "postgres";
  public static final String USER = PostgresCredentials.SUPERUSER;

  private final Path directory;
  private final PostgresCredentials credentials;
  private volatile EmbeddedPostgres postgres;
  private volatile long postmasterPid;
  private volatile boolean closed;

  private LocalPostgres(Path directory, PostgresCredentials credentials) {
    this.directory = directory;
    this.credentials = credentials;
  }

  /**
   * Starts PostgreSQL on 127.0.0.1.
   *
   * @param directory cluster directory; created by initdb on first start, reused afterwards
   * @param port 0 for a free port
   */
  public static LocalPostgres start(Path directory, int port) {
    Path credentialsFile = PostgresCredentials.fileFor(directory);
    PostgresCredentials existing = PostgresCredentials.read(credentialsFile);
    boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
    // a cluster of an earlier version: no password is known yet, so its superuser is trusted over
    // loopback for the seconds the conversion takes (it trusted every local connection anyway)
    boolean converting = existing == null && !fresh;
    PostgresCredentials credentials = existing == null ? PostgresCredentials.generate() : existing;
    LocalPostgres pg = new LocalPostgres(directory, credentials);
    pg.postgres = launch(directory, port, converting ? null : credentials);
    pg.postmasterPid = readPid(directory);
    if (fresh || converting) {
      try {
        pg.provision(credentialsFile, converting);
      } catch (RuntimeException e) {
        pg.close();
        throw e;
      }
    }
    return pg;
  }

  /**
   * @param credentials null while a cluster of an earlier version is converted (trusted
   *     superuser); else its superuser password, which initdb sets on a new cluster, so that one
   *     never trusts anybody
   */
  private static EmbeddedPostgres launch(Path directory, int port, PostgresCredentials credentials) {
    boolean bootstrap = credentials == null;
    stopOrphan(directory);
    Path pwfile = null;
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory.toAbsolutePath().toFile())
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("password_encryption", "scram-sha-256")
              // zonky turns durability off for throwaway test databases; this cluster keeps data
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              // a local stack never needs the default 100 connections' worth of shared memory
              .setServerConfig("max_connections", "50")
              // written after initdb and before every start: no start ever trusts a connection,
              // except the superuser over loopback while a cluster is being converted
              .setDataDirectoryCustomizer(dir -> HostBasedAuthentication.write(dir.toPath(), bootstrap));
      if (!bootstrap) {
        // zonky's readiness check connects as the superuser
        builder.setConnectConfig("password", credentials.superuserPassword());
        if (!Files.exists(directory.resolve("PG_VERSION"))) {
          pwfile = Files.createTempFile("exportcert-pg", ".pw",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(pwfile, credentials.superuserPassword() + "\n", StandardCharsets.UTF_8);
          // zonky hands these to initdb as --key=value, after its own "-A trust", which they override
          builder.setLocaleConfig("pwfile", pwfile.toString());
          builder.setLocaleConfig("auth", "scram-sha-256");
        }
      }
      if (port > 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL did not start in " + directory, e);
    } finally {
      if (pwfile != null) {
        try {
          Files.deleteIfExists(pwfile);
        } catch (IOException e) {
          log.warn("Could not delete {}: {}", pwfile, e.getMessage());
        }
      }
    }
  }

  /** Passwords, roles and privileges; then the credentials file; then password-only access. */
  private void provision(Path credentialsFile, boolean converting) {
    try (Connection c = converting
        ? DriverManager.getConnection(url() + "?user=" + USER)
        : DriverManager.getConnection(url(), USER, credentials.superuserPassword())) {
      Roles.provision(c, credentials);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set up the roles of the embedded PostgreSQL in " + directory, e);
    }
    credentials.write(credentialsFile);
    if (converting) {
      HostBasedAuthentication.write(directory, false);
      try (Connection c = DriverManager.getConnection(url(), USER, credentials.superuserPassword());
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_reload_conf()");
      } catch (SQLException e) {
        throw new IllegalStateException("Could not reload the embedded PostgreSQL's configuration", e);
      }
    }
    log.info("Embedded PostgreSQL in {} requires passwords (kept in {})", directory, credentialsFile);
  }

  /**
   * A server left running by a process that died (kill -9, power loss of the JVM only) still
   * holds the cluster. The caller holds the data-directory lock, so such a server is an orphan of
   * ours: shut it down before starting a fresh one.
   */
  static void stopOrphan(Path directory) {
    long pid = readPid(directory);
    if (pid <= 0) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
        .ifPresent(
            orphan -> {
              log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run",
                  orphan.pid(), directory);
              orphan.destroy(); // SIGTERM: a clean shutdown, the cluster stays consistent
              orphan.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
  }

  private static long readPid(Path directory) {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return -1;
    }
    try {
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
      return first.isEmpty() ? -1 : Long.parseLong(first);
    } catch (IOException | NumberFormatException e) {
      log.warn("Could not read {}: {}", pidFile, e.getMessage());
      return -1;
    }
  }

  /** The server's process id, e.g. for a test that kills it. */
  public long pid() {
    return postmasterPid;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public boolean alive() {
    return ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** After a crash: release what is left of the old server and start it again on the same port. */
  @Override
  public synchronized void restart() {
    if (closed) {
      return;
    }
    int port = postgres.getPort();
    try {
      postgres.close(); // pg_ctl stop fails on a dead server; this releases zonky's lock regardless
    } catch (IOException e) {
      log.debug("Stopping the crashed PostgreSQL: {}", e.getMessage());
    }
    postgres = launch(directory, port, credentials);
    postmasterPid = readPid(directory);
  }

  public int port() {
    return postgres.getPort();
  }

  /** The server's JDBC address, without credentials. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** Superuser access with the password in the address: for tests and repairs, never for the app. */
  public String jdbcUrl() {
    return url() + "?user=" + USER + "&password="
        + URLEncoder.encode(credentials.superuserPassword(), StandardCharsets.UTF_8);
  }

  public PostgresCredentials credentials() {
    return credentials;
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
