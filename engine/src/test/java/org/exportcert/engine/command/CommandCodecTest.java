package org.exportcert.engine.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.exportcert.engine.command.EngineCommand.*;
import org.exportcert.engine.runtime.Json;
import org.junit.jupiter.api.Test;

/**
 * The journal form of the command records: every record has an intent, each survives the journal
 * unchanged (Chinese text, big numbers, decimals, bytes, absent values), a record of format 1 (a
 * REST body) reads as the record the REST API builds today, and a newer format is refused.
 */
class CommandCodecTest {

  private static JsonNode json(String text) {
    return Json.read(text);
  }

  /** One of each command, with values that a careless encoding would change. */
  static List<EngineCommand> samples() {
    JsonNode variables = json("{\"名称\":\"出口认证\",\"amount\":12.50,\"big\":9007199254740993,\"list\":[1,null,{\"a\":true}]}");
    return List.of(
        new Deploy(null, List.of(new Resource("模型.bpmn", "<xml>认证</xml>".getBytes(StandardCharsets.UTF_8)))),
        new DeleteResource(2251799813685249L),
        new CreateProcessInstance(null, "certification", -1L, variables, List.of("task"), List.of("t:1"), "B-1", "tenant-a",
            true, 30_000, List.of("名称")),
        new CancelProcessInstance(1L),
        new ModifyProcessInstance(2L, List.of(new ActivateInstruction("a", null, List.of(new VariableInstruction("", variables)))),
            List.of(new TerminateInstruction(17L))),
        new MigrateProcessInstance(3L, 4L, List.of(new MappingInstruction("a", "b"))),
        new ActivateJobs("review", 32, 300_000, null, List.of(), 0),
        new CompleteJob(5L, variables, new JobResult("userTask", true, "不同意", new Corrections(null, "", null, List.of("甲"), null, 80),
            List.of(new ElementActivation("x", variables)), false, false)),
        new FailJob(6L, 0, "审核服务不可用", 1_000, null),
        new ThrowError(7L, "REJECTED", null, variables),
        new UpdateJob(8L, null, 0L),
        new SetVariables(9L, variables, true),
        new ActivateAdHocActivities(10L, List.of(new ElementActivation("x", null))),
        new ResolveIncident(11L),
        new AssignUserTask(12L, "alice", false, "claim"),
        new UnassignUserTask(13L, null),
        new UpdateUserTask(14L, "", null, List.of("reviewers"), null, 80, "escalate"),
        new CompleteUserTask(15L, null, null),
        new AddToClock(-1_000),
        new ResetClock(),
        new PinClock(1_796_629_226_257L),
        new TriggerTimers(),
        new ContinueSteps(),
        new PublishMessage("paid", "CASE-1", 3_600_000, "m-1", variables, null),
        new CorrelateMessage("paid", null, null, "<default>"),
        new BroadcastSignal("legacy-go", variables, null),
        new EvaluateDecision(null, "risk", variables, null));
  }

  @Test
  void everyCommandRecordHasAJournalIntentAndASample() {
    Set<Class<?>> permitted = Arrays.stream(EngineCommand.class.getPermittedSubclasses()).collect(Collectors.toSet());
    assertThat(Set.copyOf(CommandCodec.types().values())).isEqualTo(permitted);
    assertThat(samples().stream().map(Object::getClass).collect(Collectors.toSet())).isEqualTo(permitted);
    for (EngineCommand sample : samples()) {
      assertThat(CommandCodec.types().get(sample.intent())).as(sample.intent()).isEqualTo(sample.getClass());
    }
  }

