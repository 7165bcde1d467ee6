package org.exportcert.engine.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.exportcert.engine.journal.Journal;
import org.exportcert.engine.state.EngineState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot cycle of one data directory. On start, {@link #restore} gives the newest usable
 * snapshot. While running, the processor asks {@link #due} after its batches; when a snapshot is
 * due (and the state is between element steps) it rolls the journal, encodes the state and hands
 * the bytes to {@link #writeAsync}: a background thread writes the file atomically and only then
 * deletes what the snapshot before it covered. So at any moment the newest complete snapshot plus
 * the journal behind it (or, if that snapshot turns out unreadable, the previous one plus its
 * journal) rebuild the state; a kill during any step loses nothing.
 */
public final class Snapshots implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

  private final SnapshotStore store;
  private final SnapshotPolicy policy;
  private final ExecutorService writer;
  private Future<?> writing;
  /** Position of the last snapshot taken or attempted (the journal position it covers). */
  private long lastPosition;
  private long lastTime = System.nanoTime();
  /** Position of the newest snapshot known complete on disk: the fallback kept for the next one. */
  private volatile long lastDurable = -1;

  public Snapshots(Path directory, boolean fsync, SnapshotPolicy policy) {
    this.store = new SnapshotStore(directory, fsync);
    this.policy = policy;
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "exportcert-engine-snapshot");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * The newest snapshot that reads back intact, decoded; null when there is none (replay all). One
   * that cannot be read is skipped for the one before it (the journal behind that one is kept), and
   * the log says so. Only when no snapshot can be read because a format-1 one holds a listener wait
   * this engine does not know is that wait given a best-effort continuation (logged): the journal
   * before the snapshots is gone, so starting empty would lose the state, and refusing to start
   * would block every instance for one wait.
   */
  public SnapshotStore.Restored<EngineState> restore(StateCodec.LegacyLambdas legacy) {
    boolean[] codeChanged = {false};
    List<Long> positions = store.positions();
    SnapshotStore.Restored<EngineState> restored = store.loadNewest(stored -> {
      try {
        return StateCodec.decode(stored.payload(), stored.format(), legacy);
      } catch (RuntimeException e) {
        codeChanged[0] |= StateCodec.codeChanged(e);
        throw e;
      }
    });
    if (restored == null && codeChanged[0]) {
      LOG.warn("no snapshot reads back with this engine's listener continuations; reading the newest leniently");
      restored = store.loadNewest(stored -> StateCodec.decode(stored.payload(), stored.format(), legacy, true));
    }
    if (restored != null) {
      if (!positions.isEmpty() && restored.snapshot().position() != positions.get(0)) {
        LOG.warn("started from the older snapshot at journal position {} (the newer one at {} is unusable, see above); "
            + "replaying the journal after it", restored.snapshot().position(), positions.get(0));
      }
      if (restored.snapshot().format() != StateCodec.FORMAT) {
        LOG.info("snapshot at journal position {} is of format {}; the next snapshot is written in format {}",
            restored.snapshot().position(), restored.snapshot().format(), StateCodec.FORMAT);
      }
      lastPosition = restored.snapshot().position();
      lastDurable = lastPosition;
    }
    return restored;
  }

  /**
   * After {@link #restore} found no usable snapshot: refuses to start when the journal does not
   * begin at record 0 (the records before it live only in the snapshots), naming the snapshots
   * and why each is unusable. No opt-in goes on from there: what is lost is the whole state.
   */
  public void checkJournalReachesBack(long firstJournalRecord) {
    if (firstJournalRecord == 0) {
      return;
    }
    List<String> unusable = store.unusable();
    throw new IllegalStateException((unusable.isEmpty() ? "there is no snapshot in " + store.directory()
        : "no snapshot in " + store.directory() + " can be read: " + String.join("; ", unusable)) + ". The journal"
        + " before them is gone (it starts at record " + firstJournalRecord + "), so the engine's state cannot be"
        + " rebuilt: restore the data directory from a backup (docs/operations.md, \"Backups\"). Nothing can accept"
        + " this loss short of starting on an empty data directory (every instance gone)");
  }

  /** Whether a snapshot should be taken now at journal {@code position}. */
  public boolean due(long position) {
    if (!policy.enabled() || position <= lastPosition || (writing != null && !writing.isDone())) {
      return false;
    }
    boolean byRecords = policy.everyRecords() > 0 && position - lastPosition >= policy.everyRecords();
    boolean byTime = policy.intervalMillis() > 0 && (System.nanoTime() - lastTime) / 1_000_000 >= policy.intervalMillis();
    return byRecords || byTime;
  }

  /** Whether anything was journaled since the last snapshot (worth a snapshot at shutdown). */
  public boolean behind(long position) {
    return policy.enabled() && position > lastPosition;
  }

  /** Notes a snapshot attempt that failed before writing, so it is not retried at once. */
  public void skipped(long position) {
    lastPosition = position;
    lastTime = System.nanoTime();
  }

  /** Writes {@code payload} (the state at journal {@code position}) in the background, then prunes. */
  public void writeAsync(long position, byte[] payload, Journal journal) {
    lastPosition = position;
    lastTime = System.nanoTime();
    writing = writer.submit(() -> persist(position, payload, journal, false));
  }

  /**
   * Writes synchronously. {@code supersedesAll} (a purge): everything before it goes, as nothing
   * older may ever be restored instead.
   */
  public void write(long position, byte[] payload, Journal journal, boolean supersedesAll) {
    awaitIdle();
    lastPosition = position;
    lastTime = System.nanoTime();
    persist(position, payload, journal, supersedesAll);
  }

  private void persist(long position, byte[] payload, Journal journal, boolean supersedesAll) {
    try {
      store.write(position, StateCodec.FORMAT, payload);
    } catch (RuntimeException e) {
      LOG.error("writing the snapshot at journal position {} failed; the journal is kept whole", position, e);
      if (supersedesAll) {
        throw e;
      }
      return;
    }
    long keep = supersedesAll ? position : lastDurable;
    lastDurable = position;
    if (keep >= 0) {
      journal.deleteBefore(keep);
      store.deleteBefore(keep);
    }
    LOG.debug("snapshot at journal position {} written ({} bytes)", position, payload.length);
  }

  /** Waits until a background write is done. */
  public void awaitIdle() {
    Future<?> current = writing;
    if (current == null) {
      return;
    }
    try {
      current.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.error("snapshot write failed", e.getCause());
    }
  }

  @Override
  public void close() {
    awaitIdle();
    writer.shutdownNow();
  }
}
