package org.exportcert.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A second opinion from the real tools where the machine has them: {@code docker compose config}
 * (Compose v2) and {@code kubectl kustomize}. Both work offline, without a Docker engine or a
 * cluster. Without the tool the test is skipped and says so.
 */
class ExternalToolsTest {

  record Result(int exitCode, String output) {}

  @Test
  void dockerComposeAcceptsTheComposeFile() {
    assumeTrue(
        run(Repo.root(), "docker", "compose", "version").exitCode() == 0,
        "docker compose (v2) is not installed here; the structural schema of ComposeFileTest still ran");
    Result config =
        run(Repo.path("deploy/compose"), "docker", "compose", "--env-file", ".env.example", "-f", "docker-compose.yaml", "config", "--quiet");
    assertThat(config.exitCode()).as("docker compose config:\n" + config.output()).isZero();
  }

  @Test
  void kustomizeRendersManifestsThatBindStrictly() {
    assumeTrue(
        run(Repo.root(), "kubectl", "version", "--client").exitCode() == 0,
        "kubectl is not installed here; the manifests were still bound file by file");
    Result rendered = run(Repo.root(), "kubectl", "kustomize", "deploy/kubernetes");
    assertThat(rendered.exitCode()).as("kubectl kustomize:\n" + rendered.output()).isZero();

    List<HasMetadata> resources = StrictKubernetesModel.read(rendered.output(), "kubectl kustomize deploy/kubernetes");
    assertThat(resources).hasSize(KubernetesManifestsTest.manifests().values().stream().mapToInt(List::size).sum());
    for (HasMetadata r : resources) {
      if (!"Namespace".equals(r.getKind())) {
        assertThat(r.getMetadata().getNamespace()).as(r.getKind() + " " + r.getMetadata().getName()).isEqualTo("exportcert");
      }
      if (r instanceof Deployment d) {
        assertThat(KubernetesManifestsTest.container(d).getImage())
            .as("the image kustomization sets")
            .isEqualTo("registry.example.org/exportcert:0.1.0-SNAPSHOT");
      }
    }
  }

  /** Runs a command with a bound on its duration; a missing binary counts as exit code 127. */
  static Result run(Path dir, String... command) {
    Path output = null;
    try {
      output = Files.createTempFile("deploy-tool", ".out");
      Process process =
          new ProcessBuilder(new ArrayList<>(List.of(command)))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      process.getOutputStream().close();
      boolean finished = process.waitFor(2, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly();
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      return new Result(finished ? process.exitValue() : 124, text);
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, "interrupted");
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }
}
