package org.exportcert.engine.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.exportcert.engine.command.EngineCommand.*;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;
import org.exportcert.engine.runtime.TimeExpressions;

/**
 * The one mapping from a REST request body (with the path's key as {@code key}) to its command
 * record. It reads values as the handlers always read them and leaves every check against the
 * state to the handler, so the answers stay those of the REST API; it throws only where the body
 * itself cannot be read (a key or a timestamp that is not one: 400, now before the state is
 * looked at, where a handler used to look up the instance first).
 *
 * <p>Journals of format 0 and 1 stored these bodies; {@link CommandCodec} reads them through this
 * mapping, so an old data directory replays into the same records.
 */
public final class RestCommands {

  private RestCommands() {}

  /** The command of {@code intent} for its REST body; an unknown intent is a programming error. */
  public static EngineCommand fromRest(String intent, JsonNode body) {
    return switch (intent) {
      case "deploy" -> deploy(body);
      case "delete-resource" -> new DeleteResource(key(body));
      case "create" -> create(body);
      case "cancel" -> new CancelProcessInstance(key(body));
      case "modify-instance" -> modify(body);
      case "migrate-instance" -> migrate(body);
      case "activate" -> new ActivateJobs(Json.text(body, "type"), body.path("maxJobsToActivate").asInt(32),
          body.path("timeout").asLong(300_000), Json.text(body, "worker"), texts(body.path("fetchVariable")), body.path("requestTimeout").asLong(0));
      case "complete-job" -> new CompleteJob(key(body), body.get("variables"), jobResult(body.get("result")));
      case "fail-job" -> new FailJob(key(body), body.path("retries").asInt(0), Json.text(body, "errorMessage"),
          body.path("retryBackOff").asLong(0), body.get("variables"));
      case "throw-error" -> new ThrowError(key(body), Json.text(body, "errorCode"), Json.text(body, "errorMessage"), body.get("variables"));
      case "update-job" -> updateJob(body);
      case "set-variables" -> new SetVariables(key(body), body.get("variables"), body.path("local").asBoolean(false));
      case "activate-ad-hoc-activities" -> new ActivateAdHocActivities(key(body),
          body.path("elements").isArray() ? activations(body.get("elements")) : null);
      case "resolve-incident" -> new ResolveIncident(key(body));
      case "assign-user-task" -> new AssignUserTask(key(body), Json.text(body, "assignee"),
          !body.has("allowOverride") || body.get("allowOverride").isNull() || body.get("allowOverride").asBoolean(), Json.text(body, "action"));
      case "unassign-user-task" -> new UnassignUserTask(key(body), Json.text(body, "action"));
      case "update-user-task" -> updateUserTask(body);
      case "complete-user-task" -> new CompleteUserTask(key(body), body.get("variables"), Json.text(body, "action"));
      case "clock-add" -> new AddToClock(body.path("offsetMilli").asLong());
      case "clock-reset" -> new ResetClock();
      case "clock-pin" -> pinClock(body);
      case "trigger-timers" -> new TriggerTimers();
      case "continue" -> new ContinueSteps();
      case "publish-message" -> new PublishMessage(Json.text(body, "name"), Json.text(body, "correlationKey"),
          body.path("timeToLive").asLong(0), Json.text(body, "messageId"), body.get("variables"), Json.text(body, "tenantId"));
      case "correlate-message" -> new CorrelateMessage(Json.text(body, "name"), Json.text(body, "correlationKey"),
          body.get("variables"), Json.text(body, "tenantId"));
      case "broadcast-signal" -> new BroadcastSignal(Json.text(body, "signalName"), body.get("variables"), Json.text(body, "tenantId"));
      case "evaluate-decision" -> new EvaluateDecision(Json.longValue(body, "decisionDefinitionKey"),
          Json.text(body, "decisionDefinitionId"), body.get("variables"), Json.text(body, "tenantId"));
      default -> throw new IllegalArgumentException("unknown command " + intent);
    };
  }

