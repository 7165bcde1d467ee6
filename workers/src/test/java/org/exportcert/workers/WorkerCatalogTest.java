package org.exportcert.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The checked-in worker catalog equals what the code declares, and covers the models' job types
 * with the same inputs, outputs and errors. Regenerate with {@code -Dcatalog.write=true}.
 */
class WorkerCatalogTest {

  static final Path FILE = Path.of("src/main/resources", WorkerCatalog.RESOURCE);

  @Test
  void theCheckedInCatalogIsWhatTheWorkersDeclare() throws IOException {
    String generated = WorkerCatalog.toJson(WorkerCatalog.scan());
    if (Boolean.getBoolean("catalog.write")) {
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("catalog/workers.json is stale: run the test with -Dcatalog.write=true")
        .isEqualTo(generated);
  }

  @Test
  void everyJobTypeIsUniqueAndNamedByPhase() {
    var entries = WorkerCatalog.scan();
    assertThat(entries).extracting(WorkerCatalog.Entry::type).doesNotHaveDuplicates()
        .allMatch(t -> t.matches("exportcert\\.[a-z]+\\.[a-z-]+"));
    assertThat(entries).allMatch(e -> e.inputs().contains("caseId"));
  }

  /** The models' catalog (bpmn module), when it is in this checkout. */
  static Path modelsCatalog() {
    String override = System.getProperty("models.catalog");
    return override != null ? Path.of(override) : Path.of("../bpmn/src/main/resources/catalog/job-types.json");
  }

  @Test
  void everyJobTypeOfTheModelsHasAWorkerWithItsVariablesAndErrors() throws IOException {
    Path models = modelsCatalog();
    assumeTrue(Files.exists(models), "models catalog not in this checkout: " + models);
    JsonNode jobTypes = new ObjectMapper().readTree(models.toFile()).get("jobTypes");
    Map<String, WorkerCatalog.Entry> workers =
        WorkerCatalog.scan().stream().collect(Collectors.toMap(WorkerCatalog.Entry::type, e -> e));
    List<String> problems = new ArrayList<>();
    for (JsonNode jt : jobTypes) {
      String type = jt.get("type").asText();
      WorkerCatalog.Entry w = workers.get(type);
      if (w == null) {
        problems.add(type + ": no worker");
        continue;
      }
      Set<String> inputs = names(jt.get("inputs"));
      if (!new HashSet<>(w.inputs()).containsAll(inputs)) {
        problems.add(type + ": inputs " + inputs + " not all read by " + w.inputs());
      }
      Set<String> outputs = names(jt.get("outputs"));
      if (!new HashSet<>(w.outputs()).containsAll(outputs)) {
        problems.add(type + ": outputs " + outputs + " not all set by " + w.outputs());
      }
      Set<String> errors = new HashSet<>();
      jt.get("errors").forEach(e -> errors.add(e.asText()));
      if (!errors.equals(new HashSet<>(w.errors()))) {
        problems.add(type + ": errors " + errors + " but the worker throws " + w.errors());
      }
    }
    assertThat(problems).isEmpty();
  }

  private static Set<String> names(JsonNode list) {
    Set<String> names = new HashSet<>();
    list.forEach(n -> names.add(n.get("name").asText()));
    return names;
  }
}
