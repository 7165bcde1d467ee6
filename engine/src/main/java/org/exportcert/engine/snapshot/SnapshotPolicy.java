package org.exportcert.engine.snapshot;

import org.exportcert.engine.EnvironmentNumbers;
/**
 * When the engine writes a snapshot of its state: after {@code everyRecords} journal records or
 * {@code intervalMillis} since the last one, whichever comes first (0 switches a trigger off;
 * both 0: no snapshots, the journal grows and a start replays all of it). From the environment:
 * {@code EXPORTCERT_ENGINE_SNAPSHOT_EVERY_RECORDS} (default 100,000) and
 * {@code EXPORTCERT_ENGINE_SNAPSHOT_INTERVAL_MS} (default 300,000, five minutes as Zeebe's
 * snapshot period).
 */
public record SnapshotPolicy(long everyRecords, long intervalMillis) {

  public static final long DEFAULT_EVERY_RECORDS = 100_000;
  public static final long DEFAULT_INTERVAL_MS = 300_000;

  public SnapshotPolicy {
    if (everyRecords < 0 || intervalMillis < 0) {
      throw new IllegalArgumentException("snapshot triggers must not be negative");
    }
  }

  public static SnapshotPolicy defaults() {
    return new SnapshotPolicy(DEFAULT_EVERY_RECORDS, DEFAULT_INTERVAL_MS);
  }

  private static final String OFF = " (0 = off)";

  public static SnapshotPolicy fromEnvironment() {
    return new SnapshotPolicy(
        EnvironmentNumbers.read("EXPORTCERT_ENGINE_SNAPSHOT_EVERY_RECORDS", DEFAULT_EVERY_RECORDS, 0, 1_000_000_000L, OFF),
        EnvironmentNumbers.read("EXPORTCERT_ENGINE_SNAPSHOT_INTERVAL_MS", DEFAULT_INTERVAL_MS, 0, 86_400_000L, OFF));
  }

  public boolean enabled() {
    return everyRecords > 0 || intervalMillis > 0;
  }
}
