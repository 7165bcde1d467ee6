package org.exportcert.api.localstack.backup;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.exportcert.ExportCertApplication;
import org.exportcert.certification.evidence.ObjectStorageProperties;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.engine.runtime.CommandProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A consistent backup of the running embedded stack, streamed as one archive. Order matters:
 *
 * <ol>
 *   <li>the engine pauses at a command boundary; while it is paused the database snapshot is
 *       taken, so both describe the same instant, as a crash at that instant would leave them
 *       (which the application is built to survive: the engine journal and the database are
 *       written in the same order at run time);
 *   <li>the journal is copied up to the cut, record by record, after the engine went on;
 *   <li>every table and sequence is copied out of the snapshot;
 *   <li>the bucket is copied last: evidence objects are immutable and stored before their row,
 *       so every row of the snapshot finds its object (checked, with its SHA-256); objects
 *       stored after the snapshot come along without a row and are swept at the restored start.
 * </ol>
 */
@Service
public class BackupService {

  private static final Logger log = LoggerFactory.getLogger(BackupService.class);
  static final String STAMP_KEY = "secrets/completion-stamp.key";

  private final ObjectProvider<EngineSource> engine;
  private final MinioClient s3;
  private final ObjectStorageProperties storage;
  private final DataSource dataSource;
  private final Path dataDirectory;
  private final String url;
  private final String user;
  private final String password;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();

