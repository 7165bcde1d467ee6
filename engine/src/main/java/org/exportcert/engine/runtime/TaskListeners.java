package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.ListenerSpec;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.UserTask;

/**
 * Task listeners of Camunda user tasks (8.8 event types creating, assigning, updating, completing;
 * canceling through {@link CancelingListeners}).
 * A lifecycle change of the task waits in its transitional state (CREATING, ASSIGNING, UPDATING,
 * COMPLETING) while the listeners of that event run as jobs (kind TASK_LISTENER, the task's
 * properties in {@code userTask}), one after the other; other commands on the task are rejected
 * meanwhile. A listener may correct the task (assignee, dates, candidates, priority) or, for
 * assigning, updating and completing, deny the change: the task goes back to CREATED and the
 * change is undone. Listener jobs complete without variables, as Zeebe requires.
 */
final class TaskListeners {

  private static final List<String> EVENTS = List.of("CREATING", "ASSIGNING", "UPDATING", "COMPLETING", "CANCELING");

  /** The correctable attributes of a task at one moment, to tell what changed and to undo corrections. */
  private record Attributes(String assignee, String dueDate, String followUpDate, List<String> candidateUsers,
      List<String> candidateGroups, int priority) implements java.io.Serializable {

    static Attributes of(UserTask task) {
      return new Attributes(task.assignee, task.dueDate, task.followUpDate, task.candidateUsers, task.candidateGroups, task.priority);
    }

    void restore(UserTask task) {
      task.assignee = assignee;
      task.dueDate = dueDate;
      task.followUpDate = followUpDate;
      task.candidateUsers = candidateUsers;
      task.candidateGroups = candidateGroups;
      task.priority = priority;
    }

    /** Names of the attributes that differ from these (in Camunda's order). */
    List<String> changedIn(UserTask task) {
      List<String> changed = new ArrayList<>();
      if (!java.util.Objects.equals(assignee, task.assignee)) changed.add("assignee");
      if (!java.util.Objects.equals(candidateGroups, task.candidateGroups)) changed.add("candidateGroups");
      if (!java.util.Objects.equals(candidateUsers, task.candidateUsers)) changed.add("candidateUsers");
      if (!java.util.Objects.equals(dueDate, task.dueDate)) changed.add("dueDate");
      if (!java.util.Objects.equals(followUpDate, task.followUpDate)) changed.add("followUpDate");
      if (priority != task.priority) changed.add("priority");
      return changed;
    }
  }

  /** A task in a transition, waiting for its listener jobs: part of the state, so snapshots hold it. */
  private static final class Pending implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String event;
    /** What the command itself changed (e.g. "assignee", "variables"). */
    final List<String> changed;
    /** The task as the command left it, before any listener's correction. */
    final Attributes beforeCorrections;
    /** Not final: a second termination of a task already canceling waits for the same listeners ({@link #afterCanceling}). */
    Continuation onDone;
    final Continuation onDenied;
    /** The assignee the model gave a task being created, assigned once the creating listeners are done (CREATING only). */
    String initialAssignee;
    /** The request's custom action (Camunda's userTask.action); null: the event's default. Added later: old snapshots read null. */
    String action;
    int next;
    boolean failed;

    Pending(String event, List<String> changed, Attributes beforeCorrections, Continuation onDone, Continuation onDenied) {
      this.event = event;
      this.changed = changed;
      this.beforeCorrections = beforeCorrections;
      this.onDone = onDone;
      this.onDenied = onDenied;
    }

