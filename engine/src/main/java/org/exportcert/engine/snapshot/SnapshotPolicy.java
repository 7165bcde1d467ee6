package org.exportcert.engine.snapshot;

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

  public static SnapshotPolicy fromEnvironment() {
    return new SnapshotPolicy(
        read("EXPORTCERT_ENGINE_SNAPSHOT_EVERY_RECORDS", DEFAULT_EVERY_RECORDS, 1_000_000_000L),
        read("EXPORTCERT_ENGINE_SNAPSHOT_INTERVAL_MS", DEFAULT_INTERVAL_MS, 86_400_000L));
  }

  private static long read(String name, long fallback, long max) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0 && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(name + " must be 0.." + max + " (0 = off), was '" + value + "'");
  }

  public boolean enabled() {
    return everyRecords > 0 || intervalMillis > 0;
  }
}
