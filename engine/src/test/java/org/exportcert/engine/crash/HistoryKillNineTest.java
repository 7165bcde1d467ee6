package org.exportcert.engine.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.engine.auth.EngineCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while finished instances move to the history store. The child engine's journal fsync is
 * held back 400 ms (a slow disk) while the history store commits in the background every second, and
 * the kill comes right after such a commit, so the history file holds instances whose finishing commands never reached the journal
 * (neither acknowledged nor replayed). After the restart every acknowledged instance is there
 * exactly once, live or finished, every entity key is unique, each instance holds exactly what its
 * model makes, and the indexed searches return what a full scan does, also after new instances
 * have taken the keys the lost commands had used.
 */
class HistoryKillNineTest {

  @TempDir Path work;

  @Test
  void aKillWhileInstancesFinishLeavesEachAcknowledgedInstanceOnceAndNoPhantoms() throws Exception {
    Path dataDir = Files.createDirectory(work.resolve("data"));
    Set<Long> created = ConcurrentHashMap.newKeySet();
    Set<Long> completedJobs = ConcurrentHashMap.newKeySet();
    try (ChildEngine child = new ChildEngine(dataDir, work, Map.of("exportcert.engine.journal.test-write-delay-ms", "400"),
        Map.of())) {
      try (CamundaClient client = child.client()) {
        deploy(client);
      }
      ExecutorService load = Executors.newFixedThreadPool(8);
      for (int thread = 0; thread < 8; thread++) {
        boolean straight = thread % 2 == 0;
        load.submit(() -> {
          try (CamundaClient client = child.client()) { // a client each: long polls do not hold up the others
            for (int n = 0; !Thread.currentThread().isInterrupted(); n++) {
              try {
                created.add(client.newCreateInstanceCommand().bpmnProcessId(straight ? "straight" : "finishing")
                    .latestVersion().variables(Map.of("n", n)).send().join().getProcessInstanceKey());
                if (straight) {
                  continue;
                }
                List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType("finish").maxJobsToActivate(2)
                    .requestTimeout(Duration.ofSeconds(2)).send().join().getJobs();
                for (ActivatedJob job : jobs) {
                  client.newCompleteCommand(job).send().join();
                  completedJobs.add(job.getProcessInstanceKey());
                }
              } catch (RuntimeException timedOutOrKilled) {
                // not acknowledged, so not counted; go on until the kill
              }
            }
          }
        });
      }
      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> created.size() >= 30 && completedJobs.size() >= 5);
      // kill right after the history store committed in the background: it then holds instances
      // finished by commands whose records still wait for the (slow) journal write
      Path historyFile = dataDir.resolve("history.mv.db");
      FileTime committed = Files.getLastModifiedTime(historyFile);
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
          .until(() -> !Files.getLastModifiedTime(historyFile).equals(committed));
      child.kill();
      load.shutdownNow();
      load.awaitTermination(30, TimeUnit.SECONDS);
    }

    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir))) {
      checkConsistent(engine, created, completedJobs);
      // new work takes the keys the lost commands had used: nothing of those may surface
      try (CamundaClient client = newClient(engine)) {
        for (int n = 0; n < 30; n++) {
          created.add(client.newCreateInstanceCommand().bpmnProcessId(n % 2 == 0 ? "finishing" : "straight")
              .latestVersion().variables(Map.of("n", n)).send().join().getProcessInstanceKey());
        }
        for (ActivatedJob job : client.newActivateJobsCommand().jobType("finish").maxJobsToActivate(20)
            .requestTimeout(Duration.ofMillis(-1)).send().join().getJobs()) {
          client.newCompleteCommand(job).send().join();
          completedJobs.add(job.getProcessInstanceKey());
        }
      }
      checkConsistent(engine, created, completedJobs);
    }
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dataDir))) {
      checkConsistent(engine, created, completedJobs); // and so after a clean restart
    }
  }

  private static void deploy(CamundaClient client) {
    client.newDeployResourceCommand()
        .addProcessModel(Bpmn.createExecutableProcess("straight").startEvent("s").endEvent("e").done(), "straight.bpmn")
        .addProcessModel(Bpmn.createExecutableProcess("finishing").startEvent("s")
            .serviceTask("work", t -> t.zeebeJobType("finish")).endEvent("e").done(), "finishing.bpmn")
        .send().join();
  }

  private static CamundaClient newClient(ExportCertEngine engine) {
    return org.exportcert.engine.EngineExtension.newClient(engine);
  }

  private static void checkConsistent(ExportCertEngine engine, Set<Long> created, Set<Long> completedJobs) throws Exception {
    String rest = engine.restAddress().toString();
    EngineCredentials credentials = engine.credentials();
    List<JsonNode> instances = search(rest, credentials, "process-instances", "{}");
    List<JsonNode> elements = search(rest, credentials, "element-instances", "{}");
    List<JsonNode> variables = search(rest, credentials, "variables", "{}");
    List<JsonNode> jobs = search(rest, credentials, "jobs", "{}");

    Map<Long, Integer> seen = new HashMap<>();
    instances.forEach(pi -> seen.merge(key(pi, "processInstanceKey"), 1, Integer::sum));
    assertThat(seen).as("no process instance twice (live and finished)").allSatisfy((key, times) -> assertThat(times).isEqualTo(1));
    assertThat(seen.keySet()).as("every acknowledged instance is there").containsAll(created);
    Set<Long> allKeys = new HashSet<>(seen.keySet());
    for (var entry : Map.of("elementInstanceKey", elements, "variableKey", variables, "jobKey", jobs).entrySet()) {
      for (JsonNode item : entry.getValue()) {
        assertThat(allKeys.add(key(item, entry.getKey()))).as("key %s of %s is unique", item.path(entry.getKey()), item).isTrue();
      }
    }
    Map<Long, List<String>> elementsOf = new HashMap<>();
    elements.forEach(ei -> elementsOf.computeIfAbsent(key(ei, "processInstanceKey"), k -> new ArrayList<>())
        .add(ei.path("elementId").asText()));
    Map<Long, Integer> variablesOf = new HashMap<>();
    variables.forEach(v -> variablesOf.merge(key(v, "processInstanceKey"), 1, Integer::sum));
    Map<Long, Integer> jobsOf = new HashMap<>();
    jobs.forEach(j -> jobsOf.merge(key(j, "processInstanceKey"), 1, Integer::sum));
    for (JsonNode pi : instances) {
      long key = key(pi, "processInstanceKey");
      String state = pi.path("state").asText();
      List<String> own = elementsOf.getOrDefault(key, List.of());
      if (pi.path("processDefinitionId").asText().equals("straight")) {
        assertThat(state).isEqualTo("COMPLETED");
        assertThat(own).as("elements of straight-through %s", key).containsExactlyInAnyOrder("s", "e");
        assertThat(jobsOf).doesNotContainKey(key);
      } else if (state.equals("COMPLETED")) {
        assertThat(own).as("elements of finished %s", key).containsExactlyInAnyOrder("s", "work", "e");
        assertThat(jobsOf.get(key)).isEqualTo(1);
      } else {
        assertThat(state).isEqualTo("ACTIVE");
        assertThat(own).as("elements of waiting %s", key).containsExactlyInAnyOrder("s", "work");
        assertThat(jobsOf.get(key)).isEqualTo(1);
        assertThat(completedJobs).as("an acknowledged job completion finished %s", key).doesNotContain(key);
      }
      assertThat(variablesOf.get(key)).as("variables of %s", key).isEqualTo(1);
    }
    // the indexed searches (live indexes + the history store's field index) agree with the scans
    assertSame(search(rest, credentials, "process-instances", "{\"state\":\"COMPLETED\"}"),
        instances.stream().filter(pi -> pi.path("state").asText().equals("COMPLETED")).toList(), "processInstanceKey");
    assertSame(search(rest, credentials, "process-instances", "{\"processDefinitionId\":\"finishing\"}"),
        instances.stream().filter(pi -> pi.path("processDefinitionId").asText().equals("finishing")).toList(), "processInstanceKey");
    assertSame(search(rest, credentials, "element-instances", "{\"elementId\":\"work\"}"),
        elements.stream().filter(ei -> ei.path("elementId").asText().equals("work")).toList(), "elementInstanceKey");
    assertSame(search(rest, credentials, "jobs", "{\"state\":\"COMPLETED\"}"),
        jobs.stream().filter(j -> j.path("state").asText().equals("COMPLETED")).toList(), "jobKey");
    for (long key : created) {
      assertThat(search(rest, credentials, "element-instances", "{\"processInstanceKey\":\"" + key + "\"}"))
          .extracting(ei -> ei.path("elementId").asText()).containsExactlyInAnyOrderElementsOf(elementsOf.get(key));
    }
  }

  private static void assertSame(List<JsonNode> indexed, List<JsonNode> scanned, String keyField) {
    assertThat(keys(indexed, keyField)).isEqualTo(keys(scanned, keyField));
  }

  private static Set<Long> keys(List<JsonNode> items, String keyField) {
    Set<Long> keys = new TreeSet<>();
    items.forEach(item -> keys.add(key(item, keyField)));
    return keys;
  }

  private static long key(JsonNode item, String field) {
    return Long.parseLong(item.path(field).asText());
  }

  private static List<JsonNode> search(String rest, EngineCredentials credentials, String kind, String filter) throws Exception {
    JsonNode page = ChildEngine.post(rest, credentials, "/v2/" + kind + "/search",
        "{\"filter\":" + filter + ",\"page\":{\"limit\":10000}}");
    List<JsonNode> items = new ArrayList<>();
    page.path("items").forEach(items::add);
    assertThat(page.path("page").path("totalItems").asLong()).isEqualTo(items.size());
    return items;
  }
}
