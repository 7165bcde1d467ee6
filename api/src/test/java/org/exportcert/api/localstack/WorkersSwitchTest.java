package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.jobhandling.JobWorkerManager;
import java.nio.file.Path;
import java.util.List;
import org.exportcert.ExportCertApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same jar runs as the API alone ({@code EXPORTCERT_WORKERS_ENABLED=false}) or with the job
 * workers (the default), so workers scale as a deployment of their own. The start log says which
 * workers are open, one short line each.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkersSwitchTest {

  private static final String A_JOB_TYPE = "exportcert.eligibility.record-application";

  private static ConfigurableApplicationContext start(Path dataDir, String... more) {
    String[] base = {
      "--exportcert.data-dir=" + dataDir, "--server.port=0",
      "--exportcert.local-stack.postgres-port=0", "--exportcert.local-stack.s3-port=0",
      "--exportcert.local-stack.engine-port=0"
    };
    String[] args = java.util.stream.Stream.concat(
        java.util.Arrays.stream(base), java.util.Arrays.stream(more)).toArray(String[]::new);
    return new SpringApplicationBuilder(ExportCertApplication.class).run(args);
  }

  @Test
  void withWorkersSwitchedOffNoJobWorkerPollsTheEngine(CapturedOutput output) {
    try (ConfigurableApplicationContext api =
        start(TestDataDirectories.fresh("WorkersSwitchTest-off"), "--exportcert.workers.enabled=false")) {
      assertThat(api.getBean(JobWorkerManager.class).findJobWorkerConfigByType(A_JOB_TYPE)).isEmpty();
      // the start log says so in one line
      assertThat(output.getOut()).contains("Job workers: none open").doesNotContain("Job worker " + A_JOB_TYPE);
    }
  }

  @Test
  void byDefaultEveryJobWorkerIsOpenedAndGetsItsJobsPushedOverAStream(CapturedOutput output) {
    try (ConfigurableApplicationContext all = start(TestDataDirectories.fresh("WorkersSwitchTest-on"))) {
      // streamed jobs avoid the polling worker's wait after auto-completed jobs (docs/benchmarks.md)
      assertThat(all.getBean(JobWorkerManager.class).findJobWorkerConfigByType(A_JOB_TYPE))
          .hasValueSatisfying(worker -> assertThat(worker.getStreamEnabled()).isTrue());
      // the start log: the shared settings once, then one short line per worker, the client's
      // defaults in words (no "PT-0.001S", no line of several hundred characters per bean)
      List<String> lines = output.getOut().lines().filter(l -> l.contains("Job worker")).toList();
      assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("Job workers: \\d+ open; each jobs streamed "
          + "\\(polling every \\d+(ms|s) as fallback\\), timeout \\d+[ms]"));
      assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("Job worker " + A_JOB_TYPE + " <- eligibilityWorkers#recordApplication"));
      assertThat(lines).hasSizeGreaterThan(20).allSatisfy(l -> assertThat(l).hasSizeLessThan(320).doesNotContain("JobWorkerValue", "PT-"));
    }
  }

  @Test
  void anEngineWithoutGrpcHasTheWorkersPollOverRest(CapturedOutput output) {
    try (ConfigurableApplicationContext rest = start(TestDataDirectories.fresh("WorkersSwitchTest-rest"),
        "--exportcert.local-stack.engine-grpc-port=-1")) {
      assertThat(rest.getBean(JobWorkerManager.class).findJobWorkerConfigByType(A_JOB_TYPE))
          .hasValueSatisfying(worker -> assertThat(worker.getStreamEnabled()).isFalse());
      assertThat(output.getOut()).containsPattern("Job workers: \\d+ open; each jobs polled every ");
    }
  }
}
