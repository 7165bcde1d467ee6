package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers waiting for jobs: long polls that found none are parked until a job appears or their
 * request timeout passes, and gRPC job streams get each activatable job pushed. Runs on the
 * processor thread only; every activation it makes is journaled like a polled one.
 */
final class JobActivations {

  private static final Logger LOG = LoggerFactory.getLogger(JobActivations.class);
  private static final long DEFAULT_LONG_POLL_MS = 10_000;
  /**
   * How much earlier than its request timeout an empty long poll is answered, at most. The official
   * client stops waiting one second after the request timeout it sent and logs a failed activation
   * with a stack trace; a busy machine (start-up, a GC pause) easily delays an answer sent exactly at
   * the deadline past that second. An early empty answer costs nothing: the worker polls again.
   */
  private static final long EARLY_ANSWER_MS = 1_000;

  /** A long poll that found no job; expiresAt is wall-clock time, whatever the engine clock says. */
  private record ParkedPoll(EngineCommand.ActivateJobs command, CompletableFuture<JsonNode> future, long expiresAt) {}

  record JobStream(EngineCommand.ActivateJobs command, CommandProcessor.JobSink sink) {}

  private final CommandProcessor processor;
  private final BpmnRuntime runtime;
  private final List<ParkedPoll> parked = new ArrayList<>();
  private final List<JobStream> streams = new ArrayList<>();

  JobActivations(CommandProcessor processor, BpmnRuntime runtime) {
    this.processor = processor;
    this.runtime = runtime;
  }

  /** Answers an activate command: with its jobs, or parked until its request timeout. */
  void handle(EngineCommand.ActivateJobs command, CompletableFuture<JsonNode> future, JsonNode result, long now, long wall) {
    if (result.path("jobs").size() > 0) {
      processor.append(command, now);
      processor.reply(future, result);
      return;
    }
    long timeout = command.requestTimeout();
    if (timeout == 0) {
      timeout = DEFAULT_LONG_POLL_MS;
    }
    if (timeout < 0) {
      processor.reply(future, result);
      return;
    }
    parked.add(new ParkedPoll(command, future, emptyAnswerAt(wall, timeout)));
  }

  /** When a poll parked at {@code wall} with this request timeout gets its empty answer. */
  static long emptyAnswerAt(long wall, long requestTimeout) {
    return wall + requestTimeout - Math.min(EARLY_ANSWER_MS, requestTimeout / 10);
  }

  void open(JobStream stream) {
    streams.add(stream);
    runtime.jobsAvailable = true; // jobs already waiting go to the new stream
  }

  void close(JobStream stream) {
    streams.remove(stream);
  }

  /** Whether anyone waits for jobs (so job deadlines and back-offs must wake the processor). */
  boolean waiting() {
    return !parked.isEmpty() || !streams.isEmpty();
  }

  /** Streamed workers first, as Zeebe pushes before polls see a job; then the parked polls. */
  void offerNewJobs() {
    pushToStreams();
    retryParkedPolls();
  }

  /** Activates and pushes one job at a time per stream, round-robin, until none is left for them. */
  void pushToStreams() {
    streams.removeIf(stream -> !stream.sink().isOpen());
    boolean pushed = !streams.isEmpty();
    while (pushed) {
      pushed = false;
      for (JobStream stream : List.copyOf(streams)) {
        long now = processor.now();
        runtime.now = now;
        JsonNode result;
        try {
          result = runtime.execute(stream.command());
        } catch (RuntimeException e) {
          LOG.warn("job stream activation failed: {}", e.getMessage());
          streams.remove(stream);
          continue;
        }
        if (result.path("jobs").size() > 0) {
          processor.append(stream.command(), now);
          CompletableFuture<JsonNode> delivery = new CompletableFuture<>();
          delivery.thenAccept(r -> r.path("jobs").forEach(job -> stream.sink().push(job)));
          processor.reply(delivery, result);
          pushed = true;
        }
      }
    }
  }

  private void retryParkedPolls() {
    if (parked.isEmpty()) {
      return;
    }
    List<ParkedPoll> polls = new ArrayList<>(parked);
    parked.clear();
    for (ParkedPoll poll : polls) {
      long now = processor.now();
      runtime.now = now;
      JsonNode result;
      try {
        result = runtime.execute(poll.command());
      } catch (RuntimeException e) {
        processor.fail(poll.future(), e);
        continue;
      }
      if (result.path("jobs").size() > 0) {
        processor.append(poll.command(), now);
        processor.reply(poll.future(), result);
      } else {
        parked.add(poll);
      }
    }
  }

  /** Milliseconds until the first parked poll times out, at most {@code wait}. */
  long wait(long wait, long wall) {
    for (ParkedPoll poll : parked) {
      wait = Math.min(wait, poll.expiresAt() - wall);
    }
    return wait;
  }

  /** Answers the polls whose request timeout has passed with no jobs. */
  void expire(long wall) {
    Iterator<ParkedPoll> polls = parked.iterator();
    while (polls.hasNext()) {
      ParkedPoll poll = polls.next();
      if (poll.expiresAt() <= wall) {
        polls.remove();
        processor.reply(poll.future(), emptyJobs());
      }
    }
  }

  /** Answers every parked poll with no jobs: after a purge (through the journal sync) or at a stop (at once). */
  void releaseAll(boolean atOnce) {
    for (ParkedPoll poll : parked) {
      if (atOnce) {
        poll.future().complete(emptyJobs());
      } else {
        processor.reply(poll.future(), emptyJobs());
      }
    }
    parked.clear();
  }

  private static JsonNode emptyJobs() {
    ObjectNode node = Json.object();
    node.putArray("jobs");
    return node;
  }
}
