package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.exportcert.bpmn.paths.PathRunner;
import org.junit.jupiter.api.Test;

/** The path files a draft's path tests run: the build's, each replaced by the draft's file of that name. */
class ModelPathFilesTest {

  final ModelPathChecks checks =
      new ModelPathChecks(null, null, null, null, null, new ObjectMapper(), Duration.ofSeconds(1), Duration.ofSeconds(1));

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
}
