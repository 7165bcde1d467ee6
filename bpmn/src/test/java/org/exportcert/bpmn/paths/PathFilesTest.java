package org.exportcert.bpmn.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The path files (paths/*.json) on the shipped bundle: the same runner and the same files the
 * console uses to check a program manager's draft before approval.
 */
class PathFilesTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  @Test
  void everyPathOfEveryPathFilePassesOnTheShippedModels() throws IOException {
    DeployResourceCommandStep2 command = null;
    for (Path file : shippedBundle()) {
      byte[] content = Files.readAllBytes(file);
      String name = file.getFileName().toString();
      command = command == null ? client.newDeployResourceCommand().addResourceBytes(content, name)
          : command.addResourceBytes(content, name);
    }
    // the whole bundle in one deployment takes a while on a busy machine
    command.requestTimeout(Duration.ofMinutes(2)).send().join();

    var report = new PathRunner(client, context::increaseTime, Duration.ofSeconds(20))
        .run(PathRunner.shippedPathFiles(), Duration.ofMinutes(10));

    assertThat(report.results()).isNotEmpty();
    report.results().forEach(r -> assertThat(r.failures()).as(r.process() + ": " + r.path()).isEmpty());
    assertThat(report.coverage().get("eligibility"))
        .as("elements the eligibility paths took")
        .contains("Task_ReviewApplication", "EndEvent_ApplicationLapsed", "Boundary_AgreementDeadline");
    // every phase model has its path file, and its paths reach its ends
    assertThat(report.coverage()).containsKeys("eligibility", "document-review", "technical-testing",
        "certification-decision", "registry-listing", "partner-recognition", "surveillance", "appeal");
  }

  static List<Path> shippedBundle() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(Path.of("src/main/resources/models"), Path.of("src/main/resources/forms"))) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.toString().matches(".*\\.(bpmn|dmn|form)$")).sorted().forEach(files::add);
      }
    }
    return files;
  }
}