  private static long key(JsonNode body) {
    return body.path("key").asLong();
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Deploy deploy(JsonNode body) {
    List<Resource> resources = new ArrayList<>();
    for (JsonNode resource : body.path("resources")) {
      resources.add(new Resource(resource.path("name").asText(), Base64.getDecoder().decode(resource.path("content").asText())));
    }
    return new Deploy(Json.text(body, "tenantId"), resources);
  }

  private static CreateProcessInstance create(JsonNode body) {
    // read in the order the handler checked them: key, else an id before its version
    Long key = Json.longValue(body, "processDefinitionKey");
    String id = Json.text(body, "processDefinitionId");
    Long version = key == null && id != null && !id.isBlank() ? Json.longValue(body, "processDefinitionVersion") : null;
    List<String> startElementIds = new ArrayList<>();
    JsonNode instructions = body.get("startInstructions");
    if (instructions != null && instructions.isArray()) {
      instructions.forEach(i -> startElementIds.add(i.path("elementId").asText()));
    }
    return new CreateProcessInstance(key, id, version, body.get("variables"), startElementIds, texts(body.path("tags")),
        Json.text(body, "businessId"), Json.text(body, "tenantId"), body.path("awaitCompletion").asBoolean(false),
        body.path("requestTimeout").asLong(0), texts(body.path("fetchVariables")));
  }

  private static JobResult jobResult(JsonNode result) {
    if (result == null || !result.isObject()) {
      return null;
    }
    JsonNode c = result.path("corrections");
    Corrections corrections = !c.isObject() ? null : new Corrections(
        c.hasNonNull("assignee") ? c.get("assignee").asText() : null,
        c.hasNonNull("dueDate") ? c.get("dueDate").asText() : null,
        c.hasNonNull("followUpDate") ? c.get("followUpDate").asText() : null,
        c.hasNonNull("candidateUsers") ? texts(c.get("candidateUsers")) : null,
        c.hasNonNull("candidateGroups") ? texts(c.get("candidateGroups")) : null,
        c.hasNonNull("priority") ? c.get("priority").asInt() : null);
    return new JobResult(Json.text(result, "type"), result.path("denied").asBoolean(false), Json.text(result, "deniedReason"),
        corrections, activations(result.path("activateElements")), result.path("isCompletionConditionFulfilled").asBoolean(false),
        result.path("isCancelRemainingInstances").asBoolean(false));
  }

  private static List<ElementActivation> activations(JsonNode elements) {
    List<ElementActivation> activations = new ArrayList<>();
    for (JsonNode element : elements) {
      activations.add(new ElementActivation(element.path("elementId").asText(""), element.get("variables")));
    }
    return activations;
  }

  private static ModifyProcessInstance modify(JsonNode body) {
    List<ActivateInstruction> activations = new ArrayList<>();
    for (JsonNode instruction : body.path("activateInstructions")) {
      List<VariableInstruction> variables = new ArrayList<>();
      for (JsonNode variableInstruction : instruction.path("variableInstructions")) {
        variables.add(new VariableInstruction(Json.text(variableInstruction, "scopeId"), variableInstruction.get("variables")));
      }
      activations.add(new ActivateInstruction(Json.text(instruction, "elementId"),
          Json.longValue(instruction, "ancestorElementInstanceKey"), variables));
    }
    List<TerminateInstruction> terminations = new ArrayList<>();
    for (JsonNode instruction : body.path("terminateInstructions")) {
      terminations.add(new TerminateInstruction(Json.longValue(instruction, "elementInstanceKey")));
    }
    return new ModifyProcessInstance(key(body), activations, terminations);
  }

  private static MigrateProcessInstance migrate(JsonNode body) {
    List<MappingInstruction> mappings = new ArrayList<>();
    for (JsonNode instruction : body.path("mappingInstructions")) {
      mappings.add(new MappingInstruction(instruction.path("sourceElementId").asText(""), instruction.path("targetElementId").asText("")));
    }
    return new MigrateProcessInstance(key(body), Json.longValue(body, "targetProcessDefinitionKey"), mappings);
  }

  private static UpdateJob updateJob(JsonNode body) {
    JsonNode changeset = body.path("changeset");
    JsonNode retries = changeset.get("retries");
    JsonNode timeout = changeset.get("timeout");
    return new UpdateJob(key(body), retries == null || retries.isNull() ? null : retries.asInt(),
        timeout == null || timeout.isNull() ? null : timeout.asLong());
  }

  private static UpdateUserTask updateUserTask(JsonNode body) {
    JsonNode changeset = body.path("changeset");
    return new UpdateUserTask(key(body),
        changeset.hasNonNull("dueDate") ? changeset.get("dueDate").asText() : null,
        changeset.hasNonNull("followUpDate") ? changeset.get("followUpDate").asText() : null,
        changeset.hasNonNull("candidateGroups") ? texts(changeset.get("candidateGroups")) : null,
        changeset.hasNonNull("candidateUsers") ? texts(changeset.get("candidateUsers")) : null,
        changeset.hasNonNull("priority") ? changeset.get("priority").asInt() : null, Json.text(body, "action"));
  }

  private static PinClock pinClock(JsonNode body) {
    JsonNode timestamp = body.get("timestamp");
    if (timestamp == null || timestamp.isNull()) {
      throw EngineException.invalidArgument("No timestamp provided.");
    }
    return new PinClock(timestamp.isNumber() ? timestamp.asLong() : TimeExpressions.parseDate(timestamp.asText()));
  }
}
