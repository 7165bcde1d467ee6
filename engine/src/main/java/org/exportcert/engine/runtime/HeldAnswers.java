package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.exportcert.engine.command.EngineCommand;

/**
 * Answers to user task commands held while the task's listeners run, as Camunda 8.8 does: a
 * completion, assignment, unassignment, update or a variables update on a task with listeners of
 * that event is answered only when its transition ends — after the last listener job is completed
 * (the command's usual answer), or rejected when a listener denies it or the task is cancelled
 * meanwhile. Held answers are the processor's memory, not engine state: after a restart they are
 * gone (the client's request is gone too, as with Zeebe's gateway), and each is bounded in time.
 */
final class HeldAnswers {

  /** How a task's transition ended (recorded by {@link TaskListeners} in the command that ended it). */
  enum Ending { DONE, DENIED, CANCELED }

  record Outcome(long userTaskKey, Ending ending, String deniedReason) {}

  /** Where answers go: the processor replies after the batch is durable. */
  interface Sink {
    void reply(CompletableFuture<JsonNode> future, JsonNode value);

    void fail(CompletableFuture<JsonNode> future, Throwable error);
  }

  /** Answers at once (the processor has stopped: nothing more becomes durable). */
  static final Sink AT_ONCE = new Sink() {
    @Override
    public void reply(CompletableFuture<JsonNode> future, JsonNode value) {
      future.complete(value);
    }

    @Override
    public void fail(CompletableFuture<JsonNode> future, Throwable error) {
      future.completeExceptionally(error);
    }
  };

  private record Held(EngineCommand command, JsonNode answer, CompletableFuture<JsonNode> future, long expiresAt) {}

  private final Map<Long, Held> byUserTask = new HashMap<>();

  /** Holds {@code answer} to {@code command} until the transition of the user task ends or {@code expiresAt} (wall ms). */
  void hold(long userTaskKey, EngineCommand command, JsonNode answer, CompletableFuture<JsonNode> future, long expiresAt, Sink sink) {
    Held earlier = byUserTask.put(userTaskKey, new Held(command, answer, future, expiresAt));
    if (earlier != null) { // cannot happen (one transition per task at a time); never leave a request hanging
      sink.fail(earlier.future(), EngineException.invalidState(prefix(earlier.command()) + "the user task's transition was superseded"));
    }
  }

  /** Answers the held requests whose transitions ended. */
  void settle(List<Outcome> outcomes, Sink sink) {
    for (Outcome outcome : outcomes) {
      Held held = byUserTask.remove(outcome.userTaskKey());
      if (held == null) {
        continue; // a transition nobody waits for (creation, a request given up, one from before a restart)
      }
      switch (outcome.ending()) {
        case DONE -> sink.reply(held.future(), held.answer());
        case DENIED -> sink.fail(held.future(), EngineException.invalidState(prefix(held.command()) + denied(held.command(), outcome)));
        case CANCELED -> sink.fail(held.future(), EngineException.invalidState(requestPrefix(held.command())
            + (held.command() instanceof EngineCommand.SetVariables
                ? "user task was canceled during handling task variables update" : "user task was canceled during ongoing transition")));
      }
    }
  }

  /** Gives up on answers held past their time (the transition goes on; only the request ends). */
  void expire(long wallNow, Sink sink) {
    Iterator<Map.Entry<Long, Held>> it = byUserTask.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Held> entry = it.next();
      Held held = entry.getValue();
      if (held.expiresAt() <= wallNow || held.future().isDone()) {
        it.remove();
        sink.fail(held.future(), new EngineException(504, "DEADLINE_EXCEEDED", "Expected to " + verb(held.command())
            + " user task with key '" + entry.getKey() + "' within the request timeout, but its task listeners did not finish in time;"
            + " the change stays in progress and ends when its listener jobs are completed"));
      }
    }
  }

  /** Wall time of the earliest expiry, Long.MAX_VALUE when nothing is held. */
  long nextExpiry() {
    long next = Long.MAX_VALUE;
    for (Held held : byUserTask.values()) {
      next = Math.min(next, held.expiresAt());
    }
    return next;
  }

  void failAll(Throwable error, Sink sink) {
    List<Held> all = new ArrayList<>(byUserTask.values());
    byUserTask.clear();
    all.forEach(held -> sink.fail(held.future(), error));
  }

  int size() {
    return byUserTask.size();
  }

  /** Zeebe's rejection prefix: the intent of the command (unassignment is an ASSIGN, a variables update an UPDATE). */
  private static String prefix(EngineCommand command) {
    String intent = command instanceof EngineCommand.CompleteUserTask ? "COMPLETE"
        : command instanceof EngineCommand.AssignUserTask || command instanceof EngineCommand.UnassignUserTask ? "ASSIGN" : "UPDATE";
    return "Command '" + intent + "' rejected with code 'INVALID_STATE': ";
  }

  /** The prefix with the request's own intent, as Zeebe answers a request of a cancelled task: an assignment without override is a CLAIM. */
  private static String requestPrefix(EngineCommand command) {
    return command instanceof EngineCommand.AssignUserTask assign && !assign.allowOverride()
        ? "Command 'CLAIM' rejected with code 'INVALID_STATE': " : prefix(command);
  }

  private static String denied(EngineCommand command, Outcome outcome) {
    String reason = "Reason to deny: '" + (outcome.deniedReason() == null ? "" : outcome.deniedReason()) + "'";
    String task = "the User Task with key '" + outcome.userTaskKey() + "' was denied by Task Listener. ";
    if (command instanceof EngineCommand.SetVariables variables) {
      return "Variable update for user task instance with key '" + variables.elementInstanceKey() + "' was denied by Task Listener. " + reason;
    }
    if (command instanceof EngineCommand.CompleteUserTask) {
      return "Completion of " + task + reason;
    }
    if (command instanceof EngineCommand.AssignUserTask || command instanceof EngineCommand.UnassignUserTask) {
      return "Assignment of " + task + reason;
    }
    return "Update of " + task + reason;
  }

  private static String verb(EngineCommand command) {
    return command instanceof EngineCommand.CompleteUserTask ? "complete"
        : command instanceof EngineCommand.AssignUserTask ? "assign"
        : command instanceof EngineCommand.UnassignUserTask ? "unassign"
        : command instanceof EngineCommand.SetVariables ? "update the variables of" : "update";
  }
}
