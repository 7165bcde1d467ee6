package org.exportcert.engine.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.EngineExtension;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches that start from the live indexes answer exactly what a full scan answers (items, order,
 * totals, cursors), over a few thousand user tasks and variables moved through assignment, update,
 * completion and cancellation, and over incidents, jobs (with listener jobs), element and process
 * instances (by {@code hasIncident} too) and message subscriptions moved through failures, errors,
 * resolutions, migration, correlations, cancellation and completion (instances that finish move to
 * the history store); again after the engine reopened its snapshot, and after more changes made
 * once the indexes were built anew.
 */
class LiveIndexSearchTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> GROUPS = List.of("g1", "g2", "g3", "审核组");

  @AfterEach
  void indexesOnAgain() {
    LiveSearch.indexesEnabled = true;
  }

  @Test
  void indexedSearchesAnswerExactlyWhatScansAnswer(@TempDir Path dir) throws Exception {
    Map<String, String> before;
    List<String[]> queries;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      List<Long> instances = generate(engine, client);
      queries = queries(instances);
      before = compare(engine, queries);
    }
    try (ExportCertEngine engine = start(dir)) {
      Map<String, String> after = compare(engine, queries);
      assertThat(after).as("the same answers after reopening the snapshot").isEqualTo(before);
    }
  }

  @Test
  void incidentJobElementAndInstanceSearchesAnswerExactlyWhatScansAnswer(@TempDir Path dir) throws Exception {
    Map<String, String> before;
    List<String[]> queries;
    List<Long> direct;
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      IncidentWorkload workload = new IncidentWorkload(client);
      workload.start();
      // indexed searches build the indexes now, so the changes below go through their upkeep
      for (String path : List.of("incidents", "jobs", "element-instances", "process-instances", "message-subscriptions")) {
        post(engine, "/v2/" + path + "/search", "{\"filter\":{\"processDefinitionId\":\"live-inc\"}}"); // none has an incident yet
      }
      workload.run();
      direct = workload.direct;
      queries = workload.queries(what -> anyKey(engine, what));
      before = compare(engine, queries);
      assertIndexesHoldTheLiveEntitiesOnly(engine);
    }
    try (ExportCertEngine engine = start(dir); CamundaClient client = EngineExtension.newClient(engine)) {
      assertThat(compare(engine, queries)).as("the same answers after reopening the snapshot").isEqualTo(before);
      IncidentWorkload more = new IncidentWorkload(client);
      more.direct.addAll(direct);
      more.runMore();
      assertThat(compare(engine, queries)).as("the changes after reopening show").isNotEqualTo(before);
      assertIndexesHoldTheLiveEntitiesOnly(engine);
    }
  }

  /** What left the live state (finished instances moved to the history store) left the indexes too. */
  private static void assertIndexesHoldTheLiveEntitiesOnly(ExportCertEngine engine) {
    String sizes = EngineExtension.query(engine, s -> {
      var indexes = s.indexes();
      long elements = s.elementInstances.values().stream().filter(ei -> ei.flowScope != null).count();
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(
          indexes.incidents().size() + "/" + s.incidents.size() + " " + indexes.jobs().size() + "/" + s.jobs.size() + " "
              + indexes.elementInstances().size() + "/" + elements + " " + indexes.processInstances().size() + "/"
              + s.processInstances.size() + " " + indexes.messageSubscriptions().size() + "/" + s.messageSubscriptions.size());
    }).asText();
    for (String pair : sizes.split(" ")) {
      String[] indexedAndLive = pair.split("/");
      assertThat(indexedAndLive[0]).as("indexed/live incidents, jobs, element and process instances, subscriptions: " + sizes)
          .isEqualTo(indexedAndLive[1]);
    }
  }

  /** A key the queries filter by, taken from what the engine holds live now. */
  private static String anyKey(ExportCertEngine engine, String what) {
    try {
      JsonNode item = switch (what) {
        case "incident", "incident-job" -> first(engine, "/v2/incidents/search", "{\"errorType\":\"JOB_NO_RETRIES\",\"state\":\"ACTIVE\"}");
        case "incident-element" -> first(engine, "/v2/incidents/search", "{\"errorType\":\"EXTRACT_VALUE_ERROR\"}");
        case "job" -> first(engine, "/v2/jobs/search", "{\"state\":\"FAILED\"}");
        case "job-element" -> first(engine, "/v2/jobs/search", "{\"type\":\"ship\",\"state\":\"CREATED\"}");
        case "subscription", "subscription-element" ->
            first(engine, "/v2/message-subscriptions/search", "{\"messageName\":\"nudge\",\"messageSubscriptionState\":\"CREATED\"}");
        default -> first(engine, "/v2/element-instances/search", "{\"state\":\"ACTIVE\",\"type\":\"MULTI_INSTANCE_BODY\"}");
      };
      String field = switch (what) {
        case "incident" -> "incidentKey";
        case "subscription" -> "messageSubscriptionKey";
        case "incident-job", "job" -> "jobKey";
        default -> "elementInstanceKey";
      };
      return item.path(field).asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode first(ExportCertEngine engine, String path, String filter) throws Exception {
    JsonNode items = post(engine, path, "{\"filter\":" + filter + "}").path("items");
    assertThat(items).as(path + " " + filter).isNotEmpty();
    return items.get(items.size() / 2);
  }

  private static ExportCertEngine start(Path dir) {
    return ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), new SnapshotPolicy(500, 0));
  }

  /** 600 instances with two user tasks each, then assignments, updates, completions and cancellations. */
  private static List<Long> generate(ExportCertEngine engine, CamundaClient client) throws Exception {
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("live-idx").startEvent()
        .parallelGateway("fork")
        .userTask("review", u -> u.zeebeUserTask().zeebeCandidateGroupsExpression("groups").zeebeAssigneeExpression("owner"))
        .parallelGateway("join")
        .endEvent()
        .moveToNode("fork")
        .userTask("approve", u -> u.zeebeUserTask().zeebeCandidateGroups("legal"))
        .connectTo("join")
        .done(), "live-idx.bpmn").send().join();
    Random random = new Random(16);
    List<CamundaFuture<io.camunda.client.api.response.ProcessInstanceEvent>> created = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("groups", random.nextInt(5) == 0
          ? List.of(GROUPS.get(random.nextInt(4)), GROUPS.get(random.nextInt(4)))
          : List.of(GROUPS.get(random.nextInt(4))));
      variables.put("owner", random.nextInt(3) == 0 ? null : random.nextBoolean() ? "alice" : "bob");
      variables.put("n", i);
      created.add(client.newCreateInstanceCommand().bpmnProcessId("live-idx").latestVersion().variables(variables).send());
    }
    List<Long> instances = new ArrayList<>();
    created.forEach(f -> instances.add(f.join().getProcessInstanceKey()));

    List<Long> tasks = new ArrayList<>();
    client.newUserTaskSearchRequest().page(p -> p.limit(10_000)).send().join().items()
        .forEach(t -> tasks.add(t.getUserTaskKey()));
    assertThat(tasks).hasSize(1200);
    // an indexed search builds the indexes now, so the changes below go through their upkeep
    assertThat(post(engine, "/v2/user-tasks/search", "{\"filter\":{\"candidateGroup\":\"g1\"}}").path("items")).isNotEmpty();
    for (int i = 0; i < tasks.size(); i++) {
      long task = tasks.get(i);
      switch (i % 12) {
        case 1 -> client.newAssignUserTaskCommand(task).assignee("carol").allowOverride(true).send().join();
        case 2 -> client.newUnassignUserTaskCommand(task).send().join();
        case 3 -> client.newUpdateUserTaskCommand(task).candidateGroups(List.of("g3", "复核组")).send().join();
        case 5, 6 -> client.newCompleteUserTaskCommand(task).send().join();
        default -> { }
      }
    }
    for (int i = 0; i < instances.size(); i += 23) {
      client.newCancelInstanceCommand(instances.get(i)).send().join();
    }
    return instances;
  }

  /** Path and body: filters on indexed fields alone, with others, with sorts and with pages. */
  private static List<String[]> queries(List<Long> instances) {
    List<String[]> q = new ArrayList<>();
    String tasks = "/v2/user-tasks/search";
    String vars = "/v2/variables/search";
    for (String group : List.of("g1", "g2", "g3", "审核组", "复核组", "legal", "nobody")) {
      q.add(new String[] {tasks, "{\"filter\":{\"candidateGroup\":\"" + group + "\"},\"page\":{\"limit\":10000}}"});
    }
    q.add(new String[] {tasks, "{\"filter\":{\"candidateGroups\":{\"$eq\":\"g2\"},\"state\":\"CREATED\"},\"page\":{\"limit\":10000}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"assignee\":\"alice\"},\"page\":{\"limit\":10000}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"assignee\":\"carol\",\"state\":\"CREATED\"},\"page\":{\"limit\":10000}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"assignee\":{\"$eq\":\"bob\"},\"candidateGroup\":\"g1\"},\"page\":{\"limit\":10000}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"state\":\"COMPLETED\"},\"page\":{\"limit\":10000}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"state\":\"CANCELED\"},\"page\":{\"limit\":10000}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"elementId\":\"approve\",\"assignee\":{\"$exists\":false}},\"page\":{\"limit\":10000}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"processDefinitionId\":\"live-idx\"},\"sort\":[{\"field\":\"creationDate\",\"order\":\"DESC\"}],\"page\":{\"limit\":50}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"candidateGroup\":\"legal\",\"state\":\"CREATED\"},\"sort\":[{\"field\":\"assignee\"}],\"page\":{\"limit\":37}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"candidateGroup\":\"g3\"},\"page\":{\"from\":20,\"limit\":15}}"});
    q.add(new String[] {tasks, "{\"filter\":{\"candidateGroup\":{\"$in\":[\"g1\",\"g2\"]}},\"page\":{\"limit\":10000}}"});
    for (int i = 1; i < instances.size(); i += 53) {
      long pi = instances.get(i);
      q.add(new String[] {vars, "{\"filter\":{\"scopeKey\":\"" + pi + "\"},\"page\":{\"limit\":10000}}"});
      q.add(new String[] {vars, "{\"filter\":{\"scopeKey\":{\"$eq\":\"" + pi + "\"},\"name\":\"owner\"}}"});
    }
    q.add(new String[] {vars, "{\"filter\":{\"name\":\"n\"},\"page\":{\"limit\":10000}}"});
    return q;
  }

  /** Each query indexed and scanned (and its next page by cursor); the answers must be the same. */
  private static Map<String, String> compare(ExportCertEngine engine, List<String[]> queries) throws Exception {
    Map<String, String> answers = new LinkedHashMap<>();
    int nonEmpty = 0;
    for (String[] query : queries) {
      LiveSearch.indexesEnabled = true;
      JsonNode indexed = post(engine, query[0], query[1]);
      LiveSearch.indexesEnabled = false;
      JsonNode scanned = post(engine, query[0], query[1]);
      assertThat(indexed).as(query[1]).isEqualTo(scanned);
      if (indexed.path("page").path("totalItems").asInt() > 0) {
        nonEmpty++;
      }
      String answer = indexed.toString();
      String cursor = indexed.path("page").path("endCursor").asText(null);
      if (cursor != null && indexed.path("page").path("totalItems").asInt() > indexed.path("items").size()) {
        com.fasterxml.jackson.databind.node.ObjectNode next = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(query[1]);
        next.withObject("/page").put("after", cursor).remove("from");
        LiveSearch.indexesEnabled = true;
        JsonNode indexedNext = post(engine, query[0], next.toString());
        LiveSearch.indexesEnabled = false;
        JsonNode scannedNext = post(engine, query[0], next.toString());
        assertThat(indexedNext).as(next.toString()).isEqualTo(scannedNext);
        assertThat(indexedNext.path("items").size()).isPositive();
        answer += indexedNext;
      }
      answers.put(query[0] + " " + query[1], answer);
    }
    assertThat(nonEmpty).as("queries that find something").isGreaterThan(queries.size() - 3);
    return answers;
  }

  private static JsonNode post(ExportCertEngine engine, String path, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(engine.restAddress() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
