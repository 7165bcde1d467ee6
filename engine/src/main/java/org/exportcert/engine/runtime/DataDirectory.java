package org.exportcert.engine.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.exportcert.engine.command.CommandCodec;
import org.exportcert.engine.history.HistoryRetention;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.journal.Journal;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.exportcert.engine.snapshot.SnapshotStore;
import org.exportcert.engine.snapshot.Snapshots;
import org.exportcert.engine.snapshot.StateCodec;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine keeps on disk and how it comes back: the journal, the snapshots before it and
 * the history store of finished instances. {@link #open} restores the newest usable snapshot and
 * replays the journal after it; the processor then calls {@link #afterCommand} after each command
 * (finished instances leave the heap), {@link #snapshotIfDue} after each batch, {@link #purge},
 * and {@link #close} or {@link #abandon} at the end.
 */
final class DataDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

  private final Journal journal;
  private final Snapshots snapshots;
  /** Null when finished instances stay on the heap (comparisons with engines before it). */
  private final HistoryStore history;
  private final FinishedInstances finished;
  private final HistoryRetention retention = HistoryRetention.fromEnvironment();
  private final BpmnRuntime runtime;
  private final LongSupplier now;

  private DataDirectory(Journal journal, Snapshots snapshots, HistoryStore history, FinishedInstances finished,
      BpmnRuntime runtime, LongSupplier now) {
    this.journal = journal;
    this.snapshots = snapshots;
    this.history = history;
    this.finished = finished;
    this.runtime = runtime;
    this.now = now;
  }

  /** Restores {@code runtime}'s state from {@code directory}: snapshot, then {@code replay} of each later record. */
  static DataDirectory open(Path directory, boolean fsync, SnapshotPolicy policy, boolean historyStore,
      BpmnRuntime runtime, LongSupplier now) {
    long started = System.nanoTime();
    HistoryStore history = historyStore ? openHistory(directory) : null;
    long historyOpened = System.nanoTime();
    Snapshots snapshots = new Snapshots(directory, fsync, policy);
    SnapshotStore.Restored<EngineState> restored;
    long from = 0;
    int[] count = {0};
    Journal journal;
    long snapshotLoaded;
    try {
      restored = snapshots.restore(new LegacyContinuations());
      snapshotLoaded = System.nanoTime();
      if (restored != null) {
        runtime.reset(restored.value());
        from = restored.snapshot().position();
        if (history != null && restored.value().historyInStore) {
          checkHistoryCovers(history, directory, restored.snapshot());
        }
      }
      FinishedInstances finished = history == null ? null : new FinishedInstances(history);
      if (restored == null) {
        snapshots.checkJournalReachesBack(Journal.firstRecord(directory));
      }
      journal = Journal.open(directory, fsync, from, acceptsLoss(Journal.ACCEPT_LOSS), bytes -> {
        replay(runtime, new String(bytes, StandardCharsets.UTF_8));
        afterCommand(runtime, finished);
        count[0]++;
      });
    } catch (RuntimeException e) {
      snapshots.close();
      if (history != null) {
        history.close(); // its file lock, so that the operator's next try can open it
      }
      throw e;
    }
    FinishedInstances finished = history == null ? null : new FinishedInstances(history);
    Long historyPosition = history == null ? null : history.journalPosition();
    if (historyPosition != null && historyPosition > journal.records() && journal.cutAt() >= 0) {
      LOG.warn("the history store was committed at journal record {}, after the damaged journal's cut at {}: it goes on"
          + " from the cut, without the instances the dropped commands finished", historyPosition, journal.cutAt());
      history.commit(journal.records());
    } else if (historyPosition != null && historyPosition > journal.records()) {
      journal.close();
      snapshots.close();
      history.close();
      throw new IllegalStateException("the journal in " + directory + " ends at record " + journal.records()
          + " but the history store " + directory.resolve(HistoryStore.FILE_NAME) + " was committed at record "
          + historyPosition + ": snapshots or journal segments were deleted or replaced by older copies; restore the"
          + " data directory from a backup (docs/operations.md, \"Backups\")");
    }
    DataDirectory data = new DataDirectory(journal, snapshots, history, finished, runtime, now);
    if (history != null) {
      EngineState state = runtime.state();
      int dropped = history.forgetAheadOfJournal(state.processInstances.keySet(), state.nextKey);
      if (dropped > 0) {
        LOG.info("history store: dropped {} instances and decision evaluations written before a crash by commands "
            + "the journal does not hold (never acknowledged)", dropped);
      }
      data.retention.apply(history, now.getAsLong());
      history.commit();
    }
    LOG.info("{} and replayed {} journal records in {} ms (history store opened in {} ms, snapshot read in {} ms)",
        restored == null ? "no snapshot" : "loaded the snapshot at journal position " + from, count[0],
        (System.nanoTime() - started) / 1_000_000, (historyOpened - started) / 1_000_000,
        (snapshotLoaded - historyOpened) / 1_000_000);
    return data;
  }

  /** Set to true to start although the history store lost finished instances (see {@link #checkHistoryCovers}). */
  static final String ACCEPT_HISTORY_LOSS = "EXPORTCERT_ENGINE_HISTORY_ACCEPT_LOSS";

  /** Whether the operator set {@code variable} to true: to start although data is lost. */
  static boolean acceptsLoss(String variable) {
    return "true".equalsIgnoreCase(String.valueOf(System.getenv(variable)).trim());
  }

  private static HistoryStore openHistory(Path directory) {
    Path file = directory.resolve(HistoryStore.FILE_NAME);
    try {
      return new HistoryStore(directory);
    } catch (HistoryStore.NewerFormatException e) {
      throw e; // not damaged: its message says what to do
    } catch (RuntimeException e) {
      throw new IllegalStateException("the history store " + file + " cannot be opened (" + e.getMessage() + "). If another"
          + " engine uses this data directory, stop it. Otherwise the file is damaged: restore the data directory from a"
          + " backup (docs/operations.md, \"Backups\"), or move the file aside and start with " + ACCEPT_HISTORY_LOSS
          + "=true to go on without the finished instances it held (they are not in the journal any more)", e);
    }
  }

  /**
   * The instances finished before the snapshot's position are in the history store only (their
   * journal is gone), so a store that was not committed up to there (truncated: MVStore then opens
   * an older version without a word; replaced by an older copy; deleted) has lost them. Refuses to
   * start then, unless the operator accepts the loss.
   */
  private static void checkHistoryCovers(HistoryStore history, Path directory, SnapshotStore.Stored snapshot) {
    Long covered = history.journalPosition();
    if (covered != null && covered >= snapshot.position()) {
      return;
    }
    String problem = "the history store " + directory.resolve(HistoryStore.FILE_NAME) + (covered == null
        ? " is new or was never committed with a snapshot"
        : " holds the finished instances up to journal record " + covered) + ", but the snapshot " + snapshot.file()
        + " relies on it holding those up to record " + snapshot.position()
        + ": the file was deleted, truncated or replaced by an older copy, and the instances finished in between are lost";
    if (acceptsLoss(ACCEPT_HISTORY_LOSS)) {
      LOG.warn("{}; starting anyway as {}=true asks", problem, ACCEPT_HISTORY_LOSS);
      history.commit(snapshot.position());
      return;
    }
    throw new IllegalStateException(problem + ": restore the data directory from a backup (docs/operations.md, \"Backups\"),"
        + " or start once with " + ACCEPT_HISTORY_LOSS + "=true to go on without them");
  }

  /** Executes one journal record again, at the time it was first executed. */
  private static void replay(BpmnRuntime runtime, String record) {
    CommandCodec.Entry entry;
    try {
      entry = CommandCodec.decode(record);
    } catch (CommandCodec.NewerFormatException e) {
      throw e; // a newer engine's journal: stop rather than misread it
    } catch (RuntimeException e) {
      // only a command that failed when first executed can have a body the REST mapping refuses
      LOG.warn("journal record skipped, it cannot be read as a command: {}", e.getMessage());
      return;
    }
    runtime.now = entry.timestamp();
    try {
      runtime.execute(entry.command());
    } catch (RuntimeException e) {
      LOG.debug("replayed command {} failed as it did originally: {}", entry.command().intent(), e.getMessage());
    }
  }

  Journal journal() {
    return journal;
  }

  /**
   * Quiesces what writes in the background (a snapshot being written, which also prunes journal
   * segments; the history store's pending changes), so that while the processor stays paused the
   * files of the directory describe one state. Processor thread only.
   */
  void quiesceForBackup() {
    snapshots.awaitIdle();
    if (history != null) {
      history.commit();
    }
  }

  HistoryStore history() {
    return history;
  }

  /** Moves the instances that ended and the decisions evaluated during the last command to the history store. */
  void afterCommand() {
    afterCommand(runtime, finished);
  }

  private static void afterCommand(BpmnRuntime runtime, FinishedInstances finished) {
    List<ElementInstance> ended = runtime.endedInstances;
    if (finished != null) {
      finished.evict(runtime.state(), ended);
      finished.evictDecisions(runtime.state());
    }
    ended.clear();
  }

  /** Takes a snapshot when one is due and the state is between element steps. */
  void snapshotIfDue(Syncer syncer) {
    if (snapshots.due(journal.records()) && runtime.snapshotSafe()) {
      syncer.drain(); // the journal up to here is written, so it can roll to a new segment
      snapshot(true);
    }
  }

  private void snapshot(boolean background) {
    if (history != null) {
      retention.apply(history, now.getAsLong());
      // the instances the state no longer holds must be durable before the journal goes
      history.commit(journal.records());
      runtime.state().historyInStore = true;
    }
    journal.roll();
    long position = journal.records();
    byte[] payload;
    try {
      payload = StateCodec.encode(runtime.state());
    } catch (RuntimeException e) {
      LOG.error("cannot encode the state for a snapshot; the journal is kept whole", e);
      snapshots.skipped(position);
      return;
    }
    if (background) {
      snapshots.writeAsync(position, payload, journal);
    } else {
      snapshots.write(position, payload, journal, false);
    }
  }

  /**
   * Empties history and journal by a snapshot of the empty state: a crash before it is durable
   * leaves the state as it was, one after it the purged state. Called with the syncer drained.
   */
  void purge() {
    snapshots.awaitIdle();
    if (history != null) {
      history.clear();
    }
    journal.roll();
    snapshots.write(journal.records(), StateCodec.encode(new EngineState()), journal, true);
  }

  /** Lets the files go as a kill -9 would (the syncer already stopped): nothing more is written. */
  void abandon() {
    snapshots.close();
    journal.abandon();
    if (history != null) {
      history.abandon();
    }
  }

  /** Closes cleanly; {@code processorStopped}: the state may be read here for a last snapshot. */
  void close(boolean processorStopped) {
    if (processorStopped && runtime.snapshotSafe() && snapshots.behind(journal.records())) {
      snapshot(false); // the next start replays nothing
    }
    snapshots.close();
    journal.close();
    if (history != null) {
      history.close();
    }
  }

  /** Copies every file of the data directory but half-written ones and the client credentials. */
  void copyForBackup(Path from, Path to) {
    try {
      copyTree(from, to);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not copy the engine's data directory for a backup", e);
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var paths = java.nio.file.Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        String name = source.getFileName().toString();
        if (!java.nio.file.Files.isRegularFile(source) || name.endsWith(".tmp")
            || name.equals("client-credentials.properties")) {
          continue;
        }
        Path target = to.resolve(from.relativize(source).toString());
        java.nio.file.Files.createDirectories(target.getParent());
        java.nio.file.Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
