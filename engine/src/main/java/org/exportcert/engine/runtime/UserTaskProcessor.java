package org.exportcert.engine.runtime;

import java.util.List;
import java.util.Map;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.UserTaskSpec;
import org.exportcert.engine.state.DeployedForm;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.UserTask;

/**
 * User tasks: a Camunda user task (the engine's own task, completed through the user task API,
 * with task listeners) or, for the job-worker implementation, a job of type io.camunda.zeebe:userTask.
 */
final class UserTaskProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  UserTaskProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    if (ei.element.isCamundaUserTask()) {
      createUserTask(ei);
    } else {
      rt.jobs.create(ei);
    }
  }

  @Override
  public void terminate(ElementInstance ei) {
    if (ei.userTaskKey == null) {
      return;
    }
    UserTask task = rt.state().userTasks.get(ei.userTaskKey);
    if (task != null && task.state != UserTask.State.COMPLETED && task.state != UserTask.State.CANCELED) {
      rt.taskListeners.cancel(task);
      task.state = UserTask.State.CANCELED;
      task.completionDate = rt.now;
      rt.state().userTaskChanged(task);
    }
  }

  private void createUserTask(ElementInstance ei) {
    EngineState state = rt.state();
    Feel feel = rt.feel();
    UserTaskSpec spec = ei.element.userTask();
    Map<String, Object> variables = rt.visibleVariables(ei);
    UserTask task = new UserTask();
    Object assignee = spec.assignee() == null ? null : feel.evaluateValue(spec.assignee(), variables);
    task.assignee = assignee == null || String.valueOf(assignee).isBlank() ? null : String.valueOf(assignee);
    task.candidateGroups = JobBehavior.toList(spec.candidateGroups() == null ? null : feel.evaluateValue(spec.candidateGroups(), variables));
    task.candidateUsers = JobBehavior.toList(spec.candidateUsers() == null ? null : feel.evaluateValue(spec.candidateUsers(), variables));
    Object due = spec.dueDate() == null ? null : feel.evaluateValue(spec.dueDate(), variables);
    task.dueDate = due == null || String.valueOf(due).isBlank() ? null : String.valueOf(due);
    Object followUp = spec.followUpDate() == null ? null : feel.evaluateValue(spec.followUpDate(), variables);
    task.followUpDate = followUp == null || String.valueOf(followUp).isBlank() ? null : String.valueOf(followUp);
    if (spec.priority() != null && !spec.priority().isBlank()) {
      Object priority = feel.evaluateValue(spec.priority(), variables);
      try {
        task.priority = priority instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(priority).trim());
      } catch (NumberFormatException e) {
        throw new FeelException("Expected priority '" + spec.priority() + "' to be a number between 0 and 100, but was '" + priority + "'");
      }
    }
    if (spec.externalFormReference() != null) {
      Object reference = feel.evaluateValue(spec.externalFormReference(), variables);
      task.externalFormReference = reference == null ? null : String.valueOf(reference);
    }
    if (spec.formId() != null) {
      DeployedForm form = state.latestForm(spec.formId());
      if (form == null) {
        rt.raiseIncident(ei, "FORM_NOT_FOUND",
            "Expected to find a form with id '" + spec.formId() + "', but no form with this id is found, at least a form with this id should be available.",
            null, Incident.Retry.ENTER);
        return;
      }
      task.formKey = form.key;
    }
    task.key = state.newKey();
    task.elementInstance = ei;
    task.creationDate = rt.now;
    task.customHeaders = Map.copyOf(ei.element.headers());
    state.userTasks.put(task.key, task);
    state.userTaskChanged(task);
    EngineState.index(state.userTasksByInstance, ei.processInstanceKey, task);
    ei.userTaskKey = task.key;
    rt.taskListeners.create(task); // creating listeners, then the model's assignee through the assigning ones
  }
}
