package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.exportcert.engine.command.CommandCodec;
import org.exportcert.engine.command.EngineCommand;
import org.exportcert.engine.command.RestCommands;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.journal.Journal;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns the engine state. It takes commands and queries from a queue in
 * batches, executes them, appends each state-changing command (with its timestamp) to the journal,
 * fsyncs once per batch (group commit) and only then answers. Job activation long polls and
 * create-with-result requests wait here, parked, until a job appears, the instance ends or their
 * time is up.
 */
public final class CommandProcessor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
  private static final long DEFAULT_AWAIT_MS = 10_000;
  /**
   * How long an answer held for a user task's listeners waits (wall clock): below the REST API's own
   * 60 s answer deadline, so the client learns why; then the request ends, the transition goes on.
   */
  private static final long HOLD_MS = 50_000;
  private static final EngineCommand CONTINUE = new EngineCommand.ContinueSteps();
  private static final EngineCommand TRIGGER_TIMERS = new EngineCommand.TriggerTimers();

  /** A command, a purge, or a query (command null, purge false). */
  private record Task(EngineCommand command, boolean purge, Function<EngineState, JsonNode> query, CompletableFuture<JsonNode> future, long enqueued) {
    Task(EngineCommand command, boolean purge, Function<EngineState, JsonNode> query, CompletableFuture<JsonNode> future) {
      this(command, purge, query, future, System.nanoTime());
    }

    /** The intent, for backpressure and counting; null for a query. */
    String type() {
      return purge ? "purge" : command == null ? null : command.intent();
    }
  }

  /** Where a job stream's activated jobs go (gRPC StreamActivatedJobs). */
  public interface JobSink {
    boolean isOpen();

    void push(JsonNode activatedJob);
  }

  /** A create-with-result call; expiresAt is wall-clock time like a long poll's. */
  private record Waiter(long processInstanceKey, List<String> fetchVariables, CompletableFuture<JsonNode> future, long expiresAt) {}

  /**
   * Request timeouts are measured on the wall clock: the engine clock may be pinned or moved
   * (PUT /v2/clock), and a long poll must still answer after its requestTimeout.
   */
  private static long wallMillis() {
    return System.nanoTime() / 1_000_000;
  }

  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final LatencyStats stats = new LatencyStats();
  private final Journal journal;
  /** Journal, snapshots and history store; null when the state lives in memory only. */
  private final DataDirectory data;
  private final Path dataPath;
  private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
  private final BpmnRuntime runtime;
  private final Thread thread;
  private final Syncer syncer;
  private final List<Waiter> waiters = new ArrayList<>();
  private volatile boolean running = true;
  private volatile long lastTopologyChange = -1;
  private final List<Answer> afterSync = new ArrayList<>();
  private final Backpressure backpressure;
  private final JobActivations activations;
  private final HeldAnswers held = new HeldAnswers();
  private final HeldAnswers.Sink sink = new HeldAnswers.Sink() {
    @Override
    public void reply(CompletableFuture<JsonNode> future, JsonNode value) {
      CommandProcessor.this.reply(future, value);
    }

    @Override
    public void fail(CompletableFuture<JsonNode> future, Throwable error) {
      CommandProcessor.this.fail(future, error);
    }
  };

  /** Time from a command's arrival to its durable answer, for the benchmark and diagnostics. */
  public LatencyStats stats() {
    return stats;
  }

  void reply(CompletableFuture<JsonNode> future, JsonNode value) {
    afterSync.add(new Answer(future, value, null));
  }

  void fail(CompletableFuture<JsonNode> future, Throwable error) {
    afterSync.add(new Answer(future, null, error));
  }

  /** @param dataDirectory where the journal lives; null keeps state in memory only. */
  public CommandProcessor(Path dataDirectory, boolean fsync) {
    this(dataDirectory, fsync, Backpressure.fromEnvironment());
  }

  /** @param backpressure when to refuse commands that start new work (see {@link Backpressure}) */
  public CommandProcessor(Path dataDirectory, boolean fsync, Backpressure backpressure) {
    this(dataDirectory, fsync, backpressure, SnapshotPolicy.fromEnvironment(), true);
  }

  /**
   * @param snapshots when to snapshot the state (a start loads the newest, replays the journal after it)
   * @param historyStore whether finished instances leave the heap for the history store (false: as before)
   */
  public CommandProcessor(Path dataDirectory, boolean fsync, Backpressure backpressure, SnapshotPolicy snapshots,
      boolean historyStore) {
    this.backpressure = backpressure;
    this.dataPath = dataDirectory;
    this.runtime = new BpmnRuntime(new EngineState());
    this.activations = new JobActivations(this, runtime);
    if (dataDirectory != null) {
      this.data = DataDirectory.open(dataDirectory, fsync, snapshots, historyStore, runtime, this::now);
      this.journal = data.journal();
      runtime.recomputeNextTimerDue();
      runtime.recomputeNextTimeEvent(Long.MIN_VALUE);
    } else {
      this.data = null;
      this.journal = null;
    }
    this.syncer = new Syncer(journal, stats);
    // a deep stack: encoding the state for a snapshot follows its object graph recursively
    this.thread = new Thread(null, this::loop, "exportcert-engine-processor", 256L * 1024 * 1024);
    thread.setDaemon(true);
    thread.start();
  }

  /** Journal record format written today (see {@link CommandCodec}); formats 0 and 1 replay through the REST mapping, newer ones stop a start. */
  public static final int JOURNAL_FORMAT = CommandCodec.FORMAT;

  /** The store of finished instances; null when they stay on the heap (no data directory). */
  public HistoryStore history() {
    return data == null ? null : data.history();
  }

  /** Current engine time: wall clock plus the offset set through the clock API. */
  public long now() {
    EngineState state = runtime.state();
    Long pinned = state.pinnedTime;
    return pinned != null ? pinned : System.currentTimeMillis() + state.clockOffset;
  }

  public long lastTopologyChange() {
    return lastTopologyChange;
  }

  /** Submits a state-changing command; completes after it is durable. */
  public CompletableFuture<JsonNode> submit(EngineCommand command) {
    CompletableFuture<JsonNode> future = new CompletableFuture<>();
    enqueue(new Task(command, false, null, future));
    return future;
  }

  /** Submits the command of {@code intent} given as its REST body (see {@link RestCommands}). */
  public CompletableFuture<JsonNode> submit(String intent, JsonNode body) {
    try {
      return submit(RestCommands.fromRest(intent, body));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Runs a read on the processor thread, so it sees a consistent state. */
  public CompletableFuture<JsonNode> query(Function<EngineState, JsonNode> query) {
    CompletableFuture<JsonNode> future = new CompletableFuture<>();
    enqueue(new Task(null, false, query, future));
    return future;
  }

  private void enqueue(Task task) {
    if (!running) {
      task.future().completeExceptionally(EngineException.shuttingDown());
      return;
    }
    EngineException refusal = backpressure.check(task.type(), queue.size(), oldestWaitMillis(task.enqueued()));
    if (refusal != null) {
      task.future().completeExceptionally(refusal);
      return;
    }
    queue.add(task);
  }

  private long oldestWaitMillis(long now) {
    Task oldest = queue.peek();
    return oldest == null ? 0 : Math.max(0, (now - oldest.enqueued()) / 1_000_000);
  }

  /** Commands and queries waiting for the processor thread. */
  public int backlog() {
    return queue.size();
  }

  /** Whether the processor still takes commands (its thread has not ended). */
  public boolean alive() {
    return running && thread.isAlive() && !syncer.failed();
  }

  public Backpressure backpressure() {
    return backpressure;
  }

  private void loop() {
    List<Task> batch = new ArrayList<>();
    while (running) {
      try {
        Task first = queue.poll(waitMillis(), TimeUnit.MILLISECONDS);
        batch.clear();
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 1023);
        }
        for (Task task : batch) {
          process(task);
        }
        stats.batch(batch.size());
        if (journalFailed()) {
          handOver(batch); // no more steps, timers, activations or snapshots: nothing could be journaled
          continue;
        }
        continueSteps();
        handleTime();
        if (runtime.jobsAvailable) {
          runtime.jobsAvailable = false;
          activations.offerNewJobs();
        }
        handOver(batch);
        if (data != null) {
          data.snapshotIfDue(syncer);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Throwable t) {
        LOG.error("command processor failed", t);
        handOver(batch);
      }
    }
    handOver(List.of());
    for (Task task : queue) {
      task.future().completeExceptionally(EngineException.shuttingDown());
    }
    activations.releaseAll(true);
    waiters.forEach(w -> w.future().completeExceptionally(EngineException.shuttingDown()));
    held.failAll(EngineException.shuttingDown(), HeldAnswers.AT_ONCE);
  }

  /** Passes the batch's journal records and answers to the sync thread (pipelined group commit). */
  private void handOver(List<Task> batch) {
    int commands = 0;
    for (Task task : batch) {
      if (task.type() != null) {
        commands++;
      }
    }
    long[] enqueued = new long[commands];
    int i = 0;
    for (Task task : batch) {
      if (task.type() != null) {
        enqueued[i++] = task.enqueued();
      }
    }
    syncer.submit(journal == null ? null : journal.takeBuffered(), new ArrayList<>(afterSync), enqueued);
    afterSync.clear();
  }

  /** Runs one more slice of pending element steps as its own journaled command (see Agenda). */
  private void continueSteps() {
    if (!runtime.hasPendingSteps()) {
      return;
    }
    long now = now();
    runtime.now = now;
    try {
      runtime.execute(CONTINUE);
    } catch (RuntimeException e) {
      LOG.error("continuing element steps failed", e);
    }
    append(CONTINUE, now);
    collectEndedInstances();
  }

  /**
   * Whether a journal write failed (e.g. the disk is full). The commands executed since were
   * answered with an error and are not in the journal, so from then on no command runs, no
   * snapshot (it would hold them) is taken, and only a restart (replaying the journal) goes on.
   */
  private boolean journalFailed() {
    return journal != null && syncer.failed();
  }

  private long waitMillis() {
    if (runtime.hasPendingSteps()) {
      return 0;
    }
    long now = now();
    long wall = wallMillis();
    long wait = 1000;
    wait = activations.wait(wait, wall);
    for (Waiter waiter : waiters) {
      wait = Math.min(wait, waiter.expiresAt() - wall);
    }
    wait = Math.min(wait, held.nextExpiry() - wall);
    if (activations.waiting() && runtime.nextTimeEvent != Long.MAX_VALUE) {
      wait = Math.min(wait, runtime.nextTimeEvent - now);
    }
    if (runtime.nextTimerDue != Long.MAX_VALUE) {
      // timers are due in engine time; with a moved clock, engine and wall time differ by a constant
      wait = Math.min(wait, runtime.nextTimerDue - now);
    }
    return Math.max(0, wait);
  }

  private void process(Task task) {
    if (task.query() != null) {
      try {
        JsonNode result = task.query().apply(runtime.state());
        reply(task.future(), result);
      } catch (RuntimeException e) {
        fail(task.future(), e);
      }
      return;
    }
    if (journalFailed()) {
      fail(task.future(), Syncer.unavailable(syncer.failure()));
      return;
    }
    if (task.purge()) {
      purge(task);
      return;
    }
    if (runtime.jobsAvailable && task.command() instanceof EngineCommand.ActivateJobs) {
      // jobs made by this batch go to the streams before a poll (parked polls still get the rest)
      activations.pushToStreams();
    }
    long now = now();
    runtime.now = now;
    JsonNode result;
    try {
      result = runtime.execute(task.command());
    } catch (EngineException rejection) {
      fail(task.future(), rejection);
      return;
    } catch (RuntimeException bug) {
      LOG.error("command {} failed", task.type(), bug);
      append(task.command(), now); // replay reproduces the same failure
      fail(task.future(), bug);
      collectEndedInstances();
      return;
    }
    if (task.command() instanceof EngineCommand.ActivateJobs activation) {
      activations.handle(activation, task.future(), result, now, wallMillis());
    } else {
      append(task.command(), now);
      JsonNode response = result;
      Long heldTransition = runtime.heldTransition;
      if (task.command() instanceof EngineCommand.CreateProcessInstance create && create.awaitCompletion()) {
        registerWaiter(create, task.future(), response);
      } else if (heldTransition != null) {
        held.settle(takeEndedTransitions(), sink); // transitions this command ended come first
        held.hold(heldTransition, task.command(), response, task.future(), wallMillis() + HOLD_MS, sink);
      } else {
        reply(task.future(), response);
      }
    }
    collectEndedInstances();
  }

  /**
   * Opens a job stream: every job of the body's {@code type} that becomes activatable is activated
   * for it (one at a time, round-robin over the streams) and pushed after its activation is
   * durable, so a pushed job is never also handed to a poll. Returns what closes the stream.
   */
  public Runnable openJobStream(EngineCommand.ActivateJobs request, JobSink sink) {
    EngineCommand.ActivateJobs one = new EngineCommand.ActivateJobs(request.type(), 1, request.timeout(), request.worker(),
        request.fetchVariable(), 0);
    JobActivations.JobStream stream = new JobActivations.JobStream(one, sink);
    query(state -> {
      activations.open(stream);
      return null;
    });
    return () -> query(state -> {
      activations.close(stream);
      return null;
    });
  }

  private void handleTime() {
    long now = now();
    if (runtime.nextTimerDue <= now) {
      runtime.now = now;
      try {
        runtime.execute(TRIGGER_TIMERS);
      } catch (RuntimeException e) {
        LOG.error("triggering timers failed", e);
      }
      append(TRIGGER_TIMERS, now);
      collectEndedInstances();
    }
    long wall = wallMillis();
    activations.expire(wall);
    held.expire(wall, sink);
    Iterator<Waiter> it = waiters.iterator();
    while (it.hasNext()) {
      Waiter waiter = it.next();
      if (waiter.expiresAt() <= wall) {
        it.remove();
        fail(waiter.future(), new EngineException(504, "DEADLINE_EXCEEDED",
            "Expected to receive the result of process instance '" + waiter.processInstanceKey() + "' within the request timeout, but it did not complete in time"));
      }
    }
    if (runtime.nextTimeEvent <= now) {
      // a deadline or back-off passed: parked polls may now get that job
      runtime.jobsAvailable = true;
      runtime.recomputeNextTimeEvent(now);
    }
  }

  private void registerWaiter(EngineCommand.CreateProcessInstance create, CompletableFuture<JsonNode> future, JsonNode created) {
    List<String> fetch = create.fetchVariables() == null ? List.of() : create.fetchVariables();
    long timeout = create.requestTimeout();
    if (timeout <= 0) {
      timeout = DEFAULT_AWAIT_MS;
    }
    long key = Long.parseLong(created.path("processInstanceKey").asText());
    waiters.add(new Waiter(key, fetch, future, wallMillis() + timeout));
  }

  private List<HeldAnswers.Outcome> takeEndedTransitions() {
    List<HeldAnswers.Outcome> ended = List.copyOf(runtime.endedTransitions);
    runtime.endedTransitions.clear();
    return ended;
  }

  private void collectEndedInstances() {
    if (!runtime.endedTransitions.isEmpty()) {
      held.settle(takeEndedTransitions(), sink); // listeners done, denied, or the task cancelled: the held answers go out
    }
    if (runtime.endedInstances.isEmpty()) {
      return;
    }
    for (ElementInstance pi : runtime.endedInstances) {
      Iterator<Waiter> it = waiters.iterator();
      while (it.hasNext()) {
        Waiter waiter = it.next();
        if (waiter.processInstanceKey() != pi.key) {
          continue;
        }
        it.remove();
        if (pi.state == ElementInstance.State.COMPLETED) {
          Map<String, Object> variables = runtime.visibleVariables(pi);
          if (!waiter.fetchVariables().isEmpty()) {
            variables.keySet().retainAll(waiter.fetchVariables());
          }
          JsonNode response = Views.created(pi, variables);
          reply(waiter.future(), response);
        } else {
          fail(waiter.future(), EngineException.invalidState(
              "Expected to receive the result of process instance '" + pi.key + "', but it was terminated"));
        }
      }
    }
    if (data != null) {
      data.afterCommand(); // finished instances leave the heap
    } else {
      runtime.endedInstances.clear();
    }
  }

  void append(EngineCommand command, long now) {
    if (journal == null) {
      return;
    }
    journal.append(CommandCodec.encodeUtf8(command, now));
  }

  /**
   * A consistent copy for a backup: on the processor thread, everything journaled so far is made
   * durable, background writers are quiesced, every file of the data directory (snapshots, journal
   * segments, history store, documents; not the client credentials) is copied into {@code staging},
   * and {@code whilePaused} runs, all while no command executes (commands wait, none fails).
   *
   * @return the journal position (records) at the copy
   */
  public CompletableFuture<Long> backup(Path staging, Runnable whilePaused) {
    CompletableFuture<Long> cut = new CompletableFuture<>();
    CompletableFuture<JsonNode> done = new CompletableFuture<>();
    if (data == null) {
      cut.completeExceptionally(new IllegalStateException("this engine keeps its state in memory only: nothing to back up"));
      return cut;
    }
    enqueue(new Task(null, false, state -> {
      handOver(List.of());
      syncer.drain();
      data.quiesceForBackup();
      data.copyForBackup(dataPath, staging);
      whilePaused.run();
      cut.complete(journal.records());
      return Json.object();
    }, done));
    done.whenComplete((ok, error) -> {
      if (error != null) {
        cut.completeExceptionally(error);
      }
    });
    return cut;
  }

  /** Drops all state (Camunda's cluster purge, used between process tests). */
  public CompletableFuture<JsonNode> purge() {
    CompletableFuture<JsonNode> future = new CompletableFuture<>();
    enqueue(new Task(null, true, null, future));
    return future;
  }

  private void purge(Task task) {
    if (data != null) {
      handOver(List.of());
      syncer.drain();
      try {
        data.purge();
      } catch (RuntimeException e) {
        fail(task.future(), e);
        return;
      }
    }
    runtime.reset(new EngineState());
    activations.releaseAll(false);
    waiters.forEach(w -> fail(w.future(), EngineException.invalidState("the cluster was purged")));
    waiters.clear();
    held.failAll(EngineException.invalidState("the cluster was purged"), sink);
    long changeId = lastTopologyChange + 1;
    lastTopologyChange = changeId;
    ObjectNode response = Json.object();
    response.put("changeId", changeId);
    response.putArray("plannedChanges");
    reply(task.future(), response);
  }

  /** Stops as a kill -9 would (tests simulating a crash in one JVM): nothing more written, files let go. */
  public void abandon() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    stopLoop();
    syncer.stop(); // what was handed over may or may not reach the disk: acknowledged records already did
    if (data != null) {
      data.abandon();
    }
  }

  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    stopLoop();
    syncer.stop();
    if (data != null) {
      data.close(!thread.isAlive() && !journalFailed()); // no last snapshot of commands the journal lacks
    }
  }

  private void stopLoop() {
    running = false;
    queue.add(new Task(null, false, state -> null, new CompletableFuture<>())); // wakes the loop
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