  @Test
  void eachCommandSurvivesTheJournalUnchanged() {
    for (EngineCommand sample : samples()) {
      String text = CommandCodec.encode(sample, 42);
      assertThat(text).startsWith("{\"v\":" + CommandCodec.FORMAT + ",\"t\":\"" + sample.intent() + "\",\"ts\":42,\"c\":{");
      CommandCodec.Entry entry = CommandCodec.decode(text);
      assertThat(entry.timestamp()).isEqualTo(42);
      assertThat(entry.command().getClass()).isEqualTo(sample.getClass());
      assertThat(CommandCodec.encode(entry.command(), 42)).as(sample.intent()).isEqualTo(text);
    }
    CreateProcessInstance create = (CreateProcessInstance) CommandCodec.decode(CommandCodec.encode(samples().get(2), 0)).command();
    assertThat(create.variables().get("big").bigIntegerValue().toString()).isEqualTo("9007199254740993");
    assertThat(create.variables().get("amount").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(create.variables()).isEqualTo(((CreateProcessInstance) samples().get(2)).variables());
    assertThat(create.processDefinitionKey()).isNull();
    Deploy deploy = (Deploy) CommandCodec.decode(CommandCodec.encode(samples().get(0), 0)).command();
    assertThat(new String(deploy.resources().get(0).content(), StandardCharsets.UTF_8)).isEqualTo("<xml>认证</xml>");
  }

  @Test
  void aRestBodyRecordOfFormatOneReadsAsTheRecordTheRestApiBuilds() {
    String legacy = "{\"v\":1,\"t\":\"update-job\",\"ts\":7,\"b\":{\"changeset\":{\"retries\":2},\"key\":2251799813685273}}";
    assertThat(CommandCodec.decode(legacy)).isEqualTo(new CommandCodec.Entry(new UpdateJob(2251799813685273L, 2, null), 7));
    String noVersion = "{\"t\":\"assign-user-task\",\"ts\":8,\"b\":{\"assignee\":\"alice\",\"key\":12}}";
    assertThat(CommandCodec.decode(noVersion).command()).isEqualTo(new AssignUserTask(12, "alice", true, null));
    String create = "{\"v\":1,\"t\":\"create\",\"ts\":9,\"b\":{\"processDefinitionId\":\"p\",\"processDefinitionVersion\":-1,"
        + "\"variables\":{\"a\":1},\"tenantId\":\"<default>\",\"startInstructions\":[{\"elementId\":\"s\"}]}}";
    CreateProcessInstance read = (CreateProcessInstance) CommandCodec.decode(create).command();
    assertThat(read.processDefinitionId()).isEqualTo("p");
    assertThat(read.processDefinitionVersion()).isEqualTo(-1L);
    assertThat(read.startElementIds()).containsExactly("s");
    assertThat(read.variables()).isEqualTo(json("{\"a\":1}"));
    String listener = "{\"v\":1,\"t\":\"complete-job\",\"ts\":2,\"b\":{\"result\":{\"type\":\"userTask\",\"denied\":false,"
        + "\"corrections\":{\"assignee\":\"bob\",\"priority\":90}},\"key\":6}}";
    assertThat(CommandCodec.decode(listener).command()).isEqualTo(new CompleteJob(6, null,
        new JobResult("userTask", false, null, new Corrections("bob", null, null, null, null, 90), List.of(), false, false)));
    String modify = "{\"v\":1,\"t\":\"modify-instance\",\"ts\":1,\"b\":{\"activateInstructions\":[{\"elementId\":\"b\","
        + "\"ancestorElementInstanceKey\":\"22\",\"variableInstructions\":[{\"scopeId\":\"sub\",\"variables\":{\"x\":1}}]}],"
        + "\"terminateInstructions\":[{\"elementInstanceKey\":\"33\"}],\"key\":5}}";
    assertThat(CommandCodec.decode(modify).command()).isEqualTo(new ModifyProcessInstance(5,
        List.of(new ActivateInstruction("b", 22L, List.of(new VariableInstruction("sub", json("{\"x\":1}"))))),
        List.of(new TerminateInstruction(33L))));
  }

  @Test
  void aNewerFormatOrAnUnknownIntentIsRefusedNotMisread() {
    assertThatThrownBy(() -> CommandCodec.decode("{\"v\":" + (CommandCodec.FORMAT + 1) + ",\"t\":\"clock-reset\",\"ts\":0,\"c\":{}}"))
        .isInstanceOf(CommandCodec.NewerFormatException.class).hasMessageContaining("newer engine");
    assertThatThrownBy(() -> CommandCodec.decode("{\"v\":2,\"t\":\"teleport\",\"ts\":0,\"c\":{}}"))
        .isInstanceOf(CommandCodec.NewerFormatException.class).hasMessageContaining("teleport");
    assertThatThrownBy(() -> RestCommands.fromRest("no-such-command", Json.object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-command");
  }
}
