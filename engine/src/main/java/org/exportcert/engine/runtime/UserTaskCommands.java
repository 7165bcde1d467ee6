package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
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

  private UserTask openUserTask(JsonNode body, String command, String verb) {
    long key = body.path("key").asLong();
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

  JsonNode assign(JsonNode body) {
    UserTask task = openUserTask(body, "ASSIGN", "assign");
    String assignee = Json.text(body, "assignee");
    if (assignee == null || assignee.isBlank()) {
      throw EngineException.invalidArgument("No assignee provided.");
    }
    boolean allowOverride = !body.has("allowOverride") || body.get("allowOverride").isNull() || body.get("allowOverride").asBoolean();
    if (!allowOverride && task.assignee != null && !task.assignee.equals(assignee)) {
      throw EngineException.invalidState(
          "Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '" + task.key
              + "', but it is already assigned to '" + task.assignee + "' and override is not allowed");
    }
    String previous = task.assignee;
    task.assignee = assignee;
    rt.taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), () -> { }, () -> task.assignee = previous);
    rt.run();
    return null;
  }

  JsonNode unassign(JsonNode body) {
    UserTask task = openUserTask(body, "UNASSIGN", "unassign");
    String previous = task.assignee;
    task.assignee = null;
    rt.taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), () -> { }, () -> task.assignee = previous);
    rt.run();
    return null;
  }

  JsonNode update(JsonNode body) {
    UserTask task = openUserTask(body, "UPDATE", "update");
    JsonNode changeset = body.path("changeset");
    if (changeset.hasNonNull("priority") && (changeset.get("priority").asInt() < 0 || changeset.get("priority").asInt() > 100)) {
      throw EngineException.invalidArgument("priority must be between 0 and 100, was " + changeset.get("priority").asInt());
    }
    // kept so that an updating listener's denial can undo the change
    String dueDate = task.dueDate;
    String followUpDate = task.followUpDate;
    List<String> candidateGroups = task.candidateGroups;
    List<String> candidateUsers = task.candidateUsers;
    int priority = task.priority;
    List<String> changed = new ArrayList<>();
    if (changeset.hasNonNull("dueDate")) {
      task.dueDate = blankToNull(changeset.get("dueDate").asText());
      changed.add("dueDate");
    }
    if (changeset.hasNonNull("followUpDate")) {
      task.followUpDate = blankToNull(changeset.get("followUpDate").asText());
      changed.add("followUpDate");
    }
    if (changeset.hasNonNull("candidateGroups")) {
      List<String> groups = new ArrayList<>();
      changeset.get("candidateGroups").forEach(g -> groups.add(g.asText()));
      task.candidateGroups = groups;
      changed.add("candidateGroups");
    }
    if (changeset.hasNonNull("candidateUsers")) {
      List<String> users = new ArrayList<>();
      changeset.get("candidateUsers").forEach(u -> users.add(u.asText()));
      task.candidateUsers = users;
      changed.add("candidateUsers");
    }
    if (changeset.hasNonNull("priority")) {
      task.priority = changeset.get("priority").asInt();
      changed.add("priority");
    }
    rt.taskListeners.run(task, "updating", UserTask.State.UPDATING, changed, () -> { }, () -> {
      task.dueDate = dueDate;
      task.followUpDate = followUpDate;
      task.candidateGroups = candidateGroups;
      task.candidateUsers = candidateUsers;
      task.priority = priority;
    });
    rt.run();
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  JsonNode complete(JsonNode body) {
    UserTask task = openUserTask(body, "COMPLETE", "complete");
    Map<String, Object> variables = Json.variables(body.get("variables"));
    rt.taskListeners.run(task, "completing", UserTask.State.COMPLETING, List.of(), () -> {
      task.state = UserTask.State.COMPLETED;
      task.completionDate = rt.now;
      rt.leave(task.elementInstance, variables);
    }, () -> { });
    rt.run();
    return null;
  }

}
