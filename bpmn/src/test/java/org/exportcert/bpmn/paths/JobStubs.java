package org.exportcert.bpmn.paths;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stand-ins for the job workers: per job type, a queue of outcomes played in order (the last one
 * repeats), so a test says "the first allocation finds nobody impartial, the next succeeds".
 */
final class JobStubs implements AutoCloseable {

  sealed interface Outcome permits Complete, BpmnError {}

  record Complete(Map<String, Object> variables) implements Outcome {}

  record BpmnError(String code, Map<String, Object> variables) implements Outcome {}

  static Outcome complete(Map<String, Object> variables) {
    return new Complete(variables);
  }

  static Outcome error(String code) {
    return new BpmnError(code, Map.of());
  }

  static Outcome error(String code, Map<String, Object> variables) {
    return new BpmnError(code, variables);
  }

  private final CamundaClient client;
  private final List<JobWorker> workers = new ArrayList<>();
  private final Map<String, ConcurrentLinkedDeque<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final Map<String, List<Map<String, Object>>> received = new ConcurrentHashMap<>();

  JobStubs(CamundaClient client) {
    this.client = client;
  }

  /** The job type answers with these outcomes in turn; the last is kept for further jobs. */
  JobStubs on(String jobType, Outcome... inTurn) {
    ConcurrentLinkedDeque<Outcome> queue = new ConcurrentLinkedDeque<>(List.of(inTurn));
    if (outcomes.putIfAbsent(jobType, queue) != null) {
      throw new IllegalStateException(jobType + " is already stubbed in this test");
    }
    workers.add(
        client.newWorker()
            .jobType(jobType)
            .handler(
                (jobClient, job) -> {
                  received.computeIfAbsent(jobType, t -> new CopyOnWriteArrayList<>()).add(job.getVariablesAsMap());
                  Outcome outcome = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
                  if (outcome instanceof BpmnError e) {
                    jobClient.newThrowErrorCommand(job).errorCode(e.code()).variables(e.variables())
                        .send().join();
                  } else if (outcome instanceof Complete c) {
                    jobClient.newCompleteCommand(job).variables(c.variables()).send().join();
                  }
                })
            .pollInterval(Duration.ofMillis(50))
            // short: a job is handed out the moment it exists either way, and closing the test's
            // client after the test waits for the poll still in flight (2 s cost every test 2 s)
            .requestTimeout(Duration.ofMillis(250))
            .open());
    return this;
  }

  /** The variables of each job of the type handed out so far, in turn: what the model gave the worker. */
  List<Map<String, Object>> received(String jobType) {
    return List.copyOf(received.getOrDefault(jobType, List.of()));
  }

  @Override
  public void close() {
    workers.forEach(JobWorker::close);
  }
}
