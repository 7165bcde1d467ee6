package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.exportcert.bpmn.paths.PathRunner;
import org.junit.jupiter.api.Test;

/** The path files a draft's path tests run: the build's, each replaced by the draft's file of that name. */
class ModelPathFilesTest {

  final ModelReleases releases = org.mockito.Mockito.mock(ModelReleases.class);
  final ModelPathChecks checks = new ModelPathChecks(null, releases, null, null, null, null, new ObjectMapper(),
      Duration.ofSeconds(1), Duration.ofSeconds(1));

  @Test
  void aDraftsPathFileReplacesTheBuildsOfTheSameNameAndAddsNewOnes() {
    var files = checks.pathFiles(Map.of(
        "eligibility.bpmn", "<definitions/>",
        "eligibility.paths.json", "{\"process\": \"eligibility\", \"paths\": [{\"name\": \"Mine\", \"name.zh\": \"我的路径\"}]}",
        "extra.paths.json", "{\"process\": \"extra\", \"paths\": []}"));
    assertThat(files.keySet()).containsAll(PathRunner.SHIPPED).contains("extra.paths.json")
        .doesNotContain("eligibility.bpmn");
    assertThat(files.get("eligibility.paths.json").path("paths").get(0).path("name.zh").asText()).isEqualTo("我的路径");
    // the build's own, with their Chinese names, where the draft has no file of that name
    assertThat(files.get("appeal.paths.json").path("paths").get(0).path("name.zh").asText()).startsWith("申诉成立");
  }

  @Test
  void theModelsPageListsEveryPathOfTheDeployedBundleInBothLanguages() {
    org.mockito.Mockito.when(releases.deployed()).thenReturn(new ModelReleases.Bundle(
        new ModelReleases.Release(0, "shipped", 0, "ExportCert", java.time.Instant.EPOCH, null, null),
        new java.util.TreeMap<>(Map.of("appeal.bpmn", "<definitions/>"))));
    var files = checks.deployedPaths();
    assertThat(files).hasSize(PathRunner.SHIPPED.size());
    assertThat(files.stream().mapToInt(f -> f.paths().size()).sum()).isEqualTo(40);
    var appeal = files.stream().filter(f -> f.file().equals("appeal.paths.json")).findFirst().orElseThrow();
    assertThat(appeal.process()).isEqualTo("appeal");
    assertThat(appeal.descriptionZh()).startsWith("第五阶段");
    assertThat(appeal.paths().get(0)).isEqualTo(
        new ModelPathChecks.NamedPath("An upheld appeal is recorded and returned", "申诉成立：登记申诉决定后返回主流程"));
    assertThat(files).allSatisfy(f -> assertThat(f.paths()).allSatisfy(p -> assertThat(p.nameZh()).isNotBlank()));
  }
}
