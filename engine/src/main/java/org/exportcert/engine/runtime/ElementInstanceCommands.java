package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.UserTask;

/** The commands on an element instance's data: "set-variables" and "resolve-incident". */
final class ElementInstanceCommands {

  private final BpmnRuntime rt;

  ElementInstanceCommands(BpmnRuntime rt) {
    this.rt = rt;
  }

  JsonNode setVariables(EngineCommand.SetVariables command) {
    long key = command.elementInstanceKey();
    ElementInstance ei = rt.state().elementInstances.get(key);
    if (ei == null || !ei.isActive()) {
      throw EngineException.notFound(
          "Command 'UPDATE' rejected with code 'NOT_FOUND': Expected to update variables for element with key '" + key + "', but no such element was found");
    }
    Map<String, Object> variables = Json.variables(command.variables());
    boolean local = command.local();
    Continuation apply = new Continuation.ApplyVariables(ei, variables, local);
    UserTask task = ei.userTaskKey == null ? null : rt.state().userTasks.get(ei.userTaskKey);
    if (task != null && task.state == UserTask.State.CREATED) {
      // variables set on a Camunda user task are an update its updating listeners may deny
      rt.taskListeners.run(task, "updating", UserTask.State.UPDATING, List.of("variables"), apply, Continuation.Nothing.INSTANCE);
      rt.run();
      rt.taskListeners.holdAnswerIfWaiting(task);
    } else {
      apply.run(rt);
    }
    return null;
  }

  JsonNode resolveIncident(EngineCommand.ResolveIncident command) {
    long key = command.incidentKey();
    Incident incident = rt.state().incidents.get(key);
    if (incident == null || incident.state != Incident.State.ACTIVE) {
      throw EngineException.notFound(
          "Command 'RESOLVE' rejected with code 'NOT_FOUND': Expected to resolve incident with key '" + key + "', but no such incident was found");
    }
    ElementInstance ei = incident.elementInstance;
    if (incident.retry == Incident.Retry.JOB) {
      Job job = rt.state().jobs.get(incident.jobKey);
      if (job.retries <= 0) {
        throw EngineException.invalidState(
            "Command 'RESOLVE' rejected with code 'INVALID_STATE': Expected to resolve incident with key '" + key
                + "', but job '" + job.key + "' has no retries left; update the job retries first");
      }
      incident.state = Incident.State.RESOLVED;
      ei.incidentKey = null;
      job.incidentKey = null;
      job.state = Job.State.FAILED;
      rt.state().incidentChanged(incident);
      rt.state().jobChanged(job);
      job.retryAt = rt.now;
      rt.jobsAvailable = true;
      return null;
    }
    incident.state = Incident.State.RESOLVED;
    ei.incidentKey = null;
    rt.state().incidentChanged(incident);
    if (rt.listeners.resume(ei) || rt.taskListeners.resume(ei)) { // a listener's type or retries expression failed: its listeners run again
      rt.run();
      return null;
    }
    if (incident.retry == Incident.Retry.ENTER) {
      rt.flow.enter(ei);
    } else {
      rt.flow.finishLeave(ei);
    }
    rt.run();
    return null;
  }
}
