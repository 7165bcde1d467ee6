package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.exportcert.bpmn.paths.PathRunner;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class PathFileSelectionTest {

  static String shipped(String path) throws IOException {
    return new ClassPathResource(path).getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void anUnchangedDraftRunsEveryPathFile() throws IOException {
    var all = PathRunner.shippedPathFiles();
    var draft = Map.of("eligibility.bpmn", shipped("models/eligibility.bpmn"),
        "due-dates.dmn", shipped("models/due-dates.dmn"));
    assertThat(PathFileSelection.of(all, draft).keySet()).isEqualTo(all.keySet()).hasSize(PathRunner.SHIPPED.size());
  }

  @Test
  void aModelTheEditorOnlyWroteOutAgainCountsAsUnchanged() throws IOException {
    var all = PathRunner.shippedPathFiles();
    String rewritten = shipped("models/appeal.bpmn").replace("\n", "\r\n").replace("    <", "  <");
    assertThat(PathFileSelection.of(all, Map.of("appeal.bpmn", rewritten)).keySet()).isEqualTo(all.keySet());
  }

  @Test
  void aChangedTableRunsThePathsOfTheProcessesThatCallIt() throws IOException {
    String rules = shipped("models/eligibility-rules.dmn").replace("\"INDUSTRIAL_DIGITAL_TWIN\")", "\"INDUSTRIAL_DIGITAL_TWIN\",\"MODEL_TRAINING_SERVICE\")");
    assertThat(rules).isNotEqualTo(shipped("models/eligibility-rules.dmn"));
    var selected = PathFileSelection.of(PathRunner.shippedPathFiles(), Map.of("eligibility-rules.dmn", rules));
    assertThat(selected.keySet()).containsExactly("eligibility.paths.json");
  }

  @Test
  void aChangedPhaseRunsItsPathsAndThoseOfTheProcessesThatCallIt() throws IOException {
    String testing = shipped("models/technical-testing.bpmn").replace("Run tests", "Run the tests");
    var selected = PathFileSelection.of(PathRunner.shippedPathFiles(), Map.of("technical-testing.bpmn", testing));
    assertThat(selected.keySet()).containsExactlyInAnyOrder(
        "technical-testing.paths.json", "partner-recognition.paths.json", "surveillance.paths.json");
    String form = shipped("forms/independent-review.form").replaceFirst("\"label\"\\s*:\\s*\"", "\"label\": \"Changed: ");
    assertThat(PathFileSelection.of(PathRunner.shippedPathFiles(), Map.of("independent-review.form", form)).keySet())
        .containsExactly("certification-decision.paths.json");
  }
}
