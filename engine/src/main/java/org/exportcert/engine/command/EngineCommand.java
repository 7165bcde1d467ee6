package org.exportcert.engine.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A state-changing command of the engine, one record per intent. The REST routes ({@link
 * RestCommands}) and the gRPC gateway build these records once from their requests; one handler
 * per intent executes them on the processor thread; the journal stores them ({@link CommandCodec}).
 *
 * <p>Records carry what the caller gave, with the REST API's names; checks against the state stay
 * in the handlers, so a rejection is answered exactly as before. Variables documents are kept as
 * JSON (validated by the handler, where it always was). A record's component names are part of the journal format
 * ({@link CommandCodec#FORMAT}): renaming one needs a new format and a reader of the old one;
 * renaming a record class does not (the journal names the {@link #intent()}).
 */
public sealed interface EngineCommand {

  /** The intent's stable name, as the journal and the backpressure rules know it. */
  String intent();

  // ---------------------------------------------------------------- deployment and resources

  /** A resource of a deployment: its file name and its bytes. */
  record Resource(String name, byte[] content) {}

  record Deploy(String tenantId, List<Resource> resources) implements EngineCommand {
    public String intent() {
      return "deploy";
    }
  }

  record DeleteResource(long resourceKey) implements EngineCommand {
    public String intent() {
      return "delete-resource";
    }
  }

  // ---------------------------------------------------------------- process instances

  /**
   * By key, or by id and version (null or negative: the latest). {@code startElementIds}: start
   * instructions (empty: the none start event). {@code awaitCompletion}: answer when it ends.
   */
  record CreateProcessInstance(Long processDefinitionKey, String processDefinitionId, Long processDefinitionVersion,
      JsonNode variables, List<String> startElementIds, List<String> tags, String businessId, String tenantId,
      boolean awaitCompletion, long requestTimeout, List<String> fetchVariables) implements EngineCommand {
    public String intent() {
      return "create";
    }
  }

  record CancelProcessInstance(long processInstanceKey) implements EngineCommand {
    public String intent() {
      return "cancel";
    }
  }

  /** Activates {@code elementId}, in the given ancestor (null or not positive: the one active flow scope). */
  record ActivateInstruction(String elementId, Long ancestorElementInstanceKey, List<VariableInstruction> variableInstructions) {}

  /** Variables for the scope element {@code scopeId} (null or blank: the process instance). */
  record VariableInstruction(String scopeId, JsonNode variables) {}

  record TerminateInstruction(Long elementInstanceKey) {}

  record ModifyProcessInstance(long processInstanceKey, List<ActivateInstruction> activateInstructions,
      List<TerminateInstruction> terminateInstructions) implements EngineCommand {
    public String intent() {
      return "modify-instance";
    }
  }

  record MappingInstruction(String sourceElementId, String targetElementId) {}

  record MigrateProcessInstance(long processInstanceKey, Long targetProcessDefinitionKey, List<MappingInstruction> mappingInstructions)
      implements EngineCommand {
    public String intent() {
      return "migrate-instance";
    }
  }

  // ---------------------------------------------------------------- jobs

  record ActivateJobs(String type, int maxJobsToActivate, long timeout, String worker, List<String> fetchVariable,
      long requestTimeout) implements EngineCommand {
    public String intent() {
      return "activate";
    }
  }

  /** {@code result}: a task listener's or an ad-hoc subprocess worker's job result (null: none). */
  record CompleteJob(long jobKey, JsonNode variables, JobResult result) implements EngineCommand {
    public String intent() {
      return "complete-job";
    }
  }

  /**
   * A job's result: a user task listener's denial and corrections, or an ad-hoc subprocess
   * worker's elements to activate and whether its completion condition is fulfilled.
   */
  record JobResult(String type, boolean denied, String deniedReason, Corrections corrections,
      List<ElementActivation> activateElements, boolean isCompletionConditionFulfilled, boolean isCancelRemainingInstances) {}

  /** A task listener's corrections of the user task; null: not corrected, a blank date clears it. */
  record Corrections(String assignee, String dueDate, String followUpDate, List<String> candidateUsers,
      List<String> candidateGroups, Integer priority) {}

  /** An element of an ad-hoc subprocess to activate, with variables for its new instance. */
  record ElementActivation(String elementId, JsonNode variables) {}

  record FailJob(long jobKey, int retries, String errorMessage, long retryBackOff, JsonNode variables) implements EngineCommand {
    public String intent() {
      return "fail-job";
    }
  }

  record ThrowError(long jobKey, String errorCode, String errorMessage, JsonNode variables) implements EngineCommand {
    public String intent() {
      return "throw-error";
    }
  }

  /** Null: unchanged. */
  record UpdateJob(long jobKey, Integer retries, Long timeout) implements EngineCommand {
    public String intent() {
      return "update-job";
    }
  }

  // ---------------------------------------------------------------- element instances, incidents

  record SetVariables(long elementInstanceKey, JsonNode variables, boolean local) implements EngineCommand {
    public String intent() {
      return "set-variables";
    }
  }

  /** {@code elements}: null when none (or no list) was given. */
  record ActivateAdHocActivities(long adHocSubProcessInstanceKey, List<ElementActivation> elements) implements EngineCommand {
    public String intent() {
      return "activate-ad-hoc-activities";
    }
  }

  record ResolveIncident(long incidentKey) implements EngineCommand {
    public String intent() {
      return "resolve-incident";
    }
  }

  // ---------------------------------------------------------------- user tasks
  // action: Camunda's custom action of the request (null: the command's default, e.g. "complete"),
  // seen by task listeners in userTask.action

  record AssignUserTask(long userTaskKey, String assignee, boolean allowOverride, String action) implements EngineCommand {
    public String intent() {
      return "assign-user-task";
    }
  }

  record UnassignUserTask(long userTaskKey, String action) implements EngineCommand {
    public String intent() {
      return "unassign-user-task";
    }
  }

  /** Null: unchanged; a blank date clears it. */
  record UpdateUserTask(long userTaskKey, String dueDate, String followUpDate, List<String> candidateGroups,
      List<String> candidateUsers, Integer priority, String action) implements EngineCommand {
    public String intent() {
      return "update-user-task";
    }
  }

  record CompleteUserTask(long userTaskKey, JsonNode variables, String action) implements EngineCommand {
    public String intent() {
      return "complete-user-task";
    }
  }

  // ---------------------------------------------------------------- clock and time

  record AddToClock(long offsetMilli) implements EngineCommand {
    public String intent() {
      return "clock-add";
    }
  }

  record ResetClock() implements EngineCommand {
    public String intent() {
      return "clock-reset";
    }
  }

  /** Epoch milliseconds. */
  record PinClock(long timestamp) implements EngineCommand {
    public String intent() {
      return "clock-pin";
    }
  }

  /** Fires the timers due at the command's time (the processor issues it). */
  record TriggerTimers() implements EngineCommand {
    public String intent() {
      return "trigger-timers";
    }
  }

  /** Element steps left over from a long straight-through run (the processor issues it; see Agenda). */
  record ContinueSteps() implements EngineCommand {
    public String intent() {
      return "continue";
    }
  }

  // ---------------------------------------------------------------- messages, signals, decisions

  record PublishMessage(String name, String correlationKey, long timeToLive, String messageId, JsonNode variables,
      String tenantId) implements EngineCommand {
    public String intent() {
      return "publish-message";
    }
  }

  record CorrelateMessage(String name, String correlationKey, JsonNode variables, String tenantId) implements EngineCommand {
    public String intent() {
      return "correlate-message";
    }
  }

  record BroadcastSignal(String signalName, JsonNode variables, String tenantId) implements EngineCommand {
    public String intent() {
      return "broadcast-signal";
    }
  }

  record EvaluateDecision(Long decisionDefinitionKey, String decisionDefinitionId, JsonNode variables, String tenantId)
      implements EngineCommand {
    public String intent() {
      return "evaluate-decision";
    }
  }
}
