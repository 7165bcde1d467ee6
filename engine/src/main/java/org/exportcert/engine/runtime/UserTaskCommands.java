package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.state.UserTask;

/**
 * The user task commands "assign-user-task", "unassign-user-task", "update-user-task" and
 * "complete-user-task". Each runs the task's listeners first; a listener's denial undoes the change.
 */
final class UserTaskCommands {

  private final BpmnRuntime rt;

  UserTaskCommands(BpmnRuntime rt) {
    this.rt = rt;
  }

  private UserTask openUserTask(long key, String command, String verb) {
    UserTask task = rt.state().userTasks.get(key);
    if (task == null) {
      throw EngineException.notFound(
          "Command '" + command + "' rejected with code 'NOT_FOUND': Expected to " + verb + " user task with key '" + key + "', but no such user task was found");
    }
    if (task.state != UserTask.State.CREATED) {
      throw EngineException.invalidState(
          "Command '" + command + "' rejected with code 'INVALID_STATE': Expected to " + verb + " user task with key '" + key + "', but it is in state '" + task.state + "'");
    }
    return task;
  }

  JsonNode assign(EngineCommand.AssignUserTask command) {
    UserTask task = openUserTask(command.userTaskKey(), "ASSIGN", "assign");
    String assignee = command.assignee();
    if (assignee == null || assignee.isBlank()) {
      throw EngineException.invalidArgument("No assignee provided.");
    }
    boolean allowOverride = command.allowOverride();
    if (!allowOverride && task.assignee != null && !task.assignee.equals(assignee)) {
      throw EngineException.invalidState(
          "Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '" + task.key
              + "', but it is already assigned to '" + task.assignee + "' and override is not allowed");
    }
    String previous = task.assignee;
    task.assignee = assignee;
    rt.state().userTaskChanged(task);
    String action = command.action() != null && !command.action().isBlank() ? command.action() : allowOverride ? "assign" : "claim";
    rt.taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), action, Continuation.Nothing.INSTANCE,
        new Continuation.RestoreAssignee(task, previous));
    rt.run();
    rt.taskListeners.holdAnswerIfWaiting(task);
    return null;
  }

  JsonNode unassign(EngineCommand.UnassignUserTask command) {
    UserTask task = openUserTask(command.userTaskKey(), "UNASSIGN", "unassign");
    String previous = task.assignee;
    task.assignee = null;
    rt.state().userTaskChanged(task);
    rt.taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), command.action(), Continuation.Nothing.INSTANCE,
        new Continuation.RestoreAssignee(task, previous));
    rt.run();
    rt.taskListeners.holdAnswerIfWaiting(task);
    return null;
  }

  JsonNode update(EngineCommand.UpdateUserTask command) {
    UserTask task = openUserTask(command.userTaskKey(), "UPDATE", "update");
    if (command.priority() != null && (command.priority() < 0 || command.priority() > 100)) {
      throw EngineException.invalidArgument("priority must be between 0 and 100, was " + command.priority());
    }
    // kept so that an updating listener's denial can undo the change
    String dueDate = task.dueDate;
    String followUpDate = task.followUpDate;
    List<String> candidateGroups = task.candidateGroups;
    List<String> candidateUsers = task.candidateUsers;
    int priority = task.priority;
    List<String> changed = new ArrayList<>();
    if (command.dueDate() != null) {
      task.dueDate = blankToNull(command.dueDate());
      changed.add("dueDate");
    }
    if (command.followUpDate() != null) {
      task.followUpDate = blankToNull(command.followUpDate());
      changed.add("followUpDate");
    }
    if (command.candidateGroups() != null) {
      task.candidateGroups = new ArrayList<>(command.candidateGroups());
      rt.state().userTaskChanged(task);
      changed.add("candidateGroups");
    }
    if (command.candidateUsers() != null) {
      task.candidateUsers = new ArrayList<>(command.candidateUsers());
      changed.add("candidateUsers");
    }
    if (command.priority() != null) {
      task.priority = command.priority();
      changed.add("priority");
    }
    rt.taskListeners.run(task, "updating", UserTask.State.UPDATING, changed, command.action(), Continuation.Nothing.INSTANCE,
        new Continuation.RestoreAttributes(task, dueDate, followUpDate, candidateGroups, candidateUsers, priority));
    rt.run();
    rt.taskListeners.holdAnswerIfWaiting(task);
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  JsonNode complete(EngineCommand.CompleteUserTask command) {
    UserTask task = openUserTask(command.userTaskKey(), "COMPLETE", "complete");
    Map<String, Object> variables = Json.variables(command.variables());
    rt.taskListeners.run(task, "completing", UserTask.State.COMPLETING, List.of(), command.action(),
        new Continuation.CompleteUserTask(task, variables), Continuation.Nothing.INSTANCE);
    rt.run();
    rt.taskListeners.holdAnswerIfWaiting(task);
    return null;
  }

}