    /** The command's changes plus the attributes corrected so far (a correction undone counts no more). */
    List<String> changedAttributes(UserTask task) {
      List<String> all = new ArrayList<>(changed);
      for (String name : beforeCorrections.changedIn(task)) {
        if (!all.contains(name)) {
          all.add(name);
        }
      }
      return all;
    }
  }

  private final BpmnRuntime runtime;

  TaskListeners(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  /** User tasks in a transition, by user task key (in the state). */
  private Map<Long, java.io.Serializable> waiting() {
    EngineState state = runtime.state();
    if (state.taskListenerWaits == null) {
      state.taskListenerWaits = new HashMap<>();
    }
    return state.taskListenerWaits;
  }

  private static List<ListenerSpec> listeners(UserTask task, Pending pending) {
    return task.elementInstance.element.taskListeners(pending.event.toLowerCase());
  }

  static boolean isTaskListenerJob(Job job) {
    return job.listenerEventType != null && EVENTS.contains(job.listenerEventType);
  }

  /**
   * Runs the task's listeners of {@code event} ("creating" ...) with the task in {@code transitional}
   * state, then {@code onDone}; a denial runs {@code onDenied} instead. No listeners: onDone at once.
   */
  void run(UserTask task, String event, UserTask.State transitional, List<String> changed, Continuation onDone, Continuation onDenied) {
    run(task, event, transitional, changed, null, onDone, onDenied);
  }

  /** As {@link #run(UserTask, String, UserTask.State, List, Continuation, Continuation)}, for a request with a custom {@code action}. */
  void run(UserTask task, String event, UserTask.State transitional, List<String> changed, String action, Continuation onDone,
      Continuation onDenied) {
    List<ListenerSpec> listeners = task.elementInstance.element.taskListeners(event);
    if (listeners.isEmpty()) {
      onDone.run(runtime);
      return;
    }
    task.state = transitional;
    runtime.state().userTaskChanged(task);
    Pending pending = new Pending(event.toUpperCase(), List.copyOf(changed), Attributes.of(task), onDone, onDenied);
    pending.action = action == null || action.isBlank() ? null : action;
    waiting().put(task.key, pending);
    next(task, pending);
  }

  private void next(UserTask task, Pending pending) {
    List<ListenerSpec> listeners = listeners(task, pending);
    if (pending.next >= listeners.size()) {
      waiting().remove(task.key);
      task.state = UserTask.State.CREATED;
      runtime.state().userTaskChanged(task);
      pending.onDone.run(runtime);
      ended(task, pending, HeldAnswers.Ending.DONE, null);
      return;
    }
    ElementInstance ei = task.elementInstance;
    ListenerSpec spec = listeners.get(pending.next);
    Map<String, Object> variables = runtime.visibleVariables(ei);
    try {
      String type = Jobs.type(runtime.feel(), spec.type(), variables);
      int retries = Jobs.retries(runtime.feel(), spec.retries(), variables);
      Map<String, Object> properties = properties(task, pending);
      Job job = Jobs.open(runtime.state(), ei, type, retries, headers(ei.element.headers(), properties), runtime.now, pending.event);
      job.userTaskProperties = properties;
      runtime.jobsAvailable = true;
    } catch (FeelException e) {
      pending.failed = true;
      pending.next = 0;
      runtime.raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
  }

  /** A request's transition (assigning, updating, completing) ended: its held answer, if any, goes out after this command. */
  private void ended(UserTask task, Pending pending, HeldAnswers.Ending ending, String deniedReason) {
    if (!"CREATING".equals(pending.event) && !"CANCELING".equals(pending.event)) {
      runtime.endedTransitions.add(new HeldAnswers.Outcome(task.key, ending, deniedReason));
    }
  }

  /**
   * Called by a user task command after starting its transition: when the task still waits for
   * listeners of that event, the command's answer is held until the transition ends (as in Camunda).
   */
  void holdAnswerIfWaiting(UserTask task) {
    Pending pending = (Pending) waiting().get(task.key);
    if (pending != null && !"CREATING".equals(pending.event) && !"CANCELING".equals(pending.event)) {
      runtime.heldTransition = task.key;
    }
  }

  /** The task as the listener sees it (REST "userTask", gRPC UserTaskProperties). */
  private static Map<String, Object> properties(UserTask task, Pending pending) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("action", pending.action != null ? pending.action : switch (pending.event) {
      case "ASSIGNING" -> task.assignee == null ? "unassign" : "assign";
      case "UPDATING" -> "update";
      case "COMPLETING" -> "complete";
      default -> "";
    });
    properties.put("assignee", task.assignee);
    properties.put("candidateGroups", task.candidateGroups);
    properties.put("candidateUsers", task.candidateUsers);
    properties.put("changedAttributes", pending.changedAttributes(task));
    properties.put("dueDate", task.dueDate);
    properties.put("followUpDate", task.followUpDate);
    properties.put("formKey", task.formKey == null ? null : String.valueOf(task.formKey));
    properties.put("priority", task.priority);
    properties.put("userTaskKey", String.valueOf(task.key));
    return properties;
  }

  /** The task's headers with the task's data under Camunda's reserved header names (io.camunda.zeebe:*). */
  private static Map<String, String> headers(Map<String, String> taskHeaders, Map<String, Object> properties) {
    Map<String, String> headers = new LinkedHashMap<>(taskHeaders);
    properties.forEach((name, value) -> {
      if (value instanceof List<?> list) {
        headers.put("io.camunda.zeebe:" + name, Json.write(list));
      } else if (value != null && !"".equals(value)) {
        headers.put("io.camunda.zeebe:" + name, String.valueOf(value));
      }
    });
    return headers;
  }

  /** Rejections of a task listener job's completion, checked before anything changes (Zeebe's checks, in its order and words). */
  void check(Job job, JsonNode variables, EngineCommand.JobResult result) {
    String ids = "(job key '" + job.key + "', type '" + job.type + "', processInstanceKey '" + job.elementInstance.processInstanceKey + "').";
    if (!Json.variables(variables).isEmpty()) {
      throw rejected("Task Listener job completion with variables payload provided is not yet supported " + ids
          + " Support will be enabled with the resolution of issue #23702.");
    }
    boolean denied = result != null && result.denied();
    if (denied && ("CREATING".equals(job.listenerEventType) || "CANCELING".equals(job.listenerEventType))) {
      throw rejected("Denying result is not supported for '" + job.listenerEventType + "' task listener jobs " + ids
          + " Only the following listener event types support denying: [ASSIGNING, COMPLETING, UPDATING].");
    }
    EngineCommand.Corrections corrections = result == null ? null : result.corrections();
    if (denied && corrections != null && (corrections.assignee() != null || corrections.dueDate() != null || corrections.followUpDate() != null
        || corrections.candidateUsers() != null || corrections.candidateGroups() != null || corrections.priority() != null)) {
      throw rejected("Expected to complete task listener job with corrections, but the job result is denied " + ids
          + " The corrections would be reverted by the denial. Either complete the job with corrections without setting denied,"
          + " or complete the job with a denied result but no corrections.");
    }
    if ("CREATING".equals(job.listenerEventType) && corrections != null && corrections.assignee() != null) {
      UserTask task = job.elementInstance.userTaskKey == null ? null : runtime.state().userTasks.get(job.elementInstance.userTaskKey);
      Pending pending = task == null ? null : (Pending) waiting().get(task.key);
      if (pending != null && pending.initialAssignee != null) {
        throw rejected("Expected to complete task listener job, but correcting the assignee on 'CREATING' event is not supported"
            + " when the user task has an assignee defined in the model " + ids
            + " Use the 'CREATING' event to set an assignee only if it was not defined."
            + " Use the 'ASSIGNING' event to correct an assignee that is already defined.");
      }
    }
  }

  private static EngineException rejected(String reason) {
    return EngineException.invalidArgument("Command 'COMPLETE' rejected with code 'INVALID_ARGUMENT': " + reason);
  }

  /**
   * A Camunda user task is created: as in Zeebe, an assignee from the model is not the task's
   * while it is CREATING (the creating listeners see none and may not correct it); once they are
   * done the task is assigned to it through the assigning listeners. Without one, an assignee a
   * creating listener corrected is simply the created task's.
   */
  void create(UserTask task) {
    String initialAssignee = task.assignee;
    task.assignee = null;
    runtime.state().userTaskChanged(task);
    run(task, "creating", UserTask.State.CREATING, List.of(), null, new Continuation.UserTaskCreated(task, initialAssignee, false),
        Continuation.Nothing.INSTANCE);
    Pending pending = (Pending) waiting().get(task.key);
    if (pending != null && "CREATING".equals(pending.event)) {
      pending.initialAssignee = initialAssignee;
    }
  }

  /** A listener job was completed: apply its corrections, then the next listener, the change, or the denial. */
  void completed(Job job, EngineCommand.JobResult result) {
    ElementInstance ei = job.elementInstance;
    UserTask task = ei.userTaskKey == null ? null : runtime.state().userTasks.get(ei.userTaskKey);
    Pending pending = task == null ? null : (Pending) waiting().get(task.key);
    if (pending == null) {
      return;
    }
    if (result != null && result.denied()) {
      // as if the event never happened: the listeners' corrections and the command's change are undone
      waiting().remove(task.key);
      task.state = UserTask.State.CREATED;
      pending.beforeCorrections.restore(task);
      runtime.state().userTaskChanged(task);
      pending.onDenied.run(runtime);
      ended(task, pending, HeldAnswers.Ending.DENIED, result.deniedReason());
      return;
    }
    correct(task, result == null ? null : result.corrections());
    runtime.state().userTaskChanged(task);
    pending.next++;
    next(task, pending);
  }

  private static void correct(UserTask task, EngineCommand.Corrections corrections) {
    if (corrections == null) {
      return;
    }
    if (corrections.assignee() != null) {
      task.assignee = blankToNull(corrections.assignee());
    }
    if (corrections.dueDate() != null) {
      task.dueDate = blankToNull(corrections.dueDate());
    }
    if (corrections.followUpDate() != null) {
      task.followUpDate = blankToNull(corrections.followUpDate());
    }
    if (corrections.candidateUsers() != null) {
      task.candidateUsers = List.copyOf(corrections.candidateUsers());
    }
    if (corrections.candidateGroups() != null) {
      task.candidateGroups = List.copyOf(corrections.candidateGroups());
    }
    if (corrections.priority() != null) {
      task.priority = Math.max(0, Math.min(100, corrections.priority()));
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** After an expression incident on a task listener is resolved: true when this class took the retry over. */
  boolean resume(ElementInstance ei) {
    UserTask task = ei.userTaskKey == null ? null : runtime.state().userTasks.get(ei.userTaskKey);
    Pending pending = task == null ? null : (Pending) waiting().get(task.key);
    if (pending == null || !pending.failed) {
      return false;
    }
    pending.failed = false;
    next(task, pending);
    return true;
  }

  /** What goes on after each waiting task's listeners (to find the terminations waiting, after a restore). */
  List<Continuation> waitingOnDone() {
    List<Continuation> all = new ArrayList<>();
    for (java.io.Serializable pending : waiting().values()) {
      all.add(((Pending) pending).onDone);
    }
    return all;
  }

  /** The task's canceling listeners are running (it waits in CANCELING for their jobs). */
  boolean isCanceling(UserTask task) {
    Pending pending = (Pending) waiting().get(task.key);
    return pending != null && "CANCELING".equals(pending.event);
  }

  /**
   * Another termination reaches a task whose canceling listeners already run (e.g. the instance is
   * cancelled while a terminate end event waits): it waits for the same listener jobs, as in Zeebe,
   * where a terminating element is not terminated twice; {@code then} runs after the first waiter.
   */
  void afterCanceling(UserTask task, Continuation then) {
    Pending pending = (Pending) waiting().get(task.key);
    pending.onDone = new Continuation.Both(pending.onDone, then);
  }

  /**
   * The task is cancelled with its element: its open listener job is cancelled too, and a change in
   * progress (assigning, updating ...) is undone with its listeners' corrections, as in Zeebe, where
   * it was never persisted: the canceling listeners and the canceled task show the task as it was.
   */
  void cancel(UserTask task) {
    Pending pending = (Pending) waiting().remove(task.key);
    if (pending == null) {
      return;
    }
    if (!"CANCELING".equals(pending.event)) {
      pending.beforeCorrections.restore(task);
      runtime.state().userTaskChanged(task);
      pending.onDenied.run(runtime);
      ended(task, pending, HeldAnswers.Ending.CANCELED, null);
    }
    ElementInstance ei = task.elementInstance;
    for (Job job : runtime.state().jobsByInstance.getOrDefault(ei.processInstanceKey, List.of())) {
      if (job.elementInstance == ei && isTaskListenerJob(job) && job.isOpen()) {
        job.state = Job.State.CANCELED;
        runtime.state().closeJob(job);
        runtime.state().jobChanged(job);
      }
    }
  }
}
