package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;

/** Incidents: raised on an element instance (and its job), resolved when the element ends or is retried. */
final class IncidentBehavior {

  private final BpmnRuntime rt;

  IncidentBehavior(BpmnRuntime rt) {
    this.rt = rt;
  }

  /** {@code retry} says what resolving it re-runs: the job, the element's activation or its completion. */
  void raise(ElementInstance ei, String errorType, String message, Job job, Incident.Retry retry) {
    EngineState state = rt.state();
    Incident incident = new Incident();
    incident.key = state.newKey();
    incident.errorType = errorType;
    incident.errorMessage = message;
    incident.elementInstance = ei;
    incident.jobKey = job == null ? null : job.key;
    incident.creationTime = rt.now;
    incident.retry = retry;
    state.incidents.put(incident.key, incident);
    EngineState.index(state.incidentsByInstance, ei.processInstanceKey, incident);
    state.incidentChanged(incident); // after the line above: the instance's hasIncident counts it
    ei.incidentKey = incident.key;
    if (job != null) {
      job.incidentKey = incident.key;
    }
  }

  /** An element that ends takes its open incident with it. */
  void resolveOf(ElementInstance ei) {
    if (ei.incidentKey != null) {
      Incident incident = rt.state().incidents.get(ei.incidentKey);
      if (incident != null) {
        incident.state = Incident.State.RESOLVED;
        rt.state().incidentChanged(incident);
      }
      ei.incidentKey = null;
    }
  }
}
