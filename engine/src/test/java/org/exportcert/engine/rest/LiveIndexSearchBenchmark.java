package org.exportcert.engine.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.builder.AbstractFlowNodeBuilder;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.EngineExtension;
import org.exportcert.engine.ExportCertEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A user-task search by candidate group over {@code bench.tasks} (20,000) active tasks in 20 groups,
 * and incident and element instance searches by element over as many active instances each with an
 * incident on one of 20 tasks, and message subscription and process instance (hasIncident) searches,
 * scanned and from the live indexes, in the same run (docs/benchmarks.md). On demand:
 * {@code mvn -B -pl engine -am verify -Pbenchmarks -Dtest=LiveIndexSearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class LiveIndexSearchBenchmark {

  private static final int TASKS = Integer.getInteger("bench.tasks", 20_000);

  @Test
  void candidateGroupSearchScannedAndIndexed() throws Exception {
    Path dir = Files.createTempDirectory("live-index-bench");
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication());
        CamundaClient client = EngineExtension.newClient(engine)) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("bench-idx").startEvent()
          .userTask("review", u -> u.zeebeUserTask().zeebeCandidateGroupsExpression("[group]")).endEvent().done(), "b.bpmn")
          .send().join();
      for (int start = 0; start < TASKS; start += 500) {
        List<CamundaFuture<?>> batch = new ArrayList<>();
        for (int i = start; i < Math.min(TASKS, start + 500); i++) {
          batch.add(client.newCreateInstanceCommand().bpmnProcessId("bench-idx").latestVersion()
              .variables(Map.of("group", "group-" + (i % 20))).send());
        }
        batch.forEach(CamundaFuture::join);
      }
      HttpClient http = HttpClient.newHttpClient();
      String body = "{\"filter\":{\"candidateGroup\":\"group-7\",\"state\":\"CREATED\"},\"page\":{\"limit\":50}}";
      double[] scan = measure(http, engine, "/v2/user-tasks/search", body, false);
      double[] index = measure(http, engine, "/v2/user-tasks/search", body, true);
      String row = String.format("| user-task search by candidateGroup, %,d active tasks in 20 groups, limit 50 | scan p50 %.2f ms / p90 %.2f ms "
          + "| index p50 %.2f ms / p90 %.2f ms | load average %.1f |", TASKS, scan[0], scan[1], index[0], index[1],
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.println(row);
      Files.writeString(Path.of("target", "benchmark-live-index.md"), row + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      assertThat(index[0]).isPositive();
    } finally {
      LiveSearch.indexesEnabled = true;
    }
  }

  /**
   * {@code bench.tasks} instances, each routed by an exclusive gateway to one of 20 service tasks
   * whose job type cannot be evaluated: an active EXTRACT_VALUE_ERROR incident on each. Incidents
   * by element and state, element instances by element and state.
   */
  @Test
  void incidentAndElementInstanceSearchesScannedAndIndexed() throws Exception {
    Path dir = Files.createTempDirectory("live-index-bench");
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication());
        CamundaClient client = EngineExtension.newClient(engine)) {
      AbstractFlowNodeBuilder<?, ?> model = Bpmn.createExecutableProcess("bench-inc").startEvent().exclusiveGateway("route");
      for (int k = 0; k < 20; k++) {
        model = model.moveToNode("route").conditionExpression("= branch = " + k)
            .serviceTask("task-" + k, t -> t.zeebeJobTypeExpression("missingType")).endEvent("end-" + k);
      }
      client.newDeployResourceCommand().addProcessModel(model.done(), "i.bpmn").send().join();
      for (int start = 0; start < TASKS; start += 500) {
        List<CamundaFuture<?>> batch = new ArrayList<>();
        for (int i = start; i < Math.min(TASKS, start + 500); i++) {
          batch.add(client.newCreateInstanceCommand().bpmnProcessId("bench-inc").latestVersion()
              .variables(Map.of("branch", i % 20)).send());
        }
        batch.forEach(CamundaFuture::join);
      }
      HttpClient http = HttpClient.newHttpClient();
      String incidents = "{\"filter\":{\"elementId\":\"task-7\",\"state\":\"ACTIVE\"},\"page\":{\"limit\":50}}";
      String elements = "{\"filter\":{\"elementId\":\"task-7\",\"state\":\"ACTIVE\"},\"page\":{\"limit\":50}}";
      StringBuilder rows = new StringBuilder();
      long without = usedHeap();
      LiveSearch.indexesEnabled = true;
      for (String[] search : List.of(new String[] {"/v2/incidents/search", incidents}, new String[] {"/v2/element-instances/search", elements})) {
        http.send(HttpRequest.newBuilder(URI.create(engine.restAddress() + search[0])).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(search[1])).build(), HttpResponse.BodyHandlers.ofString()); // builds the index
      }
      long with = usedHeap();
      rows.append(String.format("| heap of the incident and element instance indexes (%,d incidents, %,d element instances) | %.1f MiB |%n",
          TASKS, 3 * TASKS, (with - without) / 1048576.0));
      for (String[] search : List.of(new String[] {"/v2/incidents/search", incidents}, new String[] {"/v2/element-instances/search", elements})) {
        double[] scan = measure(http, engine, search[0], search[1], false);
        double[] index = measure(http, engine, search[0], search[1], true);
        rows.append(String.format("| %s by elementId and state, %,d active instances with an incident on one of 20 tasks, limit 50 "
            + "| scan p50 %.2f ms / p90 %.2f ms | index p50 %.2f ms / p90 %.2f ms | load average %.1f |%n", search[0], TASKS,
            scan[0], scan[1], index[0], index[1], ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      }
      System.out.print(rows);
      Files.writeString(Path.of("target", "benchmark-live-index.md"), rows, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } finally {
      LiveSearch.indexesEnabled = true;
    }
  }

  /**
   * {@code bench.tasks} instances routed to one of 20 branches: 19 wait at a message catch event
   * ("msg-1" ... "msg-19"), one in 20 reaches a task whose job type cannot be evaluated (an
   * incident). Message subscriptions by name and state, process instances by hasIncident and state.
   */
  @Test
  void messageSubscriptionAndHasIncidentSearchesScannedAndIndexed() throws Exception {
    Path dir = Files.createTempDirectory("live-index-bench");
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication());
        CamundaClient client = EngineExtension.newClient(engine)) {
      AbstractFlowNodeBuilder<?, ?> model = Bpmn.createExecutableProcess("bench-msg").startEvent().exclusiveGateway("route")
          .conditionExpression("= branch = 0").serviceTask("stuck", t -> t.zeebeJobTypeExpression("missingType")).endEvent("end-0");
      for (int k = 1; k < 20; k++) {
        String name = "msg-" + k;
        model = model.moveToNode("route").conditionExpression("= branch = " + k)
            .intermediateCatchEvent("wait-" + k, e -> e.message(m -> m.name(name).zeebeCorrelationKeyExpression("string(n)")))
            .endEvent("end-" + k);
      }
      client.newDeployResourceCommand().addProcessModel(model.done(), "m.bpmn").send().join();
      for (int start = 0; start < TASKS; start += 500) {
        List<CamundaFuture<?>> batch = new ArrayList<>();
        for (int i = start; i < Math.min(TASKS, start + 500); i++) {
          batch.add(client.newCreateInstanceCommand().bpmnProcessId("bench-msg").latestVersion()
              .variables(Map.of("branch", i % 20, "n", i)).send());
        }
        batch.forEach(CamundaFuture::join);
      }
      HttpClient http = HttpClient.newHttpClient();
      List<String[]> searches = List.of(
          new String[] {"/v2/message-subscriptions/search", "{\"filter\":{\"messageName\":\"msg-7\",\"messageSubscriptionState\":\"CREATED\"},\"page\":{\"limit\":50}}"},
          new String[] {"/v2/process-instances/search", "{\"filter\":{\"hasIncident\":true,\"state\":\"ACTIVE\"},\"page\":{\"limit\":50}}"});
      StringBuilder rows = new StringBuilder();
      long without = usedHeap();
      LiveSearch.indexesEnabled = true;
      for (String[] search : searches) {
        http.send(HttpRequest.newBuilder(URI.create(engine.restAddress() + search[0])).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(search[1])).build(), HttpResponse.BodyHandlers.ofString()); // builds the index
      }
      long with = usedHeap();
      rows.append(String.format("| heap of the message subscription and process instance indexes (%,d subscriptions, %,d instances) | %.1f MiB |%n",
          TASKS * 19 / 20, TASKS, (with - without) / 1048576.0));
      for (String[] search : searches) {
        double[] scan = measure(http, engine, search[0], search[1], false);
        double[] index = measure(http, engine, search[0], search[1], true);
        rows.append(String.format("| %s %s, %,d active instances, limit 50 | scan p50 %.2f ms / p90 %.2f ms | index p50 %.2f ms / p90 %.2f ms "
            + "| load average %.1f |%n", search[0], search[1], TASKS, scan[0], scan[1], index[0], index[1],
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      }
      System.out.print(rows);
      Files.writeString(Path.of("target", "benchmark-live-index.md"), rows, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } finally {
      LiveSearch.indexesEnabled = true;
    }
  }

  /** Live heap after full collections (an estimate: what the JVM reports, best of three). */
  private static long usedHeap() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /** p50 and p90 of 60 searches (after 10 for warm-up), in ms, through HTTP as a client sends them. */
  private static double[] measure(HttpClient http, ExportCertEngine engine, String path, String body, boolean indexed) throws Exception {
    LiveSearch.indexesEnabled = indexed;
    double[] times = new double[60];
    for (int i = -10; i < times.length; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(engine.restAddress() + path))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      long elapsed = System.nanoTime() - t0;
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"totalItems\":" + TASKS / 20);
      if (i >= 0) {
        times[i] = elapsed / 1e6;
      }
    }
    Arrays.sort(times);
    return new double[] {times[30], times[54]};
  }
}
