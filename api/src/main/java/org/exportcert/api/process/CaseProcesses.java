package org.exportcert.api.process;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.request.SearchRequestPage;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.ProcessDefinition;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.Variable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.exportcert.certification.casefile.CaseIds;
import org.springframework.stereotype.Service;

/**
 * Everything the API asks of the process engine, through the official client's command and search
 * APIs only, so the same code works against ExportCert's engine and a Camunda 8.8 cluster. The
 * controllers see plain records, never client types.
 */
@Service
public class CaseProcesses {

  /** Messages sent before the model waits are kept this long (catalog: PT1H). */
  static final Duration MESSAGE_TTL = Duration.ofHours(1);

  /** Items per search request; every search reads on with the end cursor until the last page. */
  static final int PAGE = 200;

  private final CamundaClient client;

  public CaseProcesses(CamundaClient client) {
    this.client = client;
  }

  public record TaskView(
      long key,
      String name,
      String state,
      String assignee,
      String elementId,
      List<String> candidateGroups,
      String processDefinitionId,
      long processInstanceKey,
      Long formKey,
      OffsetDateTime created,
      OffsetDateTime due,
      Integer priority) {}

  public record InstanceView(
      long key,
      String processDefinitionId,
      Integer version,
      long processDefinitionKey,
      Long parentKey,
      String state,
      boolean hasIncident,
      OffsetDateTime started,
      OffsetDateTime ended,
      Set<String> tags) {}

  public record ElementView(
      long key,
      long processInstanceKey,
      String processDefinitionId,
      String elementId,
      String elementName,
      String type,
      String state,
      boolean incident,
      OffsetDateTime started,
      OffsetDateTime ended) {}

  public record IncidentView(
      long key,
      long processInstanceKey,
      String processDefinitionId,
      String errorType,
      String errorMessage,
      String elementId,
      Long jobKey,
      String state,
      OffsetDateTime created,
      Long elementInstanceKey,
      Long processDefinitionKey) {}

  public record DefinitionView(
      long key, String processDefinitionId, String name, int version, String versionTag,
      String resourceName) {}

  public record Resource(String name, byte[] content) {}

  public record Deployed(long deploymentKey, List<String> resources) {}

  // ------------------------------------------------------------------ cases

  /**
   * Starts {@code certification-case} with references only; the tags make the instance findable by
   * case, category and market in any Camunda tool.
   */
  public long startCase(String caseId, String category, List<String> markets) {
    return startCase(caseId, category, markets, null);
  }

