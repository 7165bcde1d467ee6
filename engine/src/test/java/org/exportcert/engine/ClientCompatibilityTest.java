package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.client.api.response.Topology;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessDefinition;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.search.response.Variable;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every command of part 1 through the unchanged client (default settings, REST), checking response shapes. */
class ClientCompatibilityTest extends EngineTestBase {

  private static final BpmnModelInstance ORDER =
      Bpmn.createExecutableProcess("order").name("Order").startEvent()
          .serviceTask("Task_Check", t -> t.zeebeJobType("check").zeebeJobRetries("5").zeebeTaskHeader("team", "blue"))
          .userTask("Task_Approve", u -> u.zeebeUserTask().zeebeFormId("approval-form"))
          .endEvent().done();

  private static final String FORM = """
      {"id":"approval-form","type":"default","components":[{"key":"approved","type":"checkbox","label":"Approved"}]}
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();

  private HttpResponse<String> raw(String method, String path, String body) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(env.engine().restAddress() + path))
        .header("Content-Type", "application/json");
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void topologyAndStatus() throws Exception {
    Topology topology = client().newTopologyRequest().send().join();
    assertThat(topology.getBrokers()).singleElement().satisfies(b -> {
      assertThat(b.getPartitions()).singleElement().satisfies(p -> assertThat(p.isLeader()).isTrue());
      assertThat(b.getPort()).isEqualTo(env.engine().port());
    });
    assertThat(topology.getClusterSize()).isEqualTo(1);
    assertThat(raw("GET", "/v2/status", null).statusCode()).isEqualTo(204);
  }

  @Test
  void deployProcessAndFormThenQueryDefinitions() throws Exception {
    DeploymentEvent deployment = client().newDeployResourceCommand()
        .addProcessModel(ORDER, "order.bpmn")
        .addResourceBytes(FORM.getBytes(StandardCharsets.UTF_8), "approval.form")
        .send().join();
    assertThat(deployment.getKey()).isPositive();
    assertThat(deployment.getProcesses()).singleElement().satisfies(p -> {
      assertThat(p.getBpmnProcessId()).isEqualTo("order");
      assertThat(p.getVersion()).isEqualTo(1);
      assertThat(p.getResourceName()).isEqualTo("order.bpmn");
      assertThat(p.getTenantId()).isEqualTo("<default>");
    });
    assertThat(deployment.getForm()).singleElement().satisfies(f -> assertThat(f.getFormId()).isEqualTo("approval-form"));
    long key = deployment.getProcesses().get(0).getProcessDefinitionKey();

    ProcessDefinition definition = client().newProcessDefinitionGetRequest(key).send().join();
    assertThat(definition.getName()).isEqualTo("Order");
    assertThat(definition.getProcessDefinitionId()).isEqualTo("order");
    SearchResponse<ProcessDefinition> search = client().newProcessDefinitionSearchRequest()
        .filter(f -> f.processDefinitionId("order")).sort(s -> s.version().desc()).send().join();
    assertThat(search.items()).hasSize(1);
    assertThat(search.page().totalItems()).isEqualTo(1);
    assertThat(client().newProcessDefinitionGetXmlRequest(key).send().join()).contains("Task_Check");

    // keys are JSON strings on the wire
    JsonNode raw = mapper.readTree(raw("POST", "/v2/process-definitions/search", "{}").body());
    assertThat(raw.at("/items/0/processDefinitionKey").isTextual()).isTrue();
  }

  @Test
  void createInstanceVariantsAndQueries() {
    long definitionKey = deploy(Bpmn.createExecutableProcess("simple").startEvent().serviceTask("t", t -> t.zeebeJobType("simple")).endEvent().done());
    ProcessInstanceEvent byId = client().newCreateInstanceCommand().bpmnProcessId("simple").latestVersion()
        .variables(Map.of("x", 1)).tags(Set.of("market:eu")).send().join();
    assertThat(byId.getProcessDefinitionKey()).isEqualTo(definitionKey);
    assertThat(byId.getBpmnProcessId()).isEqualTo("simple");
    assertThat(byId.getVersion()).isEqualTo(1);
    ProcessInstanceEvent byKey = client().newCreateInstanceCommand().processDefinitionKey(definitionKey).send().join();
    assertThat(byKey.getProcessInstanceKey()).isNotEqualTo(byId.getProcessInstanceKey());

    ProcessInstance fetched = instance(byId.getProcessInstanceKey());
    assertThat(fetched.getState()).isEqualTo(ProcessInstanceState.ACTIVE);
    assertThat(fetched.getProcessDefinitionId()).isEqualTo("simple");
    assertThat(fetched.getStartDate()).isNotNull();
    assertThat(fetched.getTags()).containsExactly("market:eu");
    assertThat(activate("simple", 2)).as("each job carries its instance's tags")
        .anySatisfy(job -> assertThat(job.getTags()).containsExactly("market:eu"))
        .anySatisfy(job -> assertThat(job.getTags()).isEmpty());

    SearchResponse<ProcessInstance> active = client().newProcessInstanceSearchRequest()
        .filter(f -> f.processDefinitionId("simple").state(ProcessInstanceState.ACTIVE))
        .sort(s -> s.startDate().asc()).page(p -> p.limit(1)).send().join();
    assertThat(active.items()).hasSize(1);
    assertThat(active.page().totalItems()).isEqualTo(2);
    SearchResponse<ProcessInstance> next = client().newProcessInstanceSearchRequest()
        .filter(f -> f.processDefinitionId("simple"))
        .page(p -> p.limit(1).after(active.page().endCursor())).send().join();
    assertThat(next.items()).singleElement().satisfies(pi -> assertThat(pi.getProcessInstanceKey()).isEqualTo(byKey.getProcessInstanceKey()));
    SearchResponse<ProcessInstance> byVariable = client().newProcessInstanceSearchRequest()
        .filter(f -> f.variables(Map.of("x", 1))).send().join();
    assertThat(byVariable.items()).extracting(ProcessInstance::getProcessInstanceKey).containsExactly(byId.getProcessInstanceKey());

    assertThatThrownBy(() -> client().newCreateInstanceCommand().bpmnProcessId("missing").latestVersion().send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(404);
          assertThat(e.details().getTitle()).isEqualTo("NOT_FOUND");
        });
  }

  @Test
  void createWithResultWaitsForCompletionAndFetchesVariables() {
    deploy(Bpmn.createExecutableProcess("quick").startEvent().serviceTask("t", t -> t.zeebeJobType("quick")).endEvent().done());
    client().newWorker().jobType("quick").handler((c, job) -> c.newCompleteCommand(job).variables(Map.of("done", true, "extra", 1)).send().join())
        .open();
    ProcessInstanceResult result = client().newCreateInstanceCommand().bpmnProcessId("quick").latestVersion()
        .variables(Map.of("input", "a")).withResult().fetchVariables("done").requestTimeout(Duration.ofSeconds(10)).send().join();
    assertThat(result.getVariablesAsMap()).containsOnlyKeys("done").containsEntry("done", true);
    assertThat(state(result.getProcessInstanceKey())).isEqualTo("COMPLETED");
  }

  @Test
  void jobCommandsAndShapes() {
    deploy(ORDER);
    client().newDeployResourceCommand().addResourceBytes(FORM.getBytes(StandardCharsets.UTF_8), "approval.form").send().join();
    long pi = start("order", Map.of("caseId", "C-7", "secret", "s"));
    List<ActivatedJob> jobs = client().newActivateJobsCommand().jobType("check").maxJobsToActivate(10)
        .workerName("checker").timeout(Duration.ofSeconds(30)).fetchVariables("caseId").send().join().getJobs();
    assertThat(jobs).singleElement().satisfies(job -> {
      assertThat(job.getType()).isEqualTo("check");
      assertThat(job.getWorker()).isEqualTo("checker");
      assertThat(job.getRetries()).isEqualTo(5);
      assertThat(job.getElementId()).isEqualTo("Task_Check");
      assertThat(job.getBpmnProcessId()).isEqualTo("order");
      assertThat(job.getProcessInstanceKey()).isEqualTo(pi);
      assertThat(job.getCustomHeaders()).containsEntry("team", "blue");
      assertThat(job.getVariablesAsMap()).containsOnlyKeys("caseId");
      assertThat(job.getDeadline()).isGreaterThan(System.currentTimeMillis());
    });
    ActivatedJob job = jobs.get(0);
    client().newUpdateRetriesCommand(job).retries(7).send().join();
    client().newUpdateTimeoutCommand(job).timeout(Duration.ofMinutes(5)).send().join();
    client().newCompleteCommand(job).variables(Map.of("checked", true)).send().join();
    assertThatThrownBy(() -> client().newCompleteCommand(job).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));

    UserTask task = client().newUserTaskSearchRequest().filter(f -> f.processInstanceKey(pi).elementId("Task_Approve")).send().join().items().get(0);
    assertThat(task.getFormKey()).isNotNull();
    assertThat(client().newUserTaskGetFormRequest(task.getUserTaskKey()).send().join().getFormId()).isEqualTo("approval-form");
    List<Variable> taskVariables = client().newUserTaskVariableSearchRequest(task.getUserTaskKey()).send().join().items();
    assertThat(taskVariables).extracting(Variable::getName).contains("caseId", "checked");
  }

  @Test
  void variablesElementInstancesAndSetVariables() {
    deploy(Bpmn.createExecutableProcess("vars").startEvent().serviceTask("t", t -> t.zeebeJobType("vars")).endEvent().done());
    long pi = start("vars", Map.of("a", "x", "n", 3, "obj", Map.of("k", List.of(1, 2))));
    ElementInstance task = client().newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(pi).elementId("t")).send().join().items().get(0);
    assertThat(task.getType().name()).isEqualTo("SERVICE_TASK");
    assertThat(task.getState().name()).isEqualTo("ACTIVE");
    assertThat(client().newElementInstanceGetRequest(task.getElementInstanceKey()).send().join().getElementId()).isEqualTo("t");

    client().newSetVariablesCommand(task.getElementInstanceKey()).variables(Map.of("local", 1)).local(true).send().join();
    client().newSetVariablesCommand(pi).variables(Map.of("a", "y")).send().join();
    List<Variable> all = client().newVariableSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join().items();
    assertThat(all).extracting(Variable::getName).containsExactlyInAnyOrder("a", "n", "obj", "local");
    Variable local = all.stream().filter(v -> v.getName().equals("local")).findFirst().orElseThrow();
    assertThat(local.getScopeKey()).isEqualTo(task.getElementInstanceKey());
    Variable a = all.stream().filter(v -> v.getName().equals("a")).findFirst().orElseThrow();
    assertThat(a.getValue()).isEqualTo("\"y\"");
    assertThat(client().newVariableGetRequest(a.getVariableKey()).send().join().getName()).isEqualTo("a");
    assertThat(client().newVariableSearchRequest().filter(f -> f.name(n -> n.like("o*"))).send().join().items())
        .extracting(Variable::getName).containsExactly("obj");
    ActivatedJob job = activateOne("vars");
    assertThat(job.getVariablesAsMap()).containsEntry("local", 1).containsEntry("a", "y")
        .containsEntry("obj", Map.of("k", List.of(1, 2)));
  }

  @Test
  void incidentsSearchGetAndResolve() {
    deploy(Bpmn.createExecutableProcess("inc").startEvent().serviceTask("t", t -> t.zeebeJobType("inc")).endEvent().done());
    long pi = start("inc", Map.of());
    ActivatedJob job = activateOne("inc");
    client().newFailCommand(job).retries(0).errorMessage("boom").send().join();
    var incident = client().newIncidentSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join().items().get(0);
    var fetched = client().newIncidentGetRequest(incident.getIncidentKey()).send().join();
    assertThat(fetched.getErrorMessage()).isEqualTo("boom");
    assertThat(fetched.getElementId()).isEqualTo("t");
    assertThat(fetched.getCreationTime()).isNotNull();
    assertThat(fetched.getState().name()).isEqualTo("ACTIVE");
    client().newUpdateRetriesCommand(job).retries(1).send().join();
    client().newResolveIncidentCommand(incident.getIncidentKey()).send().join();
    assertThat(client().newIncidentGetRequest(incident.getIncidentKey()).send().join().getState().name()).isEqualTo("RESOLVED");
  }

  @Test
  void errorsAreProblemJsonNeverStackTraces() throws Exception {
    HttpResponse<String> unknown = raw("GET", "/v2/does-not-exist", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = mapper.readTree(unknown.body());
    assertThat(problem.get("title").asText()).isEqualTo("NOT_FOUND");
    assertThat(problem.get("detail").asText()).contains("/v2/does-not-exist");
    assertThat(problem.get("instance").asText()).isEqualTo("/v2/does-not-exist");
    assertThat(problem.get("status").asInt()).isEqualTo(404);

    HttpResponse<String> badJson = raw("POST", "/v2/process-instances", "{not json");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.body()).doesNotContain("at org.");

    HttpResponse<String> badKey = raw("GET", "/v2/process-instances/abc", null);
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(raw("GET", "/v2/process-instances/123", null).statusCode()).isEqualTo(404);
    assertThat(raw("POST", "/v2/jobs/123/completion", "{}").statusCode()).isEqualTo(404);
    assertThat(raw("DELETE", "/v2/topology", null).statusCode()).isEqualTo(405);
  }

  @Test
  void searchFiltersWithOperatorsAndEmptyIn() throws Exception {
    deploy(Bpmn.createExecutableProcess("s").startEvent().serviceTask("t", t -> t.zeebeJobType("s")).endEvent().done());
    long first = start("s", Map.of());
    long second = start("s", Map.of());
    String body = """
        {"filter":{"processInstanceKey":{"$in":[]},"state":{"$eq":"ACTIVE","$in":[],"$notIn":[]}},"sort":[{"field":"processInstanceKey","order":"DESC"}]}""";
    JsonNode result = mapper.readTree(raw("POST", "/v2/process-instances/search", body).body());
    assertThat(result.at("/page/totalItems").asInt()).isEqualTo(2);
    assertThat(result.at("/items/0/processInstanceKey").asText()).isEqualTo(String.valueOf(second));
    String neq = """
        {"filter":{"processInstanceKey":{"$neq":"%d"}}}""".formatted(second);
    JsonNode filtered = mapper.readTree(raw("POST", "/v2/process-instances/search", neq).body());
    assertThat(filtered.at("/items/0/processInstanceKey").asText()).isEqualTo(String.valueOf(first));
    assertThat(filtered.at("/page/totalItems").asInt()).isEqualTo(1);
    String gt = """
        {"filter":{"processInstanceKey":{"$gt":"%d"}}}""".formatted(first);
    assertThat(mapper.readTree(raw("POST", "/v2/process-instances/search", gt).body()).at("/page/totalItems").asInt()).isEqualTo(1);
  }

  /**
   * $like: * any run, ? one character, \\ escapes, matched without a regular expression. 10,000
   * stars before a letter no value has once backtracked for ever on the processor thread (every
   * client timed out); now it answers at once, and a pattern over 1,000 characters is a 400.
   */
  @Test
  void likePatternsMatchWildcardsWithoutBacktrackingForEver() throws Exception {
    deploy(Bpmn.createExecutableProcess("s").startEvent().serviceTask("t", t -> t.zeebeJobType("s")).endEvent().done());
    start("s", Map.of("code", "EC-2026*01", "other", "ECX2026-001"));
    java.util.function.Function<String, List<String>> names = pattern -> {
      try {
        String body = mapper.writeValueAsString(Map.of("filter", Map.of("value", Map.of("$like", pattern))));
        HttpResponse<String> answer = raw("POST", "/v2/variables/search", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> found = new java.util.ArrayList<>();
        mapper.readTree(answer.body()).path("items").forEach(i -> found.add(i.path("name").asText()));
        return found;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    assertThat(names.apply("\"EC-2026\\**")).containsExactly("code");
    assertThat(names.apply("\"EC?2026*")).containsExactlyInAnyOrder("code", "other");
    assertThat(names.apply("*01\"")).containsExactlyInAnyOrder("code", "other");
    assertThat(names.apply("*-0?1*")).containsExactly("other");
    assertThat(names.apply("*".repeat(990) + "z")).isEmpty();
    HttpResponse<String> tooLong = raw("POST", "/v2/variables/search",
        mapper.writeValueAsString(Map.of("filter", Map.of("value", Map.of("$like", "*".repeat(1_001))))));
    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
    assertThat(tooLong.body()).contains("limited to 1000 characters");
  }

  /** Paging values that are no count are a 400 (they were read as 0, 1 or a wrapped negative number). */
  @Test
  void pagingValuesThatAreNoCountAre400() throws Exception {
    for (String page : new String[] {"{\"limit\":\"abc\"}", "{\"limit\":1.5}", "{\"limit\":1000000000000}",
        "{\"limit\":-1}", "{\"from\":-5}", "{\"from\":\"x\"}"}) {
      HttpResponse<String> answer = raw("POST", "/v2/process-instances/search", "{\"page\":" + page + "}");
      assertThat(answer.statusCode()).as(page + " -> " + answer.body()).isEqualTo(400);
      assertThat(answer.body()).contains("must be a whole number");
    }
    assertThat(raw("POST", "/v2/process-instances/search", "{\"page\":{\"limit\":5,\"from\":0}}").statusCode()).isEqualTo(200);
  }
}
