package org.exportcert.engine.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * scanned and from the live index, in the same run (docs/benchmarks.md). On demand:
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
      double[] scan = measure(http, engine, body, false);
      double[] index = measure(http, engine, body, true);
      String row = String.format("| user-task search by candidateGroup, %,d active tasks in 20 groups, limit 50 | scan p50 %.2f ms / p90 %.2f ms "
          + "| index p50 %.2f ms / p90 %.2f ms | load average %.1f |", TASKS, scan[0], scan[1], index[0], index[1],
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.println(row);
      Files.writeString(Path.of("target", "benchmark-live-index.md"), row + "\n");
      assertThat(index[0]).isPositive();
    } finally {
      LiveSearch.indexesEnabled = true;
    }
  }

  /** p50 and p90 of 60 searches (after 10 for warm-up), in ms, through HTTP as a client sends them. */
  private static double[] measure(HttpClient http, ExportCertEngine engine, String body, boolean indexed) throws Exception {
    LiveSearch.indexesEnabled = indexed;
    double[] times = new double[60];
    for (int i = -10; i < times.length; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(engine.restAddress() + "/v2/user-tasks/search"))
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
