package org.exportcert.engine.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.exportcert.engine.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipelined group commit: the processor hands over each batch's journal records with the answers
 * that depend on them and goes on with the next batch; this thread writes everything handed over
 * so far, fsyncs once, and only then sends the answers, in order. Answers never leave before the
 * records they acknowledge are on disk.
 */
final class Syncer {

  private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

  interface Reply {
    void send();

    void fail(Throwable error);
  }

  private record Item(ByteBuffer chunk, List<? extends Reply> replies, long[] enqueued, CountDownLatch drained) {}

  private final Journal journal;
  private final LatencyStats stats;
  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean failed;
  private volatile Throwable firstError;
  private volatile boolean stopping;

  Syncer(Journal journal, LatencyStats stats) {
    this.journal = journal;
    this.stats = stats;
    this.thread = new Thread(this::loop, "exportcert-engine-journal-sync");
    thread.setDaemon(true);
    thread.start();
  }

  boolean failed() {
    return failed;
  }

  /** What commands are answered once a journal write failed (e.g. the disk is full). */
  static EngineException unavailable(String failure) {
    return new EngineException(503, "UNAVAILABLE", EngineException.JOURNAL_UNWRITABLE, "the engine cannot write its journal (" + failure + ") and takes no"
        + " commands until it is restarted: free space on its disk and restart it; every acknowledged command is kept");
  }

  /** The message of the write that failed first (null while none failed). */
  String failure() {
    Throwable error = firstError;
    return error == null ? null : error.getMessage();
  }

  void submit(ByteBuffer chunk, List<? extends Reply> replies, long[] enqueued) {
    queue.add(new Item(chunk, replies, enqueued, null));
  }

  /** Waits until everything submitted so far is durable and answered. */
  void drain() {
    if (!thread.isAlive()) {
      return; // stopped already (or died): nothing will be written any more, nothing to wait for
    }
    CountDownLatch latch = new CountDownLatch(1);
    queue.add(new Item(null, List.of(), new long[0], latch));
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    drain();
    stopping = true;
    queue.add(new Item(null, List.of(), new long[0], null));
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    List<Item> items = new ArrayList<>();
    while (!stopping || !queue.isEmpty()) {
      items.clear();
      try {
        items.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(items);
      Throwable error = null;
      if (journal != null && !failed) {
        try {
          boolean wrote = false;
          for (Item item : items) {
            if (item.chunk() != null) {
              journal.write(item.chunk());
              wrote = true;
            }
          }
          if (wrote) {
            journal.force();
          }
          for (Item item : items) {
            if (item.chunk() != null) {
              journal.recycle(item.chunk()); // written: the processor fills it again
            }
          }
        } catch (RuntimeException e) {
          LOG.error("journal write failed ({}): the engine takes no more commands; free space on the disk of the"
              + " data directory and restart it (every acknowledged command is kept)", e.getMessage(), e);
          failed = true;
          error = e;
        }
      }
      if (error != null) {
        firstError = error;
      } else if (failed) {
        error = firstError; // the later answers name the cause too (e.g. "No space left on device")
      }
      long now = System.nanoTime();
      for (Item item : items) {
        for (Reply reply : item.replies()) {
          if (error != null) {
            reply.fail(unavailable(error.getMessage()));
          } else {
            reply.send();
          }
        }
        for (long enqueued : item.enqueued()) {
          stats.record(now - enqueued);
        }
        if (item.drained() != null) {
          item.drained().countDown();
        }
      }
    }
  }
}
