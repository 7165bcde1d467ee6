package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.Variable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upgrade compatibility: data directories written by the engine of c28e1d0, whose journal held
 * each command's REST body (format 1), open in today's engine with the same instances, variables,
 * incidents and user tasks, and the work goes on from there (fixtures written by
 * {@link LegacyFixtureWriter} running {@link LegacyFixtureScenario}): {@code journal-only} replays
 * the whole journal, {@code with-snapshot} loads a snapshot and replays the journal after it.
 */
class LegacyJournalTest {

  static Path copyFixture(String name) throws Exception {
    Path from = Path.of(LegacyJournalTest.class.getResource("/journal-fixtures/format-1/" + name).toURI());
    Path to = Files.createTempDirectory("engine-legacy-" + name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          Files.copy(file, to.resolve(from.relativize(file).toString()));
        }
      }
    }
    return to;
  }

  @ParameterizedTest
  @ValueSource(strings = {"journal-only", "with-snapshot"})
  void aDataDirectoryOfTheRestBodyJournalOpensWithItsStateAndGoesOn(String fixture) throws Exception {
    Path dir = copyFixture(fixture);
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication());
        CamundaClient client = EngineExtension.newClient(engine)) {
      assertScenarioStateAndGoOn(client);
    }

    // today's engine wrote its records in the typed format behind the REST bodies of the old one
    List<String> records = new java.util.ArrayList<>();
    long firstKept; // segments a snapshot made redundant are gone: read from the oldest one left
    try (Stream<Path> files = Files.list(dir)) {
      firstKept = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("journal(-\\d+)?\\.log"))
          .mapToLong(n -> n.equals("journal.log") ? 0 : Long.parseLong(n.replaceAll("\\D", ""))).min().orElseThrow();
    }
    try (org.exportcert.engine.journal.Journal journal = org.exportcert.engine.journal.Journal.open(dir, false, firstKept,
        bytes -> records.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)))) {
      assertThat(records).anySatisfy(r -> assertThat(r).startsWith("{\"v\":1,").contains("\"b\":{"));
      assertThat(records.get(records.size() - 1)).startsWith("{\"v\":" + org.exportcert.engine.command.CommandCodec.FORMAT + ",")
          .contains("\"c\":{");
    }

    // the records written today behind the old ones replay as well
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication());
        CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(instanceStates(client)).containsEntry("legacy-case CASE-2", ProcessInstanceState.COMPLETED)
          .containsEntry("legacy-case CASE-3", ProcessInstanceState.ACTIVE).hasSize(7);
    }
  }

  /**
   * The same scenario from the official client over gRPC (REST only where the client has no gRPC
   * call: user tasks, correlation, clock, searches), journaled as typed records today, replays
   * after a crash to the state the old engine's journal gives.
   */
  @Test
  void theScenarioOverGrpcReplaysAfterACrashToTheSameState() throws Exception {
    Path dir = Files.createTempDirectory("engine-typed-journal");
    ExportCertEngine first = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication());
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(first)) {
      LegacyFixtureScenario.firstHalf(grpc);
      LegacyFixtureScenario.secondHalf(grpc);
    }
    first.abandon();
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication());
        CamundaClient client = EngineExtension.newClient(engine)) {
      assertScenarioStateAndGoOn(client);
    }
  }

  /** The state {@link LegacyFixtureScenario} leaves, then the waiting work completes. */
  static void assertScenarioStateAndGoOn(CamundaClient client) {
    assertThat(instanceStates(client)).isEqualTo(Map.of(
        "legacy-case CASE-1", ProcessInstanceState.COMPLETED,
        "legacy-case CASE-2", ProcessInstanceState.ACTIVE,
        "legacy-case CASE-3", ProcessInstanceState.ACTIVE,
        "legacy-case CASE-4", ProcessInstanceState.TERMINATED,
        "legacy-risky R-1", ProcessInstanceState.ACTIVE,
        "legacy-risky R-2", ProcessInstanceState.ACTIVE,
        "legacy-signalled broadcast", ProcessInstanceState.ACTIVE));

    long case1 = LegacyFixtureScenario.instanceOf(client, "CASE-1");
    assertThat(variables(client, case1)).containsEntry("名称", "\"出口认证\"").containsEntry("note", "\"备注 / note\"")
        .containsEntry("paidAmount", "100").containsEntry("approved", "true").containsEntry("reviewed", "true");
    var approval = client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(case1)).send().join().items();
    assertThat(approval).singleElement().satisfies(t -> {
      assertThat(t.getAssignee()).isEqualTo("alice");
      assertThat(t.getPriority()).isEqualTo(80);
    });
    assertThat(variables(client, LegacyFixtureScenario.instanceOf(client, "CASE-2"))).containsEntry("paidAmount", "200");

    List<Incident> incidents = client.newIncidentSearchRequest().send().join().items();
    assertThat(incidents).extracting(Incident::getState, Incident::getErrorMessage).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(IncidentState.RESOLVED, "审核服务不可用 / review service down"),
        org.assertj.core.groups.Tuple.tuple(IncidentState.ACTIVE, "check failed"));
    long r1 = client.newVariableSearchRequest().filter(f -> f.name("riskId").value("\"R-1\"")).send().join().items().get(0).getProcessInstanceKey();
    assertThat(client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(r1)).send().join().items())
        .singleElement().satisfies(t -> assertThat(t.getElementId()).isEqualTo("rework"));

    // and it goes on: the waiting jobs are there, with the retries the journal gave them; the
    // archive job activated in the scenario times out once the (pinned) clock moves on
    long pinned = client.newProcessInstanceSearchRequest().send().join().items().stream()
        .map(ProcessInstance::getEndDate).filter(d -> d != null)
        .mapToLong(d -> d.toInstant().toEpochMilli()).max().orElseThrow();
    client.newPinClockCommand().time(pinned + java.time.Duration.ofMinutes(10).toMillis()).send().join();
    ActivatedJob archive = LegacyFixtureScenario.activate(client, "legacy-archive", 1).get(0);
    assertThat(archive.getVariablesAsMap()).containsEntry("caseId", "CASE-2");
    client.newCompleteCommand(archive).send().join();
    ActivatedJob review = LegacyFixtureScenario.activate(client, "legacy-review", 1).get(0);
    assertThat(review.getRetries()).isEqualTo(2);
    assertThat(LegacyFixtureScenario.activate(client, "legacy-signalled", 1).get(0).getVariablesAsMap())
        .containsEntry("origin", "broadcast");
  }

  /** "process id + its case/risk/origin variable" -> state, for every instance live or finished. */
  private static Map<String, ProcessInstanceState> instanceStates(CamundaClient client) {
    Map<String, ProcessInstanceState> states = new TreeMap<>();
    for (ProcessInstance pi : client.newProcessInstanceSearchRequest().send().join().items()) {
      Map<String, String> vars = variables(client, pi.getProcessInstanceKey());
      String label = Stream.of("caseId", "riskId", "origin").map(vars::get).filter(v -> v != null).findFirst().orElse("?");
      states.put(pi.getProcessDefinitionId() + " " + label.replace("\"", ""), pi.getState());
    }
    return states;
  }

  private static Map<String, String> variables(CamundaClient client, long processInstanceKey) {
    Map<String, String> values = new TreeMap<>();
    for (Variable v : client.newVariableSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey)).send().join().items()) {
      values.put(v.getName(), v.getValue());
    }
    return values;
  }
}
