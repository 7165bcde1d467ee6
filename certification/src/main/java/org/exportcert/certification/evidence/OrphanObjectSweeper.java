package org.exportcert.certification.evidence;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Removes evidence objects that have no evidence row: what a crash between the upload to the
 * store and the row's commit leaves behind. Runs once at start; only objects older than the grace
 * period ({@code exportcert.evidence.orphan-grace}, 1 h) are touched, so an upload another
 * instance is finishing right now keeps its object. Dossiers and other keys are left alone.
 */
@Component
public class OrphanObjectSweeper {

  private static final Logger log = LoggerFactory.getLogger(OrphanObjectSweeper.class);
  private static final Pattern EVIDENCE_KEY = Pattern.compile("cases/[^/]+/evidence/[0-9a-f]{64}");

  private final MinioClient s3;
  private final ObjectStorageProperties storage;
  private final EvidenceRepository evidence;
  private final Clock clock;
  private final Duration grace;
  private final boolean onStart;

  @Autowired
  public OrphanObjectSweeper(
      MinioClient s3, ObjectStorageProperties storage, EvidenceRepository evidence, Clock clock,
      Environment environment) {
    this(s3, storage, evidence, clock,
        environment.getProperty("exportcert.evidence.orphan-grace", Duration.class, Duration.ofHours(1)),
        environment.getProperty("exportcert.evidence.sweep-orphans-on-start", Boolean.class, true));
  }

  OrphanObjectSweeper(
      MinioClient s3, ObjectStorageProperties storage, EvidenceRepository evidence, Clock clock,
      Duration grace, boolean onStart) {
    this.s3 = s3;
    this.storage = storage;
    this.evidence = evidence;
    this.clock = clock;
    this.grace = grace;
    this.onStart = onStart;
  }

  /** In the background: a slow or hanging store must not hold up the start or readiness. */
  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    if (onStart) {
      Thread sweeper = new Thread(this::sweepLogged, "evidence-orphan-sweep");
      sweeper.setDaemon(true);
      sweeper.start();
    }
  }

  private void sweepLogged() {
    try {
      int removed = sweep();
      if (removed > 0) {
        log.info("Removed {} evidence object(s) without a row (left by an interrupted upload)", removed);
      }
    } catch (RuntimeException e) {
      // the store may be starting too; the next start sweeps again, nothing depends on it
      log.warn("Could not sweep orphaned evidence objects: {}", e.toString());
    }
  }

  /** Removes the orphaned evidence objects older than the grace period; returns how many. */
  public int sweep() {
    Instant cutoff = clock.instant().minus(grace);
    int removed = 0;
    Iterable<Result<Item>> items = s3.listObjects(
        ListObjectsArgs.builder().bucket(storage.bucket()).prefix("cases/").recursive(true).build());
    for (Result<Item> result : items) {
      Item item;
      try {
        item = result.get();
      } catch (Exception e) {
        throw new ObjectStorageException("Could not list the evidence bucket", e);
      }
      String key = item.objectName();
      if (item.isDir() || !EVIDENCE_KEY.matcher(key).matches()
          || item.lastModified() == null || !item.lastModified().toInstant().isBefore(cutoff)
          || evidence.existsByObjectKey(key)) {
        continue;
      }
      try {
        s3.removeObject(RemoveObjectArgs.builder().bucket(storage.bucket()).object(key).build());
        removed++;
        log.info("Removed orphaned evidence object {} (stored {}, no evidence row)", key, item.lastModified());
      } catch (Exception e) {
        log.warn("Could not remove orphaned evidence object {}: {}", key, e.toString());
      }
    }
    return removed;
  }
}
