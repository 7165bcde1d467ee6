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
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every path test (class order in junit-platform.properties) and holds each model to
 * 90 % flow coverage in Camunda Process Test's report
 * ({@code bpmn/target/coverage-report/report.html}). It holds on either back end; where the path
 * tests are skipped (the Camunda back end without Docker) it is skipped with them, since there is
 * no report of this run to read.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(BackendAvailable.class)
class ProcessCoverageGateTest {

  /** Every process model the scheme ships. */
  static final List<String> GATED =
      List.of("certification-case", "eligibility", "document-review", "technical-testing",
          "certification-decision", "registry-listing", "partner-recognition", "surveillance",
          "appeal");

  @Test
  void everyPathTestedModelIsAtLeastNinetyPercentCovered() throws Exception {
    Path report = Path.of("target", "coverage-report", "report.json");
    assertThat(report).as("Camunda Process Test's coverage report").exists();
    JsonNode coverages = new ObjectMapper().readTree(report.toFile()).path("coverages");
    Map<String, Double> byModel = new HashMap<>();
    coverages.forEach(c -> byModel.put(c.path("processDefinitionId").asText(), c.path("coverage").asDouble()));
    for (String model : GATED) {
      assertThat(byModel).as("coverage of %s (path tests ran?)", model).containsKey(model);
      // above 1 would mean a stand-in of the same id was counted against the real model
      assertThat(byModel.get(model)).as("flow coverage of %s", model).isBetween(0.9, 1.0);
    }
  }
}