  /** As {@link #startCase(String, String, List)}, waiting at most {@code timeout} (null: the client's default). */
  public long startCase(String caseId, String category, List<String> markets, Duration timeout) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add(tag("case", caseId));
    tags.add(tag("category", category));
    for (String m : markets) {
      if (tags.size() < 10) { // the engine accepts at most 10 tags
        tags.add(tag("market", m));
      }
    }
    var command = client
        .newCreateInstanceCommand()
        .bpmnProcessId(Messages.CASE_PROCESS_ID)
        .latestVersion()
        .variables(Map.of("caseId", caseId, "category", category))
        .tags(tags);
    io.camunda.client.api.command.FinalCommandStep<io.camunda.client.api.response.ProcessInstanceEvent> bounded =
        timeout == null ? command : command.requestTimeout(timeout);
    return bounded.send().join().getProcessInstanceKey();
  }

  static String tag(String name, String value) {
    String v = value.replaceAll("[^A-Za-z0-9_.:-]", "_");
    return (name + ":" + v).substring(0, Math.min(100, name.length() + 1 + v.length()));
  }

  /** Every process instance (root and called) that carries the case id, oldest first. */
  public List<InstanceView> instancesOfCase(String caseId) {
    requireCaseId(caseId);
    return allPages(page -> client
        .newProcessInstanceSearchRequest()
        .filter(f -> f.variables(List.of(v -> v.name("caseId").value(jsonString(caseId)))))
        .sort(s -> s.startDate().asc())
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::instance)
        .toList();
  }

  /** The active root instance of the case, if one runs. */
  public Optional<InstanceView> activeCaseInstance(String caseId) {
    return instancesOfCase(caseId).stream()
        .filter(i -> Messages.CASE_PROCESS_ID.equals(i.processDefinitionId()))
        .filter(i -> i.parentKey() == null && "ACTIVE".equals(i.state()))
        .findFirst();
  }

  public List<InstanceView> instancesOfDefinition(long processDefinitionKey) {
    return allPages(page -> client
        .newProcessInstanceSearchRequest()
        .filter(f -> f.processDefinitionKey(processDefinitionKey))
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::instance)
        .toList();
  }

  public List<ElementView> elementsOf(long processInstanceKey) {
    return allPages(page -> client
        .newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey))
        .sort(s -> s.startDate().asc())
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::element)
        .toList();
  }

  public List<ElementView> activeElementsOf(long processInstanceKey) {
    return allPages(page -> client
        .newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(ElementInstanceState.ACTIVE))
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::element)
        .toList();
  }

  /** A variable's value as JSON text, from any scope of the instance. */
  public Optional<String> variable(long processInstanceKey, String name) {
    return firstVariable(f -> f.processInstanceKey(processInstanceKey).name(name));
  }

  /**
   * A variable of the instance's own scope as JSON text: where a task's local variable of the same
   * name (a decision's result kept on its business rule task) would be found by {@link #variable}.
   */
  public Optional<String> processVariable(long processInstanceKey, String name) {
    return firstVariable(f -> f.processInstanceKey(processInstanceKey).scopeKey(processInstanceKey).name(name));
  }

  private Optional<String> firstVariable(Consumer<io.camunda.client.api.search.filter.VariableFilter> filter) {
    return client.newVariableSearchRequest().filter(filter).page(p -> p.limit(1)).send().join()
        .items().stream().map(Variable::getValue).findFirst();
  }

  /** Case ids of the given instances, read from their {@code caseId} variable. */
  public Map<Long, String> caseIdsOf(Collection<Long> processInstanceKeys) {
    Map<Long, String> ids = new LinkedHashMap<>();
    if (processInstanceKeys.isEmpty()) {
      return ids;
    }
    List<Long> keys = List.copyOf(new TreeSet<>(processInstanceKeys));
    for (int from = 0; from < keys.size(); from += PAGE) {
      List<Long> chunk = keys.subList(from, Math.min(keys.size(), from + PAGE));
      allPages(page -> client
          .newVariableSearchRequest()
          .filter(f -> f.name("caseId").processInstanceKey(k -> k.in(chunk)))
          .page(page)
          .send()
          .join())
          .forEach(v -> ids.putIfAbsent(v.getProcessInstanceKey(), unquote(v.getValue())));
    }
    return ids;
  }

  public Set<String> caseIdsWithIncidents() {
    List<Long> keys =
        activeIncidents(null).stream().map(IncidentView::processInstanceKey).toList();
    return new TreeSet<>(caseIdsOf(keys).values());
  }

  public Set<String> caseIdsWithOverdueTasks(OffsetDateTime now) {
    List<Long> keys =
        allPages(page -> client
            .newUserTaskSearchRequest()
            .filter(f -> f.state(UserTaskState.CREATED).dueDate(d -> d.lt(now)))
            .page(page)
            .send()
            .join())
            .stream()
            .map(UserTask::getProcessInstanceKey)
            .toList();
    return new TreeSet<>(caseIdsOf(keys).values());
  }

  public void cancel(long processInstanceKey) {
    client.newCancelInstanceCommand(processInstanceKey).send().join();
  }

  // ------------------------------------------------------------------ messages

  /** Buffered publish: a message sent just before the model waits is not lost. */
  public void publish(String name, String correlationKey, String messageId, Map<String, Object> vars) {
    client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(correlationKey)
        .messageId(messageId)
        .timeToLive(MESSAGE_TTL)
        .variables(vars)
        .send()
        .join();
  }

  /** @return whether a waiting instance took the message (false: nothing waits for it) */
  public boolean correlate(String name, String correlationKey, Map<String, Object> vars) {
    return unlessAbsent(
            () ->
                client
                    .newCorrelateMessageCommand()
                    .messageName(name)
                    .correlationKey(correlationKey)
                    .variables(vars)
                    .send()
                    .join())
        .isPresent();
  }

  // ------------------------------------------------------------------ user tasks

  public List<TaskView> openTasksAssignedTo(String assignee) {
    return allPages(page -> client
        .newUserTaskSearchRequest()
        .filter(f -> f.state(UserTaskState.CREATED).assignee(assignee))
        .sort(s -> s.creationDate().asc())
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::task)
        .toList();
  }

  /** Open tasks offered to any of the groups, each once. */
  public List<TaskView> openTasksForGroups(Collection<String> groups) {
    Map<Long, TaskView> tasks = new LinkedHashMap<>();
    for (String group : groups) {
      allPages(page -> client
          .newUserTaskSearchRequest()
          .filter(f -> f.state(UserTaskState.CREATED).candidateGroup(group))
          .sort(s -> s.creationDate().asc())
          .page(page)
          .send()
          .join())
          .forEach(t -> tasks.putIfAbsent(t.getUserTaskKey(), task(t)));
    }
    return List.copyOf(tasks.values());
  }

  public List<TaskView> openTasksOf(long processInstanceKey) {
    return allPages(page -> client
        .newUserTaskSearchRequest()
        .filter(f -> f.state(UserTaskState.CREATED).processInstanceKey(processInstanceKey))
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::task)
        .toList();
  }

  public Optional<TaskView> task(long userTaskKey) {
    return unlessAbsent(() -> task(client.newUserTaskGetRequest(userTaskKey).send().join()));
  }

  public void assign(long userTaskKey, String assignee) {
    client.newAssignUserTaskCommand(userTaskKey).assignee(assignee).allowOverride(false).send().join();
  }

  public void unassign(long userTaskKey) {
    client.newUnassignUserTaskCommand(userTaskKey).send().join();
  }

  public void complete(long userTaskKey, Map<String, Object> variables) {
    client.newCompleteUserTaskCommand(userTaskKey).variables(variables).send().join();
  }

  /** The Camunda Form deployed with the task's model, as JSON text. */
  public Optional<String> deployedForm(long userTaskKey) {
    return unlessAbsent(() -> client.newUserTaskGetFormRequest(userTaskKey).send().join().getSchema())
        .map(Object::toString);
  }

  // ------------------------------------------------------------------ incidents

  public List<IncidentView> activeIncidents(Long processInstanceKey) {
    return allPages(page -> client
        .newIncidentSearchRequest()
        .filter(
            f -> {
              f.state(IncidentState.ACTIVE);
              if (processInstanceKey != null) {
                f.processInstanceKey(processInstanceKey);
              }
            })
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::incident)
        .toList();
  }

  public Optional<IncidentView> incident(long incidentKey) {
    return unlessAbsent(() -> incident(client.newIncidentGetRequest(incidentKey).send().join()));
  }

  /**
   * Runs a lookup or command whose target may not exist: the engine's 404 (and 204 for a task
   * without a form) becomes an empty result, anything else stays an error.
   */
  private static <T> Optional<T> unlessAbsent(java.util.function.Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (ClientHttpException e) {
      if (e.code() == 404 || e.code() == 204) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A job incident needs retries before it is resolved, or it fails again at once. */
  public void retry(IncidentView incident, int retries) {
    if (incident.jobKey() != null) {
      client.newUpdateRetriesCommand(incident.jobKey()).retries(retries).send().join();
    }
    client.newResolveIncidentCommand(incident.key()).send().join();
  }

  /** Deployed definitions never change: which user task a step checks is read once per version. */
  private final Map<String, Optional<String>> stampedTasks = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The user task whose completion the step {@code elementId} checks: its {@code stampedUserTask}
   * task header in the deployed model version (the check and recording steps of the models).
   */
  public Optional<String> stampedUserTaskOf(long processDefinitionKey, String elementId) {
    return stampedTasks.computeIfAbsent(processDefinitionKey + "#" + elementId, k -> {
      String xml = client.newProcessDefinitionGetXmlRequest(processDefinitionKey).send().join();
      return StampedSteps.userTaskOf(xml, elementId);
    });
  }

  /**
   * Process instance modification: ends the step's element instance (and with it its incident)
   * and enters the user task again, so that it is done anew.
   */
  public void sendBack(long processInstanceKey, long elementInstanceKey, String userTaskElementId) {
    client.newModifyProcessInstanceCommand(processInstanceKey)
        .activateElement(userTaskElementId)
        .and()
        .terminateElement(elementInstanceKey)
        .send()
        .join();
  }

  // ------------------------------------------------------------------ models

  public List<DefinitionView> processDefinitions() {
    return allPages(page -> client
        .newProcessDefinitionSearchRequest()
        .sort(s -> s.processDefinitionId().asc())
        .page(page)
        .send()
        .join())
        .stream()
        .map(CaseProcesses::definition)
        .toList();
  }

  public boolean processDeployed(String processDefinitionId) {
    return !client
        .newProcessDefinitionSearchRequest()
        .filter(f -> f.processDefinitionId(processDefinitionId))
        .page(p -> p.limit(1))
        .send()
        .join()
        .items()
        .isEmpty();
  }

  public boolean decisionDeployed(String decisionId) {
    return !client
        .newDecisionDefinitionSearchRequest()
        .filter(f -> f.decisionDefinitionId(decisionId))
        .page(p -> p.limit(1))
        .send()
        .join()
        .items()
        .isEmpty();
  }

  /** One deployment: the engine takes all resources or none. */
  public Deployed deploy(List<Resource> resources) {
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("nothing to deploy");
    }
    var first = client.newDeployResourceCommand();
    var step = first.addResourceBytes(resources.get(0).content(), resources.get(0).name());
    for (Resource r : resources.subList(1, resources.size())) {
      step = step.addResourceBytes(r.content(), r.name());
    }
    DeploymentEvent event = step.send().join();
    List<String> deployed = new ArrayList<>();
    event.getProcesses().forEach(p -> deployed.add(
        "process " + p.getBpmnProcessId() + " v" + p.getVersion()));
    event.getDecisions().forEach(d -> deployed.add(
        "decision " + d.getDmnDecisionId() + " v" + d.getVersion()));
    event.getForm().forEach(f -> deployed.add("form " + f.getFormId() + " v" + f.getVersion()));
    return new Deployed(event.getKey(), deployed);
  }

  /**
   * Reads a search to its end: each request asks for the page after the previous page's end
   * cursor (the REST API's {@code page.after}), so no list stops silently at one page.
   */
  public static <T> List<T> allPages(Function<Consumer<SearchRequestPage>, SearchResponse<T>> search) {
    List<T> items = new ArrayList<>();
    String after = null;
    while (true) {
      String cursor = after;
      SearchResponse<T> response =
          search.apply(
              p -> {
                p.limit(PAGE);
                if (cursor != null) {
                  p.after(cursor);
                }
              });
      items.addAll(response.items());
      String end = response.page() == null ? null : response.page().endCursor();
      // a short page is the last; a cursor that does not move would loop forever
      if (response.items().size() < PAGE || end == null || end.equals(after)) {
        return items;
      }
      after = end;
    }
  }

  // ------------------------------------------------------------------ mapping

  static TaskView task(UserTask t) {
    return new TaskView(
        t.getUserTaskKey(),
        t.getName(),
        t.getState() == null ? null : t.getState().name(),
        t.getAssignee(),
        t.getElementId(),
        t.getCandidateGroups() == null ? List.of() : List.copyOf(t.getCandidateGroups()),
        t.getBpmnProcessId(),
        t.getProcessInstanceKey() == null ? 0 : t.getProcessInstanceKey(),
        t.getFormKey(),
        t.getCreationDate(),
        t.getDueDate(),
        t.getPriority());
  }

  static InstanceView instance(ProcessInstance p) {
    return new InstanceView(
        p.getProcessInstanceKey(),
        p.getProcessDefinitionId(),
        p.getProcessDefinitionVersion(),
        p.getProcessDefinitionKey() == null ? 0 : p.getProcessDefinitionKey(),
        p.getParentProcessInstanceKey(),
        p.getState() == null ? null : p.getState().name(),
        Boolean.TRUE.equals(p.getHasIncident()),
        p.getStartDate(),
        p.getEndDate(),
        p.getTags() == null ? Set.of() : Set.copyOf(p.getTags()));
  }

  static ElementView element(ElementInstance e) {
    return new ElementView(
        e.getElementInstanceKey(),
        e.getProcessInstanceKey() == null ? 0 : e.getProcessInstanceKey(),
        e.getProcessDefinitionId(),
        e.getElementId(),
        e.getElementName(),
        e.getType() == null ? null : e.getType().name(),
        e.getState() == null ? null : e.getState().name(),
        Boolean.TRUE.equals(e.getIncident()),
        e.getStartDate(),
        e.getEndDate());
  }

  static IncidentView incident(Incident i) {
    return new IncidentView(
        i.getIncidentKey(),
        i.getProcessInstanceKey() == null ? 0 : i.getProcessInstanceKey(),
        i.getProcessDefinitionId(),
        i.getErrorType() == null ? null : i.getErrorType().name(),
        IncidentMessages.withoutStackTrace(i.getErrorMessage()),
        i.getElementId(),
        i.getJobKey(),
        i.getState() == null ? null : i.getState().name(),
        i.getCreationTime(),
        i.getElementInstanceKey(),
        i.getProcessDefinitionKey());
  }

  static DefinitionView definition(ProcessDefinition d) {
    return new DefinitionView(
        d.getProcessDefinitionKey(),
        d.getProcessDefinitionId(),
        d.getName(),
        d.getVersion(),
        d.getVersionTag(),
        d.getResourceName());
  }

  private static void requireCaseId(String caseId) {
    if (!CaseIds.isValid(caseId)) {
      throw new IllegalArgumentException("not a case id: " + caseId);
    }
  }

  /** Case ids are [A-Z0-9-] only, so quoting needs no escaping. */
  static String jsonString(String caseId) {
    return "\"" + caseId + "\"";
  }

  static String unquote(String json) {
    if (json != null && json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"")) {
      return json.substring(1, json.length() - 1);
    }
    return json;
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
