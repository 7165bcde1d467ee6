package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.state.DecisionState;
import org.exportcert.engine.state.DeployedForm;
import org.exportcert.engine.state.DeployedResource;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Timer;

/**
 * Deletes a deployed resource by key (REST {@code POST /v2/resources/{key}/deletion}, gRPC
 * DeleteResource): a process definition version, a decision requirements graph (with its
 * decisions) or a form version. As in Zeebe, a process definition with running instances is refused
 * (INVALID_STATE); once deleted, a resource is gone from searches and lookups, the previous version
 * becomes the latest again (its start events open), and its version number is never given again.
 * Finished instances keep their history.
 */
final class ResourceDeletion {

  private final BpmnRuntime runtime;

  ResourceDeletion(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  JsonNode delete(EngineCommand.DeleteResource command) {
    long key = command.resourceKey();
    EngineState state = runtime.state();
    DeployedProcess process = state.processesByKey.get(key);
    if (process != null) {
      deleteProcess(state, process);
      return null;
    }
    DecisionState.Drg drg = state.decisions.drgsByKey.get(key);
    if (drg != null) {
      deleteDrg(state, drg);
      return null;
    }
    DeployedForm form = state.formsByKey.get(key);
    if (form != null) {
      deleteForm(state, form);
      return null;
    }
    DeployedResource resource = state.resourcesByKey.get(key);
    if (resource != null) { // an RPA script: links resolve to another version afterwards (or raise an incident)
      noteVersion(state, "resource", resource.resourceId, resource.version);
      state.resourcesByKey.remove(resource.key);
      removeVersion(state.resourcesById, resource.resourceId, resource);
      return null;
    }
    throw EngineException.notFound(
        "Command 'DELETE' rejected with code 'NOT_FOUND': Expected to delete resource but no resource found with key `" + key + "`");
  }

  private void deleteProcess(EngineState state, DeployedProcess process) {
    for (ElementInstance pi : state.processInstances.values()) {
      if (pi.process == process && pi.isActive()) {
        throw EngineException.invalidState("Command 'DELETE' rejected with code 'INVALID_STATE': Expected to delete resource with key `"
            + process.key + "` but there are still running instances");
      }
    }
    boolean wasLatest = state.latest(process.processId) == process;
    noteVersion(state, "process", process.processId, process.version);
    state.processesByKey.remove(process.key);
    removeVersion(state.processesById, process.processId, process);
    if (!wasLatest) {
      return;
    }
    // the start events belong to the latest version: the deleted one's close, the previous one's open
    DeployedProcess previous = state.latest(process.processId);
    if (previous != null) {
      runtime.startEvents().deployed(previous);
    } else {
      state.timers.values().removeIf(timer -> {
        boolean own = timer.startProcess == process;
        if (own) {
          timer.state = Timer.State.CANCELED;
        }
        return own;
      });
      runtime.recomputeNextTimerDue();
    }
  }

  private static void deleteDrg(EngineState state, DecisionState.Drg drg) {
    DecisionState decisions = state.decisions;
    noteVersion(state, "drg", drg.drgId, drg.version);
    decisions.drgsByKey.remove(drg.key);
    removeVersion(decisions.drgsById, drg.drgId, drg);
    for (DecisionState.Decision decision : drg.decisions) {
      noteVersion(state, "decision", decision.decisionId, decision.version);
      decisions.decisionsByKey.remove(decision.key);
      removeVersion(decisions.decisionsById, decision.decisionId, decision);
    }
  }

  private static void deleteForm(EngineState state, DeployedForm form) {
    noteVersion(state, "form", form.formId, form.version);
    state.formsByKey.remove(form.key);
    removeVersion(state.formsById, form.formId, form);
  }

  private static void noteVersion(EngineState state, String kind, String id, int version) {
    state.highestDeletedVersions.merge(kind + ":" + id, version, Math::max);
  }

  private static <T> void removeVersion(Map<String, List<T>> versionsById, String id, T version) {
    List<T> versions = versionsById.get(id);
    if (versions != null) {
      versions.remove(version);
      if (versions.isEmpty()) {
        versionsById.remove(id);
      }
    }
  }
}
