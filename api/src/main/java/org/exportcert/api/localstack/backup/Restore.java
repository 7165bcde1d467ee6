package org.exportcert.api.localstack.backup;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.exportcert.localstack.DataDirectoryLock;
import org.exportcert.localstack.LocalObjectStore;
import org.exportcert.localstack.LocalPostgres;
import org.exportcert.localstack.PostgresCredentials;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.PGConnection;

/**
 * Restores a backup into an empty data directory, for the application to start on: the archive
 * is checked whole first; then the embedded PostgreSQL is created there (new passwords), the
 * migrations are run up to the versions the backup was written at and the rows and sequences are
 * loaded; the objects go into a new embedded S3 store; the engine's journal and the completion
 * stamp key are put in place. The engine's client password is generated at the first start, as on
 * a fresh machine; the archive carries no passwords. On any failure the directory is emptied
 * again, so the restore can simply be run once more.
 */
public final class Restore {

  private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  private Restore() {}

  /** What was restored, for the command's last lines. */
  public record Summary(int tables, long rows, int objects, long journalRecords, BackupManifest manifest) {}

  /** Checks the archive only (the command's {@code --verify-only}). */
  public static BackupManifest verify(Path archive) {
    try (ArchiveCheck.Checked checked = ArchiveCheck.open(archive)) {
      return checked.manifest();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Summary restore(Path archive, Path dataDirectory, Consumer<String> progress) {
    Path target = dataDirectory.toAbsolutePath().normalize();
    refuseNonEmpty(target);
    try (ArchiveCheck.Checked checked = ArchiveCheck.open(archive)) {
      BackupManifest manifest = checked.manifest();
      progress.accept("archive checked: " + manifest.parts().size() + " parts, written " + manifest.createdAt()
          + " by ExportCert " + manifest.application() + " (engine " + manifest.engine() + ", PostgreSQL "
          + manifest.postgres() + ")");
      refuseNonEmpty(target); // once more: the check of a large archive takes a while
      Files.createDirectories(target);
      try {
        Summary summary;
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(target)) {
          long rows = restoreDatabase(checked, target, progress);
          int objects = restoreObjects(checked, target, progress);
          restoreFiles(checked, target);
          progress.accept("engine journal: " + manifest.journalRecords() + " records; completion stamp key "
              + (manifest.parts().stream().anyMatch(p -> p.path().equals(BackupService.STAMP_KEY)) ? "restored" : "not in the archive"));
          summary = new Summary(manifest.tables().size(), rows, objects, manifest.journalRecords(), manifest);
        }
        return summary;
      } catch (RuntimeException | IOException | SQLException e) {
        emptyAgain(target);
        if (e instanceof RestoreRefused refused) {
          throw refused;
        }
        throw new RestoreRefused("restore.failed", target, e.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void refuseNonEmpty(Path target) {
    if (Files.exists(target)) {
      if (!Files.isDirectory(target)) {
        throw new RestoreRefused("restore.target-not-empty", target);
      }
      try (Stream<Path> entries = Files.list(target)) {
        if (entries.findAny().isPresent()) {
          throw new RestoreRefused("restore.target-not-empty", target);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---------------------------------------------------------------- database

  private static long restoreDatabase(ArchiveCheck.Checked archive, Path target, Consumer<String> progress)
      throws SQLException, IOException {
    BackupManifest manifest = archive.manifest();
    try (LocalPostgres postgres = LocalPostgres.start(target.resolve("postgres"), 0)) {
      PostgresCredentials credentials = postgres.credentials();
      migrate(postgres, credentials, manifest, archive);
      progress.accept("database schema migrated to " + manifest.schema());
      long rows = 0;
      try (Connection c = DriverManager.getConnection(postgres.url(), PostgresCredentials.SUPERUSER,
          credentials.superuserPassword())) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          // rows as they were: no trigger (the audit trail's append-only guard, its hash chain)
          // and no foreign-key check fires on what is copied back in
          s.execute("SET session_replication_role = replica");
        }
        List<BackupManifest.Table> tables = manifest.tables().stream()
            .filter(t -> !DatabaseSnapshot.HISTORIES.containsKey(t.name())).toList();
        for (BackupManifest.Table table : tables) {
          List<String> columns = DatabaseSnapshot.columns(c, table.name());
          if (!columns.equals(table.columns())) {
            throw new RestoreRefused("restore.schema-mismatch", table.name(), table.columns(), columns);
          }
        }
        if (!tables.isEmpty()) {
          try (Statement s = c.createStatement()) {
            // what the migrations seeded (e.g. the audit head) is replaced by the backup's rows
            s.execute("TRUNCATE " + tables.stream().map(t -> DatabaseSnapshot.quote(t.name()))
                .collect(Collectors.joining(", ")));
          }
        }
        for (BackupManifest.Table table : tables) {
          long n;
          try (InputStream in = archive.open(BackupManifest.tablePath(table.name()))) {
            n = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + DatabaseSnapshot.quote(table.name())
                + " (" + DatabaseSnapshot.columnList(table.columns()) + ") FROM STDIN", in);
          }
          if (n != table.rows()) {
            throw new IllegalStateException("table " + table.name() + ": " + n + " rows loaded, the manifest records " + table.rows());
          }
          rows += n;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
          for (BackupManifest.Sequence sequence : manifest.sequences()) {
            p.setString(1, DatabaseSnapshot.quote(sequence.name()));
            p.setLong(2, sequence.lastValue());
            p.setBoolean(3, sequence.isCalled());
            p.execute();
          }
        }
        c.commit();
      }
      progress.accept("database: " + tables(manifest) + " tables, " + rows + " rows, "
          + manifest.sequences().size() + " sequences");
      return rows;
    }
  }

  private static int tables(BackupManifest manifest) {
    return manifest.tables().size();
  }

  /** The domain's migrations, then the API's (as the application runs them), to the backup's versions. */
  private static void migrate(LocalPostgres postgres, PostgresCredentials credentials, BackupManifest manifest,
      ArchiveCheck.Checked archive) {
    for (String history : List.of("flyway_schema_history", "api_schema_history")) {
      String version = manifest.schema() == null ? null : manifest.schema().get(history);
      if (version == null) {
        continue;
      }
      FluentConfiguration config = Flyway.configure()
          .dataSource(postgres.url(), PostgresCredentials.OWNER, credentials.ownerPassword())
          .table(history)
          .locations(DatabaseSnapshot.HISTORIES.get(history))
          .target(MigrationVersion.fromVersion(version));
      if (history.equals("api_schema_history")) {
        config.baselineOnMigrate(true).baselineVersion("0");
      }
      Flyway flyway = config.load();
      flyway.migrate();
      var current = flyway.info().current();
      String reached = current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion();
      if (!MigrationVersion.fromVersion(version).equals(current == null ? null : current.getVersion())) {
        throw new RestoreRefused("restore.schema-newer", history, version, reached, archive.manifest().application());
      }
    }
  }

  // ---------------------------------------------------------------- objects

  private static int restoreObjects(ArchiveCheck.Checked archive, Path target, Consumer<String> progress)
      throws IOException {
    BackupManifest manifest = archive.manifest();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
    Map<String, BackupManifest.Part> parts = manifest.parts().stream()
        .collect(Collectors.toMap(BackupManifest.Part::path, p -> p));
    try (LocalObjectStore store = LocalObjectStore.start(target.resolve("objects"), 0, "exportcert-restore", secret)) {
      MinioClient s3 = MinioClient.builder().endpoint(store.endpoint())
          .credentials(store.accessKey(), store.secretKey()).build();
      String bucket = manifest.bucket();
      if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
      int done = 0;
      long lastLog = System.nanoTime();
      for (BackupManifest.StoredObject object : manifest.objects()) {
        String path = BackupManifest.objectPath(object.key());
        long size = parts.get(path).size();
        try (InputStream in = archive.open(path)) {
          PutObjectArgs.Builder put = PutObjectArgs.builder().bucket(bucket).object(object.key())
              .stream(in, size, size > MIN_PART_SIZE ? MIN_PART_SIZE * 2 : -1);
          if (object.contentType() != null && !object.contentType().isBlank()) {
            put.contentType(object.contentType());
          }
          s3.putObject(put.build());
        }
        done++;
        if (System.nanoTime() - lastLog > 5_000_000_000L) {
          lastLog = System.nanoTime();
          progress.accept("objects: " + done + " of " + manifest.objects().size());
        }
      }
      progress.accept("objects: " + done + " into bucket " + bucket);
      return done;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("could not store the objects: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- engine and secrets

  private static void restoreFiles(ArchiveCheck.Checked archive, Path target) throws IOException {
    for (BackupManifest.Part part : archive.manifest().parts()) {
      String path = part.path();
      if (!path.startsWith("engine/") && !path.equals(BackupService.STAMP_KEY)) {
        continue;
      }
      Path file = target.resolve(path).normalize();
      if (!file.startsWith(target)) {
        throw new IllegalStateException("refusing to write outside " + target + ": " + path);
      }
      boolean secret = path.startsWith("secrets/");
      Path parent = file.getParent();
      if (!Files.exists(parent)) {
        if (secret) {
          Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(parent);
        }
      }
      if (secret) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      try (InputStream in = archive.open(path); OutputStream out = Files.newOutputStream(file)) {
        in.transferTo(out);
      }
    }
  }

  /** After a failed restore the directory was empty before: make it so again. */
  private static void emptyAgain(Path target) {
    try (Stream<Path> all = Files.walk(target)) {
      List<Path> paths = new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
      paths.remove(target);
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // the message already tells the operator to empty the directory
    }
  }
}
