package org.exportcert.engine.runtime;

import java.util.List;
import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.UserTask;

/**
 * What goes on once listener jobs are done (an element entered or left, a task's change applied or
 * undone), as a small typed record of the data it needs rather than code: an element or task
 * waiting for its listeners is state, and snapshots hold it.
 *
 * <p>These records are the snapshot format of a wait (StateCodec, format 2 on). A record is written
 * as its class name and its components by name (Java record serialization: no class checksum), so
 * the code behind {@link #run} may change freely between engine versions. Keep each record's name
 * and components: add a component (old snapshots read it as null/0/false) or a new record, never
 * rename or remove one without teaching {@link LegacyContinuations} the old form. Snapshots of format
 * 1 held lambdas instead; {@link LegacyContinuations} turns them into these records.
 */
sealed interface Continuation extends java.io.Serializable {

  void run(BpmnRuntime rt);

  /** Nothing goes on (e.g. a denial with nothing to undo). */
  record Nothing() implements Continuation {
    static final Nothing INSTANCE = new Nothing();

    @Override
    public void run(BpmnRuntime rt) {}
  }

  /** One, then the other (a second termination waiting for a task's canceling listeners). */
  record Both(Continuation first, Continuation second) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      first.run(rt);
      second.run(rt);
    }
  }

  // ------------------------------------------------------------ execution listeners and the element lifecycle

  /** The start (or end) listeners of {@code element} are done; then {@code then}. */
  record ListenersDone(ElementInstance element, boolean start, Continuation then) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      if (start) {
        element.startListenersDone = true;
      } else {
        element.endListenersDone = true;
      }
      then.run(rt);
    }
  }

  /** Enters the element (after its start listeners). */
  record Enter(ElementInstance element) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.flow.enter(element);
    }
  }

  /** Enters the element as a later step (a triggered event, an event subprocess's start). */
  record EnterLater(ElementInstance element) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.enterLater(element);
    }
  }

  /** Leaves the element (after its end listeners). */
  record FinishLeave(ElementInstance element) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.flow.finishLeave(element);
    }
  }

  /**
   * A new process instance goes on after the process's start listeners: at its start instructions'
   * elements, or at the none start event.
   */
  record StartInstance(ElementInstance processInstance, List<String> startElementIds) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      DeployedProcess process = processInstance.process;
      if (startElementIds != null && !startElementIds.isEmpty()) {
        for (String elementId : startElementIds) {
          ElementModel target = process.model.element(elementId);
          rt.flow.activate(target, ProcessInstanceCommands.ensureScopes(rt, processInstance, target));
        }
      } else {
        rt.flow.activate(process.model.element(process.model.process().noneStartEventId()), processInstance);
      }
    }
  }

  /** A called process instance goes on after its start listeners, at its none start event. */
  record StartCalled(DeployedProcess called, ElementInstance child) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.flow.activate(called.model.element(called.model.process().noneStartEventId()), child);
    }
  }

  // ------------------------------------------------------------ user tasks

  /**
   * The creating listeners are done: the model's assignee (kept aside while CREATING, as in Zeebe)
   * becomes the task's through the assigning listeners. {@code assigneeKept}: a wait written by
   * engines up to format 1, whose task kept the model's assignee while CREATING.
   */
  record UserTaskCreated(UserTask task, String initialAssignee, boolean assigneeKept) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      String assignee = assigneeKept ? task.assignee : initialAssignee;
      if (assignee != null) {
        task.assignee = assignee;
        rt.state().userTaskChanged(task);
        rt.taskListeners.run(task, "assigning", UserTask.State.ASSIGNING, List.of("assignee"), Nothing.INSTANCE,
            new RestoreAssignee(task, null));
      }
    }
  }

  /** The completing listeners are done: the task completes and its element leaves with the completion's variables. */
  record CompleteUserTask(UserTask task, Map<String, Object> variables) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      task.state = UserTask.State.COMPLETED;
      task.completionDate = rt.now;
      rt.state().userTaskChanged(task);
      rt.leave(task.elementInstance, variables);
    }
  }

  /** An assignment denied: the assignee before it. */
  record RestoreAssignee(UserTask task, String assignee) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      task.assignee = assignee;
      rt.state().userTaskChanged(task);
    }
  }

  /** An update denied: the attributes before it. */
  record RestoreAttributes(UserTask task, String dueDate, String followUpDate, List<String> candidateGroups,
      List<String> candidateUsers, int priority) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      task.dueDate = dueDate;
      task.followUpDate = followUpDate;
      task.candidateGroups = candidateGroups;
      task.candidateUsers = candidateUsers;
      task.priority = priority;
      rt.state().userTaskChanged(task);
    }
  }

  /** Variables set on an element (after the updating listeners of its user task). */
  record ApplyVariables(ElementInstance element, Map<String, Object> variables, boolean local) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      if (local) {
        rt.setLocal(element, variables);
      } else {
        rt.merge(element, variables);
      }
    }
  }

  // ------------------------------------------------------------ terminations waiting for canceling listeners

  /** A task's canceling listeners are done: it stays CANCELING until its termination, which waits for every such task. */
  record TaskCanceled(UserTask task, Continuation oneDone) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      task.state = UserTask.State.CANCELING;
      rt.state().userTaskChanged(task);
      oneDone.run(rt);
    }
  }

  /** One of the termination's tasks is done with its canceling listeners (see {@link Termination}). */
  record OneTerminated(Termination termination) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.canceling.oneDone(termination);
    }
  }

  /** The process instance ended by a cancellation. */
  record InstanceEnded(ElementInstance processInstance) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.endedInstances.add(processInstance);
    }
  }

  /** A boundary event fires in {@code scope} after the activity it interrupts is terminated. */
  record FireBoundary(ElementInstance scope, ElementModel boundary, Map<String, Object> localVariables,
      Map<String, Object> eventVariables) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      if (!scope.isActive()) {
        return;
      }
      ElementInstance event = rt.newElementInstance(boundary, scope);
      if (localVariables != null) {
        rt.setLocal(event, localVariables);
      }
      event.eventVariables = eventVariables;
      rt.enterLater(event);
    }
  }

  /** An interrupting event subprocess opens in {@code scope} after the rest there is terminated. */
  record OpenEventSubprocess(ElementInstance scope, ElementModel start, Map<String, Object> variables) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      if (scope.isActive()) {
        rt.events.openEventSubprocess(scope, start, variables);
      }
    }
  }

  /** A scope completes once nothing is left in it (a terminate end event's scope). */
  record CompleteScopeWhenEmpty(ElementInstance scope) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.flow.completeWhenEmpty(scope);
    }
  }

  /** A multi-instance body completes once its remaining inner instances are terminated. */
  record CompleteBodyWhenEmpty(ElementInstance body) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      MultiInstanceBodyProcessor.completeWhenEmpty(rt, body);
    }
  }

  /** An ad-hoc subprocess completes after its cancelled flows. */
  record CompleteAdHoc(ElementInstance adHoc) implements Continuation {
    @Override
    public void run(BpmnRuntime rt) {
      rt.adHoc.completeLater(adHoc);
    }
  }
}
