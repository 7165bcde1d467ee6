package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.jobhandling.JobWorkerManager;
import java.nio.file.Path;
import org.exportcert.ExportCertApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same jar runs as the API alone ({@code EXPORTCERT_WORKERS_ENABLED=false}) or with the job
 * workers (the default), so workers scale as a deployment of their own.
 */
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
  void withWorkersSwitchedOffNoJobWorkerPollsTheEngine() {
    try (ConfigurableApplicationContext api =
        start(TestDataDirectories.fresh("WorkersSwitchTest-off"), "--exportcert.workers.enabled=false")) {
      assertThat(api.getBean(JobWorkerManager.class).findJobWorkerConfigByType(A_JOB_TYPE)).isEmpty();
    }
  }

  @Test
  void byDefaultEveryJobWorkerIsOpenedAndGetsItsJobsPushedOverAStream() {
    try (ConfigurableApplicationContext all = start(TestDataDirectories.fresh("WorkersSwitchTest-on"))) {
      // streamed jobs avoid the polling worker's wait after auto-completed jobs (docs/benchmarks.md)
      assertThat(all.getBean(JobWorkerManager.class).findJobWorkerConfigByType(A_JOB_TYPE))
          .hasValueSatisfying(worker -> assertThat(worker.getStreamEnabled()).isTrue());
    }
  }

  @Test
  void anEngineWithoutGrpcHasTheWorkersPollOverRest() {
    try (ConfigurableApplicationContext rest = start(TestDataDirectories.fresh("WorkersSwitchTest-rest"),
        "--exportcert.local-stack.engine-grpc-port=-1")) {
      assertThat(rest.getBean(JobWorkerManager.class).findJobWorkerConfigByType(A_JOB_TYPE))
          .hasValueSatisfying(worker -> assertThat(worker.getStreamEnabled()).isFalse());
    }
  }
}
