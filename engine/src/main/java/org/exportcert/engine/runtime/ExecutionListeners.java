package org.exportcert.engine.runtime;

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

/**
 * Execution listeners as Camunda documents them: each start or end listener of an element (or of
 * the process) is a job of its type and retries, run one after the other in model order, and the
 * element goes on only when the last one is completed. Start listeners run after the input
 * mappings, before the element's behaviour; the variables a start listener completes with become
 * local variables of the element. End listeners run after the output mappings, before the element
 * is left; their variables go to the parent scope like output mappings. A listener job failed with
 * no retries left raises an incident, and resolving it retries that job only; a type or retries
 * expression that fails raises an incident after which that event's listeners run again from the
 * first. BPMN errors cannot be thrown from listener jobs.
 */
final class ExecutionListeners {

  /** An element waiting for its listener jobs: part of the state, so snapshots hold it. */
  private static final class Pending implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final boolean start;
    final Continuation then;
    int next;
    boolean failed;

    Pending(boolean start, Continuation then) {
      this.start = start;
      this.then = then;
    }

    List<ListenerSpec> listeners(ElementInstance ei) {
      return start ? ei.element.startListeners() : ei.element.endListeners();
    }
  }

  private final BpmnRuntime runtime;

  ExecutionListeners(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  /** Element instances waiting for listener jobs, by element instance key (in the state). */
  private Map<Long, java.io.Serializable> waiting() {
    EngineState state = runtime.state();
    if (state.listenerWaits == null) {
      state.listenerWaits = new HashMap<>();
    }
    return state.listenerWaits;
  }

  private Pending pending(ElementInstance ei) {
    return (Pending) waiting().get(ei.key);
  }

  static boolean hasStart(ElementInstance ei) {
    return !ei.multiInstanceBody && !ei.startListenersDone && !ei.element.startListeners().isEmpty();
  }

  static boolean hasEnd(ElementInstance ei) {
    return !ei.multiInstanceBody && !ei.endListenersDone && !ei.element.endListeners().isEmpty();
  }

  boolean isWaiting(ElementInstance ei) {
    return waiting().containsKey(ei.key);
  }

  /** Runs the start listeners, then {@code then} (at once when there are none). */
  void start(ElementInstance ei, Continuation then) {
    if (!hasStart(ei)) {
      then.run(runtime);
      return;
    }
    begin(ei, new Pending(true, new Continuation.ListenersDone(ei, true, then)));
  }

  /** Runs the end listeners, then {@code then} (at once when there are none). */
  void end(ElementInstance ei, Continuation then) {
    if (!hasEnd(ei)) {
      then.run(runtime);
      return;
    }
    begin(ei, new Pending(false, new Continuation.ListenersDone(ei, false, then)));
  }

  private void begin(ElementInstance ei, Pending pending) {
    if (waiting().containsKey(ei.key)) {
      return; // already waiting for this element's listeners
    }
    waiting().put(ei.key, pending);
    next(ei, pending);
  }

  private void next(ElementInstance ei, Pending pending) {
    List<ListenerSpec> listeners = pending.listeners(ei);
    if (pending.next >= listeners.size()) {
      waiting().remove(ei.key);
      pending.then.run(runtime);
      return;
    }
    ListenerSpec spec = listeners.get(pending.next);
    Map<String, Object> variables = runtime.visibleVariables(ei);
    try {
      String type = Jobs.type(runtime.feel(), spec.type(), variables);
      int retries = Jobs.retries(runtime.feel(), spec.retries(), variables);
      Jobs.open(runtime.state(), ei, type, retries, new LinkedHashMap<>(ei.element.headers()), runtime.now, pending.start ? "START" : "END");
      runtime.jobsAvailable = true;
    } catch (FeelException e) {
      pending.failed = true;
      pending.next = 0; // after the fix, this event's listeners run again from the first
      runtime.raiseIncident(ei, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
  }

  /** A listener job was completed: apply its variables and go on with the next listener or the element. */
  void completed(Job job, Map<String, Object> variables) {
    ElementInstance ei = job.elementInstance;
    Pending pending = pending(ei);
    if (pending == null || !ei.isActive()) {
      return;
    }
    if (!variables.isEmpty()) {
      if (pending.start) {
        runtime.setLocal(ei, variables);
      } else if (ei.flowScope != null) {
        runtime.merge(ei.flowScope, variables);
      } else {
        runtime.setLocal(ei, variables); // the process's own end listeners
      }
    }
    pending.next++;
    next(ei, pending);
  }

  /** After an expression incident on a listener is resolved: true when this class took the retry over. */
  boolean resume(ElementInstance ei) {
    Pending pending = pending(ei);
    if (pending == null || !pending.failed) {
      return false;
    }
    pending.failed = false;
    next(ei, pending);
    return true;
  }

  /** The element is terminated: its open listener job is cancelled and nothing goes on. */
  void cancel(ElementInstance ei) {
    if (waiting().remove(ei.key) == null) {
      return;
    }
    for (Job job : runtime.state().jobsByInstance.getOrDefault(ei.processInstanceKey, List.of())) {
      if (job.elementInstance == ei && job.listenerEventType != null && job.isOpen()) {
        job.state = Job.State.CANCELED;
        runtime.state().closeJob(job);
        runtime.state().jobChanged(job);
      }
    }
  }
}
