package org.exportcert.engine.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.HashMap;
import java.util.Map;
import org.exportcert.engine.command.EngineCommand.*;
import org.exportcert.engine.runtime.Json;

/**
 * The journal's form of a command. Format 2 (today): {@code {"v":2,"t":intent,"ts":engine time,
 * "c":{the record's components}}}, the components by their names (byte arrays in base64, absent
 * = null). Formats 0 (no {@code v}) and 1 held the REST body in {@code b}; they are read through
 * {@link RestCommands}, the same mapping the REST API uses, so journals of older engines replay
 * into the same records. A record of a newer format stops the start instead of being misread.
 *
 * <p>The intent names below are the format's type discriminator: a record class may be renamed,
 * an intent may not. A component renamed or changed in meaning needs {@link #FORMAT} raised and
 * the old form read here.
 */
public final class CommandCodec {

  /** The journal record format written today. */
  public static final int FORMAT = 2;

  /** Blackbird: record accessors through generated lambdas, not reflection (a sixth of encoding, JFR). */
  private static final ObjectMapper MAPPER = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .registerModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule());

  private static final Map<String, Class<? extends EngineCommand>> TYPES = new HashMap<>();
  private static final Map<Class<?>, ObjectWriter> WRITERS = new HashMap<>();

  static {
    type("deploy", Deploy.class);
    type("delete-resource", DeleteResource.class);
    type("create", CreateProcessInstance.class);
    type("cancel", CancelProcessInstance.class);
    type("modify-instance", ModifyProcessInstance.class);
    type("migrate-instance", MigrateProcessInstance.class);
    type("activate", ActivateJobs.class);
    type("complete-job", CompleteJob.class);
    type("fail-job", FailJob.class);
    type("throw-error", ThrowError.class);
    type("update-job", UpdateJob.class);
    type("set-variables", SetVariables.class);
    type("activate-ad-hoc-activities", ActivateAdHocActivities.class);
    type("resolve-incident", ResolveIncident.class);
    type("assign-user-task", AssignUserTask.class);
    type("unassign-user-task", UnassignUserTask.class);
    type("update-user-task", UpdateUserTask.class);
    type("complete-user-task", CompleteUserTask.class);
    type("clock-add", AddToClock.class);
    type("clock-reset", ResetClock.class);
    type("clock-pin", PinClock.class);
    type("trigger-timers", TriggerTimers.class);
    type("continue", ContinueSteps.class);
    type("publish-message", PublishMessage.class);
    type("correlate-message", CorrelateMessage.class);
    type("broadcast-signal", BroadcastSignal.class);
    type("evaluate-decision", EvaluateDecision.class);
  }

  private static void type(String intent, Class<? extends EngineCommand> type) {
    TYPES.put(intent, type);
    WRITERS.put(type, MAPPER.writerFor(type));
  }

  /** A journal record read back: the command and the engine time it was first executed at. */
  public record Entry(EngineCommand command, long timestamp) {}

  private CommandCodec() {}

  /** The record of every permitted command class, for the check that each has an intent here. */
  static Map<String, Class<? extends EngineCommand>> types() {
    return Map.copyOf(TYPES);
  }

  /** The journal text of {@code command} executed at {@code timestamp}. */
  public static String encode(EngineCommand command, long timestamp) {
    return new String(encodeUtf8(command, timestamp), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * {@link #encode} as the journal stores it, UTF-8, written without an intermediate String: the
   * record is {@code v} (format), {@code t} (intent), {@code ts} (engine time), {@code c} (command),
   * in this order.
   */
  public static byte[] encodeUtf8(EngineCommand command, long timestamp) {
    Class<? extends EngineCommand> type = TYPES.get(command.intent());
    if (type != command.getClass()) {
      throw new IllegalStateException("command " + command.getClass().getSimpleName() + " has no journal type " + command.intent());
    }
    // the envelope by hand and the command by a writer resolved once per type: looking the
    // serializer of the envelope's polymorphic field up again for every record cost a third of encoding
    RecordWriter writer = RECORD_WRITER.get();
    try {
      JsonGenerator json = writer.json;
      json.writeStartObject();
      json.writeNumberField("v", FORMAT);
      json.writeStringField("t", command.intent());
      json.writeNumberField("ts", timestamp);
      json.writeFieldName("c");
      WRITERS.get(type).writeValue(json, command);
      json.writeEndObject();
      json.flush();
      return writer.take();
    } catch (java.io.IOException | RuntimeException e) {
      RECORD_WRITER.remove(); // a generator left mid-record is not used again
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  /**
   * One generator per thread, kept for every record: creating and closing a generator per record
   * was nearly half of encoding (buffers taken and given back, JFR). Records follow each other as
   * root values without a separator; each is taken from the buffer when written.
   */
  private static final ThreadLocal<RecordWriter> RECORD_WRITER = ThreadLocal.withInitial(RecordWriter::new);

  private static final class RecordWriter {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
    private final JsonGenerator json;

    RecordWriter() {
      try {
        json = MAPPER.getFactory().createGenerator(out);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      json.setRootValueSeparator(null);
    }

    byte[] take() {
      byte[] record = out.toByteArray();
      out.reset();
      return record;
    }
  }

  /** Reads a journal record of any format up to {@link #FORMAT}. */
  public static Entry decode(String text) {
    JsonNode node = Json.read(text);
    int format = node.path("v").asInt(0);
    if (format > FORMAT) {
      throw new NewerFormatException("the journal holds a record of format " + format
          + ", written by a newer engine; this engine reads formats up to " + FORMAT
          + " - start the newer engine or restore a matching backup");
    }
    String intent = node.path("t").asText();
    long timestamp = node.path("ts").asLong();
    if (format < 2) {
      return new Entry(RestCommands.fromRest(intent, node.path("b")), timestamp);
    }
    Class<? extends EngineCommand> type = TYPES.get(intent);
    if (type == null) {
      throw new NewerFormatException("the journal holds a command '" + intent + "' this engine does not know");
    }
    try {
      return new Entry(MAPPER.treeToValue(node.get("c"), type), timestamp);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("journal record of command '" + intent + "' cannot be read: " + e.getMessage(), e);
    }
  }

  /** A record this engine cannot read because a newer one wrote it: the start must stop. */
  public static final class NewerFormatException extends IllegalStateException {
    NewerFormatException(String message) {
      super(message);
    }
  }
}
