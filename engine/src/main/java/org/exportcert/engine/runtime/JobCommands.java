package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;

/**
 * The job commands: "activate", "complete-job", "fail-job", "throw-error", "update-job". A job
 * belongs to an element (completing it completes the element) or to an execution or task listener.
 */
final class JobCommands {

  private final BpmnRuntime rt;

  JobCommands(BpmnRuntime rt) {
    this.rt = rt;
  }

  JsonNode activate(EngineCommand.ActivateJobs command) {
    String type = command.type();
    if (type == null || type.isBlank()) {
      throw EngineException.invalidArgument("No type provided.");
    }
    int max = command.maxJobsToActivate();
    if (max < 1) {
      throw EngineException.invalidArgument("The value for maxJobsToActivate is '" + max + "' but must be greater than 0.");
    }
    long timeout = command.timeout();
    String worker = command.worker();
    List<String> fetch = command.fetchVariable() == null ? List.of() : command.fetchVariable();
    ObjectNode response = Json.object();
    ArrayNode jobs = response.putArray("jobs");
    long now = rt.now;
    for (Job job : rt.state().activatable().take(type, now, max, candidate -> candidate.isActivatable(now))) {
      job.state = Job.State.ACTIVATED;
      job.worker = worker == null ? "" : worker;
      job.deadline = rt.now + timeout;
      rt.state().jobChanged(job); // a failed job activated again is CREATED
      rt.jobs.noteTimeEvent(job.deadline);
      Map<String, Object> variables = rt.visibleVariables(job.elementInstance);
      if (!fetch.isEmpty()) {
        variables.keySet().retainAll(fetch);
      }
      jobs.add(Views.activatedJob(job, variables));
    }
    return response;
  }

  private Job openJob(long key, String command, String verb) {
    Job job = rt.state().jobs.get(key);
    if (job == null || !job.isOpen()) {
      throw EngineException.notFound(
          "Command '" + command + "' rejected with code 'NOT_FOUND': Expected to " + verb + " job with key '" + key + "', but no such job was found");
    }
    return job;
  }

  JsonNode complete(EngineCommand.CompleteJob command) {
    Job job = openJob(command.jobKey(), "COMPLETE", "complete");
    if (job.state == Job.State.ERROR_THROWN || job.incidentKey != null || (job.state == Job.State.FAILED && job.retries <= 0)) {
      throw EngineException.invalidState(
          "Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete job with key '" + job.key + "', but it is in state '" + job.state + "'");
    }
    boolean taskListener = TaskListeners.isTaskListenerJob(job);
    if (taskListener) {
      rt.taskListeners.check(job, command.variables(), command.result());
    }
    boolean adHocJob = AdHocSubProcesses.isAdHocJob(job);
    if (adHocJob) {
      rt.adHoc.checkJobResult(job, command.result());
    }
    Map<String, Object> variables = Json.variables(command.variables());
    job.state = Job.State.COMPLETED;
    rt.state().closeJob(job);
    rt.state().jobChanged(job);
    if (taskListener) {
      rt.taskListeners.completed(job, command.result());
      rt.run();
      return null;
    }
    if (job.listenerEventType != null) {
      rt.listeners.completed(job, variables);
      rt.run();
      return null;
    }
    if (adHocJob) { // the job result activates elements or fulfils the completion
      rt.adHoc.jobCompleted(job, command.result(), variables);
      rt.run();
      return null;
    }
    ElementInstance ei = job.elementInstance;
    ei.jobKey = job.key;
    rt.leave(ei, variables);
    rt.run();
    return null;
  }

  JsonNode fail(EngineCommand.FailJob command) {
    Job job = openJob(command.jobKey(), "FAIL", "fail");
    if (job.state == Job.State.ERROR_THROWN || job.incidentKey != null) {
      throw EngineException.invalidState(
          "Command 'FAIL' rejected with code 'INVALID_STATE': Expected to fail job with key '" + job.key + "', but it is in state '" + job.state + "'");
    }
    Map<String, Object> variables = Json.variables(command.variables());
    int retries = command.retries();
    job.retries = retries;
    job.errorMessage = command.errorMessage();
    job.state = Job.State.FAILED;
    job.deadline = -1;
    rt.state().jobChanged(job);
    job.retryAt = rt.now + Math.max(0, command.retryBackOff());
    rt.jobs.noteTimeEvent(job.retryAt);
    if (!variables.isEmpty()) {
      rt.setLocal(job.elementInstance, variables);
    }
    if (retries <= 0) {
      String message = job.errorMessage == null || job.errorMessage.isBlank() ? "No more retries left." : job.errorMessage;
      rt.raiseIncident(job.elementInstance, "JOB_NO_RETRIES", message, job, Incident.Retry.JOB);
    } else {
      rt.jobsAvailable = true;
    }
    return null;
  }

  JsonNode throwError(EngineCommand.ThrowError command) {
    Job job = openJob(command.jobKey(), "THROW_ERROR", "throw an error for");
    if (job.listenerEventType != null) {
      throw EngineException.invalidState(
          "Command 'THROW_ERROR' rejected with code 'INVALID_STATE': Expected to throw an error for job with key '" + job.key
              + "', but it is a listener job (execution or task listener), for which throwing a BPMN error is not supported");
    }
    if (job.state == Job.State.ERROR_THROWN || job.incidentKey != null) {
      throw EngineException.invalidState(
          "Command 'THROW_ERROR' rejected with code 'INVALID_STATE': Expected to throw an error for job with key '" + job.key + "', but it is in state '" + job.state + "'");
    }
    String code = command.errorCode();
    if (code == null || code.isBlank()) {
      throw EngineException.invalidArgument("No errorCode provided.");
    }
    Map<String, Object> variables = Json.variables(command.variables());
    job.errorCode = code;
    job.errorMessage = command.errorMessage();
    rt.events.throwError(job.elementInstance, code, job.errorMessage, variables, job);
    rt.run();
    return null;
  }

  JsonNode update(EngineCommand.UpdateJob command) {
    Job job = openJob(command.jobKey(), "UPDATE", "update");
    Integer retries = command.retries();
    Long timeout = command.timeout();
    if (retries != null && retries < 1) {
      throw EngineException.invalidArgument("Expected retries to be greater than zero, but was " + retries);
    }
    if (timeout != null && job.state != Job.State.ACTIVATED) {
      throw EngineException.invalidState(
          "Command 'UPDATE_TIMEOUT' rejected with code 'INVALID_STATE': Expected to update the timeout of job with key '" + job.key + "', but it is not activated");
    }
    if (retries != null) {
      job.retries = retries;
      rt.jobsAvailable = true;
    }
    if (timeout != null) {
      job.deadline = rt.now + timeout;
      rt.state().jobChanged(job); // an activation looks at it again after the new deadline
      rt.jobs.noteTimeEvent(job.deadline);
    }
    return null;
  }
}