  public BackupService(
      ObjectProvider<EngineSource> engine,
      MinioClient s3,
      ObjectStorageProperties storage,
      DataSource dataSource,
      Clock clock,
      @Value("${exportcert.data-dir:./data}") Path dataDirectory,
      @Value("${spring.flyway.url:${spring.datasource.url:}}") String url,
      @Value("${spring.flyway.user:}") String user,
      @Value("${spring.flyway.password:}") String password) {
    this.engine = engine;
    this.s3 = s3;
    this.storage = storage;
    this.dataSource = dataSource;
    this.clock = clock;
    this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Refused when the engine is not the embedded one: its journal is what this backs up. */
  public static final class BackupUnavailable extends RuntimeException {
    BackupUnavailable(String message) {
      super(message);
    }
  }

  /** Another backup is being written. */
  public static final class BackupRunning extends RuntimeException {
    BackupRunning() {
      super("A backup is already being written; wait for it to finish.");
    }
  }

  /** Checks before the answer starts, so a refusal is a proper error and not a broken download. */
  public ExportCertEngine checkAvailable() {
    EngineSource source = engine.getIfAvailable();
    ExportCertEngine local = source == null ? null : source.current();
    if (local == null) {
      throw new BackupUnavailable("This application runs on an external Camunda cluster: the backup covers"
          + " the embedded stack only. Back up the cluster, the database and the bucket with their own tools"
          + " (docs/operations.md).");
    }
    return local;
  }

  /** Reserves the single backup slot; release with {@link #release()}. */
  public void reserve() {
    if (!running.compareAndSet(false, true)) {
      throw new BackupRunning();
    }
  }

  public void release() {
    running.set(false);
  }

  /** Writes the whole archive to {@code out}; the manifest comes last, so a cut-short archive is refused on restore. */
  public BackupManifest write(OutputStream out) throws IOException, SQLException {
    ExportCertEngine local = checkAvailable();
    long started = System.nanoTime();
    log.info("Backup started (data directory {})", dataDirectory);
    try (DatabaseSnapshot db = new DatabaseSnapshot(connect());
        ArchiveWriter archive = new ArchiveWriter(out)) {
      long asked = System.nanoTime();
      long[] snapshot = new long[2];
      Path staging = Files.createTempDirectory("exportcert-backup-engine");
      long records;
      try {
        records = local.backup(staging, () -> {
          snapshot[0] = System.nanoTime();
          try {
            db.begin();
          } catch (SQLException e) {
            throw new IllegalStateException("could not open the database snapshot: " + e.getMessage(), e);
          }
          snapshot[1] = System.nanoTime();
        }, Duration.ofMinutes(2));
        log.info("Backup: engine paused at a command boundary, its files copied in {} ms; database snapshot"
                + " taken in {} ms; journal position {}",
            (snapshot[0] - asked) / 1_000_000, (snapshot[1] - snapshot[0]) / 1_000_000, records);
        db.readTables();
        long bytes = archiveEngineFiles(staging, archive);
        log.info("Backup: engine data {} bytes", bytes);
      } finally {
        deleteTree(staging);
      }

      List<BackupManifest.Table> tables = new ArrayList<>();
      long rows = 0;
      for (BackupManifest.Table table : db.tables()) {
        long n;
        try (OutputStream part = archive.part(BackupManifest.tablePath(table.name()))) {
          n = db.copyOut(table, part);
        }
        tables.add(new BackupManifest.Table(table.name(), table.columns(), n));
        rows += n;
      }
      List<BackupManifest.Sequence> sequences = db.sequences();
      Map<String, String> schema = db.schemaVersions();
      Map<String, String> evidence = db.evidenceObjects();
      String postgres = db.serverVersion();
      log.info("Backup: database {} tables, {} rows, schema {}", tables.size(), rows, schema);

      List<BackupManifest.StoredObject> objects = copyObjects(archive, evidence);

      Path stampKey = dataDirectory.resolve(STAMP_KEY);
      if (Files.isRegularFile(stampKey)) {
        try (OutputStream part = archive.part(STAMP_KEY)) {
          Files.copy(stampKey, part);
        }
      }
      BackupManifest manifest = new BackupManifest(
          BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION, clock.instant(), applicationVersion(),
          ExportCertEngine.VERSION, CommandProcessor.JOURNAL_FORMAT, records, postgres, schema,
          storage.bucket(), tables, sequences, objects, archive.parts());
      archive.finish(manifest);
      log.info("Backup finished in {} s: {} parts, {} bytes before compression ({} rows, {} objects, {} journal records)",
          Duration.ofNanos(System.nanoTime() - started).toSeconds(), manifest.parts().size(), archive.bytes(),
          rows, objects.size(), records);
      return manifest;
    } catch (IOException | SQLException | RuntimeException e) {
      log.error("Backup failed after {} s: {}. The archive written so far has no manifest; a restore refuses it.",
          Duration.ofNanos(System.nanoTime() - started).toSeconds(), e.toString());
      throw e;
    }
  }

  /** As the migration role where one is configured (it owns every table), else the application's. */
  private Connection connect() throws SQLException {
    if (!url.isBlank() && !user.isBlank()) {
      return DriverManager.getConnection(url, user, password);
    }
    return dataSource.getConnection();
  }

  /** The engine's copy (snapshots, journal segments, history store, documents) under {@code engine/}. */
  private static long archiveEngineFiles(Path staging, ArchiveWriter archive) throws IOException {
    long bytes = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String relative = staging.relativize(file).toString().replace('\\', '/');
      try (OutputStream part = archive.part("engine/" + relative)) {
        bytes += Files.copy(file, part);
      }
    }
    return bytes;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.warn("Could not delete the backup's staging directory {}: {}", dir, e.toString());
    }
  }

  private List<BackupManifest.StoredObject> copyObjects(ArchiveWriter archive, Map<String, String> evidence)
      throws IOException {
    List<BackupManifest.StoredObject> objects = new ArrayList<>();
    Map<String, String> archived = new java.util.HashMap<>();
    long lastLog = System.nanoTime();
    Iterable<Result<Item>> items = s3.listObjects(
        ListObjectsArgs.builder().bucket(storage.bucket()).recursive(true).build());
    for (Result<Item> result : items) {
      Item item;
      try {
        item = result.get();
      } catch (Exception e) {
        throw new IOException("could not list the bucket " + storage.bucket() + ": " + e.getMessage(), e);
      }
      if (item.isDir()) {
        continue;
      }
      String key = item.objectName();
      String contentType;
      try (GetObjectResponse in = s3.getObject(
              GetObjectArgs.builder().bucket(storage.bucket()).object(key).build());
          OutputStream part = archive.part(BackupManifest.objectPath(key))) {
        contentType = in.headers().get("Content-Type");
        in.transferTo(part);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("could not read the object " + key + ": " + e.getMessage(), e);
      }
      BackupManifest.Part written = archive.lastPart();
      archived.put(key, written.sha256());
      objects.add(new BackupManifest.StoredObject(key, contentType));
      if (System.nanoTime() - lastLog > 5_000_000_000L) {
        lastLog = System.nanoTime();
        log.info("Backup: {} objects so far ({} bytes in the archive)", objects.size(), archive.bytes());
      }
    }
    for (Map.Entry<String, String> row : evidence.entrySet()) {
      String sha = archived.get(row.getKey());
      if (sha == null) {
        throw new IllegalStateException("the evidence object " + row.getKey() + " of the database snapshot"
            + " is missing from the bucket " + storage.bucket());
      }
      if (!sha.equals(row.getValue())) {
        throw new IllegalStateException("the evidence object " + row.getKey() + " does not hold the content"
            + " its row records (SHA-256 " + sha + ", recorded " + row.getValue() + ")");
      }
    }
    log.info("Backup: {} objects, every one of the {} evidence rows' objects present with its SHA-256",
        objects.size(), evidence.size());
    return objects;
  }

  static String applicationVersion() {
    String version = ExportCertApplication.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
