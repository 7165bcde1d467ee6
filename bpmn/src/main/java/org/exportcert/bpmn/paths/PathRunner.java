package org.exportcert.bpmn.paths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import org.exportcert.bpmn.lint.PathNames;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.worker.JobWorker;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drives the paths of a path file ({@code paths/*.json}) through an engine with the official
 * client: start the process, answer its jobs as the workers would, complete its user tasks,
 * publish its messages, move the clock, then check where it ended. The build runs the shipped
 * models' paths with it; the console runs them on a draft. Each path is bounded by a timeout and
 * cancelled if it is still running at the end, so a broken model never leaves work behind.
 */
public final class PathRunner {

  /**
   * One path's verdict; {@code path} is its English name, {@code pathZh} its Chinese name (null
   * when the file gives none); {@code taken} are the element ids (incl. sequence flows) it passed.
   */
  public record Result(String process, String path, String pathZh, boolean passed, List<String> failures,
      long millis, Set<String> taken) {}

  /** Every path of every file, with the elements each process took over all its paths. */
  public record Report(List<Result> results, Map<String, Set<String>> coverage) {
    public boolean passed() {
      return results.stream().allMatch(Result::passed);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(100);

  private final CamundaClient client;
  private final Consumer<Duration> advanceClock;
  private final Duration pathTimeout;

  /** advanceClock moves the engine's clock forward (timers due by then fire). */
  public PathRunner(CamundaClient client, Consumer<Duration> advanceClock, Duration pathTimeout) {
    this.client = client;
    this.advanceClock = advanceClock;
    this.pathTimeout = pathTimeout;
  }

  /** The path files shipped in this module: one per phase model. */
  public static final List<String> SHIPPED = List.of("eligibility.paths.json", "document-review.paths.json",
      "technical-testing.paths.json", "certification-decision.paths.json", "registry-listing.paths.json",
      "partner-recognition.paths.json", "surveillance.paths.json", "appeal.paths.json");

  /** The path files shipped in this module, by name. */
  public static Map<String, JsonNode> shippedPathFiles() {
    Map<String, JsonNode> files = new TreeMap<>();
    for (String name : SHIPPED) {
      try (InputStream in = PathRunner.class.getResourceAsStream("/paths/" + name)) {
        files.put(name, JSON.readTree(Objects.requireNonNull(in, name)));
      } catch (IOException e) {
        throw new IllegalStateException("path file " + name + " cannot be read", e);
      }
    }
    return files;
  }

  /** Runs every path of the files, one after another; stops early once the deadline passes. */
  public Report run(Map<String, JsonNode> pathFiles, Duration totalBudget) {
    long deadline = System.nanoTime() + totalBudget.toNanos();
    List<Result> results = new ArrayList<>();
    Map<String, Set<String>> coverage = new TreeMap<>();
    // one stand-in per job type for the whole run, answering for the path running now: a worker
    // closed between paths could still hold an activation request the engine answers later
    Set<String> types = new TreeSet<>();
    for (JsonNode file : pathFiles.values()) {
      file.path("jobs").fieldNames().forEachRemaining(types::add);
      file.path("paths").forEach(p -> p.path("jobs").fieldNames().forEachRemaining(types::add));
    }
    List<JobWorker> workers = new ArrayList<>();
    try {
      types.forEach(type -> workers.add(stub(type)));
      runAll(pathFiles, deadline, results, coverage);
    } finally {
      workers.forEach(JobWorker::close);
    }
    return new Report(results, coverage);
  }

  private void runAll(Map<String, JsonNode> pathFiles, long deadline, List<Result> results,
      Map<String, Set<String>> coverage) {
    int n = 0;
    for (JsonNode file : pathFiles.values()) {
      String process = file.path("process").asText();
      for (JsonNode path : file.path("paths")) {
        n++;
        String name = path.path("name").asText("path " + n);
        String nameZh = PathNames.chineseName(path).orElse(null);
        if (System.nanoTime() > deadline) {
          results.add(new Result(process, name, nameZh, false, List.of("not run: the run's time budget was used up"), 0,
              Set.of()));
          continue;
        }
        Result r = runPath(file, path, process, name, nameZh, "PATH-" + n);
        results.add(r);
        coverage.computeIfAbsent(process, k -> new TreeSet<>()).addAll(r.taken());
      }
    }
  }

  private Result runPath(JsonNode file, JsonNode path, String process, String name, String nameZh, String caseId) {
    long started = System.nanoTime();
    List<String> failures = new ArrayList<>();
    Long instance = null;
    Set<String> taken = new TreeSet<>();
    try {
      Map<String, JsonNode> jobs = new LinkedHashMap<>();
      file.path("jobs").fields().forEachRemaining(e -> jobs.put(e.getKey(), e.getValue()));
      path.path("jobs").fields().forEachRemaining(e -> jobs.put(e.getKey(), e.getValue()));
      Map<String, ConcurrentLinkedDeque<JsonNode>> answers = new ConcurrentHashMap<>();
      jobs.forEach((type, outcomes) -> {
        ConcurrentLinkedDeque<JsonNode> queue = new ConcurrentLinkedDeque<>();
        (outcomes.isArray() ? outcomes : JSON.createArrayNode().add(outcomes)).forEach(queue::add);
        answers.put(type, queue);
      });
      current = answers;
      Map<String, Object> variables = new LinkedHashMap<>(map(file.path("variables")));
      variables.putAll(map(path.path("variables")));
      variables.put("caseId", caseId);
      long key = client.newCreateInstanceCommand().bpmnProcessId(process).latestVersion().variables(variables)
          .send().join().getProcessInstanceKey();
      instance = key;
      for (JsonNode step : path.path("steps")) {
        step(key, caseId, step);
      }
      expect(key, path.path("expect"), failures);
    } catch (PathFailed e) {
      failures.add(e.getMessage());
    } catch (RuntimeException e) {
      failures.add("the engine refused a step: " + e.getMessage());
    } finally {
      current = Map.of();
      if (instance != null) {
        taken.addAll(taken(instance));
        cancelIfRunning(instance);
      }
    }
    return new Result(process, name, nameZh, failures.isEmpty(), failures, (System.nanoTime() - started) / 1_000_000, taken);
  }

  private void step(long key, String caseId, JsonNode step) {
    if (step.has("userTask")) {
      String element = step.get("userTask").asText();
      // the path's instance or a process it called (a phase, a retest)
      long task = until("user task " + element + " to be created", () -> client.newUserTaskSearchRequest()
          .filter(f -> f.elementId(element).state(UserTaskState.CREATED))
          .send().join().items().stream().filter(t -> calledFrom(key, t.getProcessInstanceKey())).findFirst()
          .map(t -> t.getUserTaskKey()).orElse(null));
      client.newCompleteUserTaskCommand(task).variables(map(step.path("complete"))).send().join();
    } else if (step.has("message")) {
      client.newPublishMessageCommand().messageName(step.get("message").asText())
          .correlationKey(step.path("correlationKey").asText(caseId)).timeToLive(Duration.ofHours(1))
          .variables(map(step.path("variables"))).send().join();
    } else if (step.has("waitFor")) {
      waitFor(key, step.get("waitFor").asText());
    } else if (step.has("advance")) {
      advanceClock.accept(Duration.parse(step.get("advance").asText()));
    } else {
      throw new PathFailed("unknown step " + step);
    }
  }

  /** Whether the instance is the path's own or was called, at any depth, from it. */
  private boolean calledFrom(long root, Long instance) {
    Long current = instance;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (current == root) {
        return true;
      }
      Long at = current;
      current = client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(at)).send().join()
          .items().stream().findFirst().map(i -> i.getParentProcessInstanceKey()).orElse(null);
    }
    return false;
  }

  private void waitFor(long key, String element) {
    until(element + " to be active", () -> client.newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(key).elementId(element).state(ElementInstanceState.ACTIVE))
        .send().join().items().isEmpty() ? null : Boolean.TRUE);
  }

  private void expect(long key, JsonNode expect, List<String> failures) {
    String state = expect.path("state").asText("COMPLETED");
    if ("ACTIVE".equals(state)) {
      expect.path("waitingAt").forEach(e -> waitFor(key, e.asText()));
    } else {
      until("the process to end " + state, () -> client.newProcessInstanceSearchRequest()
          .filter(f -> f.processInstanceKey(key)).send().join().items().stream()
          .filter(i -> i.getState() != ProcessInstanceState.ACTIVE).findFirst().orElse(null));
    }
    Map<String, Integer> completed = new TreeMap<>();
    Set<String> activated = new TreeSet<>();
    client.newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(key)).page(p -> p.limit(1000))
        .send().join().items().forEach(e -> {
          activated.add(e.getElementId());
          if (e.getState() == ElementInstanceState.COMPLETED) {
            completed.merge(e.getElementId(), 1, Integer::sum);
          }
        });
    var found = client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
        .items().stream().findFirst();
    if (found.isPresent() && !state.equals(found.get().getState().name())) {
      failures.add("expected the process " + state + ", it is " + found.get().getState());
    }
    expect.path("completed").forEach(e -> {
      if (!completed.containsKey(e.asText())) {
        failures.add("expected " + e.asText() + " completed; completed were " + completed.keySet());
      }
    });
    expect.path("completedTimes").fields().forEachRemaining(e -> {
      if (completed.getOrDefault(e.getKey(), 0) != e.getValue().asInt()) {
        failures.add("expected " + e.getKey() + " completed " + e.getValue().asInt() + " times, not "
            + completed.getOrDefault(e.getKey(), 0));
      }
    });
    expect.path("notActivated").forEach(e -> {
      if (activated.contains(e.asText())) {
        failures.add("expected " + e.asText() + " not to be reached");
      }
    });
    for (Iterator<Map.Entry<String, JsonNode>> it = expect.path("variables").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> v = it.next();
      String actual = client.newVariableSearchRequest().filter(f -> f.processInstanceKey(key).name(v.getKey()))
          .send().join().items().stream().findFirst().map(x -> x.getValue()).orElse(null);
      JsonNode actualJson = actual == null ? null : read(actual);
      if (actualJson == null || !same(actualJson, v.getValue())) {
        failures.add("expected variable " + v.getKey() + " = " + v.getValue() + ", it is " + actual);
      }
    }
  }

  private static boolean same(JsonNode a, JsonNode b) {
    return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue())
        : x.equals(y) ? 0 : 1, b);
  }

  /** Element ids the instance activated and sequence flows it took. */
  private Set<String> taken(long key) {
    Set<String> ids = new TreeSet<>();
    try {
      client.newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(key)).page(p -> p.limit(1000))
          .send().join().items().forEach(e -> ids.add(e.getElementId()));
      client.newProcessInstanceSequenceFlowsRequest(key).send().join().forEach(f -> ids.add(f.getElementId()));
    } catch (RuntimeException e) {
      // coverage is a help, not a verdict
    }
    return ids;
  }

  private void cancelIfRunning(long key) {
    try {
      client.newCancelInstanceCommand(key).send().join();
    } catch (RuntimeException e) {
      // already ended: nothing to clean up
    }
  }

  /** The current path's answers per job type; none between paths. */
  private volatile Map<String, ConcurrentLinkedDeque<JsonNode>> current = Map.of();

  private JobWorker stub(String type) {
    return client.newWorker().jobType(type).handler((jobClient, job) -> {
      ConcurrentLinkedDeque<JsonNode> queue = current.get(type);
      if (queue == null) {
        return; // not answered on this path: the job stays, as without a worker
      }
      JsonNode outcome = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
      if (outcome != null && outcome.has("error")) {
        jobClient.newThrowErrorCommand(job).errorCode(outcome.get("error").asText())
            .variables(map(outcome.path("variables"))).send().join();
      } else {
        jobClient.newCompleteCommand(job).variables(map(outcome == null ? null : outcome.path("complete")))
            .send().join();
      }
    }).pollInterval(Duration.ofMillis(50)).requestTimeout(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(5)).open();
  }

  private <T> T until(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + pathTimeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new PathFailed("waited " + pathTimeout.toSeconds() + " s for " + what);
      }
      try {
        Thread.sleep(POLL.toMillis()); // polling the engine's search, which is eventually consistent
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PathFailed("interrupted while waiting for " + what);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    return JSON.convertValue(node, Map.class);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  private static final class PathFailed extends RuntimeException {
    PathFailed(String message) {
      super(message);
    }
  }
}
