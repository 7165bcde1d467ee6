package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.UserTask;

/**
 * {@code canceling} task listeners (Camunda 8.8): when a process instance is cancelled or a catch
 * event interrupts (boundary event, interrupting event subprocess), each Camunda user task being
 * terminated with canceling listeners goes to CANCELING and its listeners run as jobs, one after the
 * other; only when every such task's listeners are done are the tasks (and the scopes around them)
 * terminated and the interruption goes on. Everything else is terminated at once, and the waiting
 * scopes' event triggers are closed so nothing else interrupts meanwhile. Canceling can't be denied.
 */
final class CancelingListeners {

  private final BpmnRuntime runtime;
  private final TaskListeners taskListeners;

  CancelingListeners(BpmnRuntime runtime, TaskListeners taskListeners) {
    this.runtime = runtime;
    this.taskListeners = taskListeners;
  }

  /** Terminates the roots (and all in them) once the canceling listeners inside are done; then {@code then}. */
  void terminateThen(List<ElementInstance> roots, Continuation then) {
    List<UserTask> tasks = new ArrayList<>();
    for (ElementInstance root : roots) {
      collect(root, tasks);
    }
    if (tasks.isEmpty()) {
      roots.forEach(runtime::terminate);
      then.run();
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
    int[] left = {tasks.size()};
    for (UserTask task : tasks) {
      taskListeners.cancel(task); // a transition in progress (creating, completing ...) ends here with its listener job
      taskListeners.run(task, "canceling", UserTask.State.CANCELING, List.of(), () -> {
        task.state = UserTask.State.CANCELING; // until the termination below
        if (--left[0] == 0) {
          roots.forEach(runtime::terminate);
          then.run();
        }
      }, () -> { }); // never denied: the job completion check refuses a denial
    }
  }

  /** Camunda user tasks below {@code ei} (called processes included) with canceling listeners, not already canceling. */
  private void collect(ElementInstance ei, List<UserTask> tasks) {
    if (!ei.isActive()) {
      return;
    }
    if (ei.userTaskKey != null && ei.element.kind == ElementKind.USER_TASK && !ei.element.taskListeners("canceling").isEmpty()) {
      UserTask task = runtime.state().userTasks.get(ei.userTaskKey);
      if (task != null && task.state != UserTask.State.CANCELING && task.state != UserTask.State.COMPLETED
          && task.state != UserTask.State.CANCELED) {
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
