package org.exportcert.bpmn.paths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every path test (class order in junit-platform.properties) and holds each model that
 * has path tests to 90 % flow coverage in Camunda Process Test's report
 * ({@code bpmn/target/coverage-report/report.html}).
 */
@Order(Integer.MAX_VALUE)
class ProcessCoverageGateTest {

  /** The models whose every path runs on the engine today; the others need engine part 2. */
  static final List<String> GATED = List.of("certification-decision", "registry-listing", "appeal", "eligibility", "document-review", "technical-testing", "partner-recognition");

  @Test
  void everyPathTestedModelIsAtLeastNinetyPercentCovered() throws Exception {
    Path report = Path.of("target", "coverage-report", "report.json");
    assertThat(report).as("Camunda Process Test's coverage report").exists();
    JsonNode coverages = new ObjectMapper().readTree(report.toFile()).path("coverages");
    Map<String, Double> byModel = new HashMap<>();
    coverages.forEach(c -> byModel.put(c.path("processDefinitionId").asText(), c.path("coverage").asDouble()));
    for (String model : GATED) {
      assertThat(byModel).as("coverage of %s (path tests ran?)", model).containsKey(model);
      assertThat(byModel.get(model)).as("flow coverage of %s", model).isGreaterThanOrEqualTo(0.9);
    }
  }
}
