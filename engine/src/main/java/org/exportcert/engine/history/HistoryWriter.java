package org.exportcert.engine.history;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history store's one writer thread: serialising the views of a finished instance and
 * updating the store's maps and indexes took about half of the command processor's time at
 * saturation (JFR profile, docs/benchmarks.md), so the processor hands them over here in order
 * and goes on. Every read and every commit first {@link #drain}s, so readers see exactly what they
 * saw when the processor wrote itself, and nothing is durable later than before: the store is
 * committed (after a drain) before a snapshot lets the journal go, and until then a crash is
 * repaired by replaying the journal, as before. The queue is bounded: a processor that outruns
 * the writer waits for it (memory stays bounded).
 */
final class HistoryWriter {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
  private static final int CAPACITY = 4096;

  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(CAPACITY);
  /** Submitted and not yet run, so that a drain with nothing pending costs nothing. */
  private final AtomicInteger pending = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  /** Work the writes collect to do in bulk (the store's index buckets), done before a drain returns. */
  interface Batch {
    /** Whether anything is collected; read by any thread, so volatile behind it. */
    boolean collected();

    /** Writes what was collected; runs on the writer thread. */
    void write();
  }

  private final Batch batch;

  HistoryWriter(Batch batch) {
    this.batch = batch;
    thread = new Thread(this::run, "exportcert-engine-history-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code write} on the writer thread after everything submitted before it. */
  void submit(Runnable write) {
    if (stopped) {
      throw new IllegalStateException("the history store is closed");
    }
    pending.incrementAndGet();
    try {
      queue.put(write);
    } catch (InterruptedException e) {
      pending.decrementAndGet();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing a write to the history store", e);
    }
  }

  /** Waits until every write submitted so far has run; rethrows the first that failed. */
  void drain() {
    if (Thread.currentThread() == thread) {
      return;
    }
    // pending first: once a write has run (pending down), what it collected is visible
    if ((pending.get() > 0 || batch.collected()) && !stopped) {
      CountDownLatch done = new CountDownLatch(1);
      submit(() -> {
        try {
          batch.write();
        } finally {
          done.countDown();
        }
      });
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the history store", e);
      }
    }
    RuntimeException failed = failure;
    if (failed != null) {
      throw new IllegalStateException("a write to the history store failed", failed);
    }
  }

  /** Ends the thread: after the queued writes ({@code discard} false) or dropping them (a simulated crash). */
  void stop(boolean discard) {
    if (discard) {
      queue.clear();
    } else if (!stopped) {
      drain();
    }
    stopped = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!stopped) {
      Runnable write;
      try {
        write = queue.take();
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
        continue;
      }
      try {
        write.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
        LOG.error("a write to the history store failed; the journal is kept until a commit succeeds", e);
      } finally {
        pending.decrementAndGet();
      }
    }
  }
}
