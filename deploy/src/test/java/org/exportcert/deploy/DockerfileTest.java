package org.exportcert.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/Dockerfile, read as text: the stages and the runtime contract the deployments rely on. */
class DockerfileTest {

  final List<String> instructions = instructions(Repo.read("deploy/Dockerfile"));

  @Test
  void buildsWithMavenOnTheTemurin17JdkAndRunsOnTheTemurin17Jre() {
    List<String> froms = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();
    assertThat(froms).as("multi-stage: build, then run").hasSize(2);
    assertThat(froms.get(0)).matches("FROM maven:[^ ]*eclipse-temurin-17[^ ]* AS build");
    assertThat(froms.get(1)).matches("FROM eclipse-temurin:17[^ ]*-jre[^ ]*");
    assertThat(instructions).anyMatch(i -> i.startsWith("RUN ") && i.contains("mvn ") && i.contains("-pl api -am package"));
    assertThat(instructions)
        .anyMatch(i -> i.startsWith("RUN ") && i.contains("api/target/exportcert.jar"));
  }

  @Test
  void runsAsAnUnprivilegedUser() {
    List<String> runtime = runtimeStage();
    String user = runtime.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
    String name = user.substring(5).split(":")[0].strip();
    assertThat(name).as("final USER").isNotIn("root", "0");
    assertThat(runtime).anyMatch(i -> i.startsWith("COPY --from=build") && i.endsWith("/app/exportcert.jar"));
  }

  @Test
  void startsTheJarAndChecksReadiness() {
    List<String> runtime = runtimeStage();
    assertThat(runtime).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/exportcert.jar\"]");
    assertThat(runtime).anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains("/actuator/health/readiness"));
    assertThat(runtime).anyMatch(i -> i.startsWith("EXPOSE ") && i.contains("8080"));
    assertThat(runtime).anyMatch(i -> i.startsWith("ENV ") && i.contains("EXPORTCERT_LOCAL_STACK_ENABLED=false"));
  }

  @Test
  void theBuildContextLeavesOutBuildOutputAndSecrets() {
    List<String> ignored = Repo.read("deploy/Dockerfile.dockerignore").lines().map(String::strip).toList();
    assertThat(ignored).contains("**/target", "**/.env", ".git", "data");
  }

  private List<String> runtimeStage() {
    int last = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith("FROM ")) {
        last = i;
      }
    }
    return instructions.subList(last, instructions.size());
  }

  /** Instructions with continuation lines joined and comments dropped. */
  static List<String> instructions(String dockerfile) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      boolean continued = trimmed.endsWith("\\");
      current.append(continued ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed).append(' ');
      if (!continued) {
        out.add(current.toString().strip().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    }
    return out;
  }
}
