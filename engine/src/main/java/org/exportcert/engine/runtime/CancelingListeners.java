package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.UserTask;

/**
 * {@code canceling} task listeners (Camunda 8.8). Every termination that goes through Zeebe's
 * element lifecycle waits for them: cancelling the instance, an interrupting catch event (boundary
 * event, interrupting event subprocess), a terminate end event (the scope completes afterwards), a
 * multi-instance completion condition (the body completes afterwards) and an ad-hoc subprocess's
 * {@code cancelRemainingInstances} (the subprocess completes afterwards). Each Camunda user task
 * being terminated with canceling listeners goes to CANCELING and its listeners run as jobs, one
 * after the other; only when every such task's listeners are done are the tasks (and the scopes
 * around them) terminated and the termination's continuation runs. Everything else is terminated
 * at once, and the waiting scopes' event triggers are closed so nothing else interrupts meanwhile.
 * A task already CANCELING for an earlier termination is not terminated twice: the later one waits
 * for the same listener jobs. Canceling can't be denied. Process instance modification terminates
 * without these listeners, as Zeebe's modification writes the termination at once.
 */
final class CancelingListeners {

  private final BpmnRuntime runtime;
  private final TaskListeners taskListeners;
  /** Roots whose termination waits for listeners (Zeebe's TERMINATING elements); code state like the waits themselves. */
  private final Set<ElementInstance> terminating = new HashSet<>();

  CancelingListeners(BpmnRuntime runtime, TaskListeners taskListeners) {
    this.runtime = runtime;
    this.taskListeners = taskListeners;
  }

  /** A restored state: the terminations its tasks' canceling listeners wait for are terminating again. */
  void reset() {
    terminating.clear();
    for (Continuation onDone : taskListeners.waitingOnDone()) {
      collectTerminations(onDone);
    }
  }

  private void collectTerminations(Continuation continuation) {
    if (continuation instanceof Continuation.Both both) {
      collectTerminations(both.first());
      collectTerminations(both.second());
    } else if (continuation instanceof Continuation.TaskCanceled canceled) {
      collectTerminations(canceled.oneDone());
    } else if (continuation instanceof Continuation.OneTerminated one) {
      terminating.addAll(one.termination().roots);
    }
  }

  /** True while {@code ei}'s own termination waits for canceling listeners (a second cancel is refused, as in Zeebe). */
  boolean isTerminating(ElementInstance ei) {
    terminating.removeIf(root -> !root.isActive()); // ended otherwise meanwhile (e.g. by a modification)
    return terminating.contains(ei);
  }

  /** Terminates the roots (and all in them) once the canceling listeners inside are done; then {@code then}. */
  void terminateThen(List<ElementInstance> roots, Continuation then) {
    List<UserTask> tasks = new ArrayList<>();
    for (ElementInstance root : roots) {
      collect(root, tasks);
    }
    if (tasks.isEmpty()) {
      roots.forEach(runtime::terminate);
      then.run(runtime);
      return;
    }
    Set<ElementInstance> waiting = new HashSet<>();
    for (UserTask task : tasks) {
      for (ElementInstance ei = task.elementInstance; ei != null; ei = parent(ei)) {
        waiting.add(ei);
      }
    }
    for (ElementInstance root : roots) {
      if (waiting.contains(root)) {
        trim(root, waiting);
      } else {
        runtime.terminate(root);
      }
    }
    terminating.addAll(roots);
    Continuation oneDone = new Continuation.OneTerminated(new Termination(List.copyOf(roots), tasks.size(), then));
    for (UserTask task : tasks) {
      if (task.state == UserTask.State.CANCELING) { // already canceling for an earlier termination
        taskListeners.afterCanceling(task, oneDone);
        continue;
      }
      taskListeners.cancel(task); // a transition in progress (creating, completing ...) ends here with its listener job
      runtime.incidents.resolveOf(task.elementInstance); // as Zeebe does when the task starts terminating
      // the task stays CANCELING until the termination; never denied: the job completion check refuses a denial
      taskListeners.run(task, "canceling", UserTask.State.CANCELING, List.of(), new Continuation.TaskCanceled(task, oneDone),
          Continuation.Nothing.INSTANCE);
    }
  }

  /** One task of {@code termination} is done with its canceling listeners: the last one terminates the roots and goes on. */
  void oneDone(Termination termination) {
    if (--termination.left == 0) {
      termination.roots.forEach(terminating::remove);
      termination.roots.forEach(runtime::terminate);
      termination.then.run(runtime);
    }
  }

  /** Camunda user tasks below {@code ei} (called processes included) with canceling listeners still to run or running. */
  private void collect(ElementInstance ei, List<UserTask> tasks) {
    if (!ei.isActive()) {
      return;
    }
    if (ei.userTaskKey != null && ei.element.kind == ElementKind.USER_TASK && !ei.element.taskListeners("canceling").isEmpty()) {
      UserTask task = runtime.state().userTasks.get(ei.userTaskKey);
      boolean open = task != null && task.state != UserTask.State.COMPLETED && task.state != UserTask.State.CANCELED;
      if (open && (task.state != UserTask.State.CANCELING || taskListeners.isCanceling(task))) {
        tasks.add(task);
      }
    }
    for (ElementInstance child : children(ei)) {
      collect(child, tasks);
    }
  }

  /** Terminates what does not wait and closes the event triggers of what does. */
  private void trim(ElementInstance ei, Set<ElementInstance> waiting) {
    runtime.timers.cancel(ei);
    runtime.messages.close(ei);
    for (ElementInstance child : children(ei)) {
      if (waiting.contains(child)) {
        trim(child, waiting);
      } else {
        runtime.terminate(child);
      }
    }
  }

  private List<ElementInstance> children(ElementInstance ei) {
    List<ElementInstance> children = new ArrayList<>(ei.activeChildren);
    if (ei.calledInstanceKey != null) {
      ElementInstance called = runtime.state().processInstances.get(ei.calledInstanceKey);
      if (called != null && called.isActive()) {
        children.add(called);
      }
    }
    return children;
  }

  private static ElementInstance parent(ElementInstance ei) {
    return ei.flowScope != null ? ei.flowScope : ei.parentCallActivity;
  }
}
