package org.exportcert.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md against the application and the deployment files: the environment table lists
 * only variables the application reads, covers the README's table, and covers every variable the
 * compose file and the Kubernetes manifests give ExportCert.
 */
class OperationsDocTest {

  static final String OPERATIONS = "docs/operations.md";
  /** Read by the JVM, not by the application. */
  static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS");
  static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*(?:\\*|\\.\\.\\.)?)[^`]*`");

  record Row(List<String> variables, String text) {
    boolean notReadYet() {
      return text.contains("not read yet");
    }
  }

  final List<Row> table = table(Repo.read(OPERATIONS), "| variable | what it does");
  final AppConfiguration app = new AppConfiguration();

  @Test
  void theTableIsThere() {
    assertThat(table).hasSizeGreaterThan(20);
    assertThat(documented()).contains(
        "SPRING_DATASOURCE_URL", "EXPORTCERT_S3_ENDPOINT", "CAMUNDA_CLIENT_REST_ADDRESS", "CAMUNDA_CLIENT_AUTH_CLIENT_ID",
        "CAMUNDA_CLIENT_AUTH_CLIENT_SECRET", "CAMUNDA_CLIENT_AUTH_TOKEN_URL",
        "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", "EXPORTCERT_WORKERS_ENABLED",
        "EXPORTCERT_LOCAL_STACK_ENABLED");
  }

  @Test
  void everyDocumentedVariableIsReadByTheApplication() {
    List<String> problems = new ArrayList<>();
    for (Row row : table) {
      for (String variable : row.variables()) {
        Optional<String> reader = app.readerOf(variable);
        Optional<String> library = app.libraryProperty(variable);
        library.filter(app::deprecated).ifPresent(p -> problems.add(variable + " binds the deprecated " + p));
        if (row.notReadYet()) {
          if (library.isEmpty()) {
            problems.add(variable + " is marked 'not read yet' but names no property of a library the application uses");
          }
          if (!row.text().matches("(?s).*issue \\d+.*")) {
            problems.add(variable + " is marked 'not read yet' without the issue that brings its reader");
          }
        } else if (reader.isEmpty()) {
          problems.add(
              variable + " is documented but nothing in the application reads it"
                  + library.map(p -> " (" + p + " needs one of " + app.binders(p) + ")").orElse(""));
        }
      }
    }
    assertThat(problems).as("modules scanned: " + app.modules).isEmpty();
  }

  @Test
  void theReaderCheckIsNotVacuous() {
    assertThat(app.readerOf("EXPORTCERT_S3_ACCESS_KEY")).hasValueSatisfying(r -> assertThat(r).contains("exportcert.s3.access-key"));
    assertThat(app.readerOf("PORT")).hasValueSatisfying(r -> assertThat(r).contains("placeholder"));
    assertThat(app.readerOf("CAMUNDA_CLIENT_AUTH_TOKEN_URL")).hasValueSatisfying(r -> assertThat(r).contains("camunda.client.auth.token-url"));
    assertThat(app.readerOf("CAMUNDA_CLIENT_AUTH_TOKENURL")).as("Camunda's documented spelling binds too").isPresent();
    assertThat(app.readerOf("EXPORTCERT_S3_ACCES_KEY")).as("a typo").isEmpty();
    assertThatThrownBy(() -> app.readerOf("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
        .as("a library property nobody said how the application binds is refused, not guessed")
        .hasMessageContaining("AppConfiguration.BINDERS");
  }

  @Test
  void everyVariableOfTheReadmeTableIsHere() {
    Set<String> readme = readmeVariables();
    assertThat(readme).hasSizeGreaterThan(15);
    Set<String> missing = new TreeSet<>();
    for (String variable : readme) {
      boolean covered =
          variable.endsWith("*")
              ? documented().stream().anyMatch(d -> d.startsWith(variable.substring(0, variable.length() - 1)))
              : documented().contains(variable);
      if (!covered) {
        missing.add(variable);
      }
    }
    assertThat(missing).as("README variables missing from " + OPERATIONS).isEmpty();
  }

  @Test
  void everyVariableTheDeploymentsSetIsDocumented() {
    Map<String, String> given = new LinkedHashMap<>();
    JsonNode services = Repo.yaml(ComposeFileTest.COMPOSE).path("services");
    for (String service : List.of("exportcert-api", "exportcert-workers")) {
      services.path(service).path("environment").fieldNames().forEachRemaining(n -> given.put(n, "compose " + service));
    }
    KubernetesManifestsTest k8s = new KubernetesManifestsTest();
    for (Deployment d : k8s.all(Deployment.class)) {
      for (EnvVar e : KubernetesManifestsTest.container(d).getEnv()) {
        given.put(e.getName(), "Deployment " + d.getMetadata().getName());
      }
    }
    for (ConfigMap c : k8s.all(ConfigMap.class)) {
      c.getData().keySet().forEach(k -> given.put(k, "ConfigMap " + c.getMetadata().getName()));
    }
    Set<String> undocumented = new TreeSet<>();
    given.forEach((name, where) -> {
      if (!JVM_VARIABLES.contains(name) && !documented().contains(name)) {
        undocumented.add(name + " (" + where + ")");
      }
    });
    assertThat(undocumented).as("set for ExportCert but missing from " + OPERATIONS).isEmpty();
  }

  @Test
  void theRunbookCoversWhatOperatorsDo() {
    String doc = Repo.read(OPERATIONS);
    assertThat(doc)
        .contains(
            "## Environment variables", "## Starting with Docker Compose", "## Starting on Kubernetes",
            "## Finding a case in Operate", "## Reading an incident", "## Retrying", "## Cancelling",
            "## Scaling workers", "## Backups", "### PostgreSQL", "### Evidence bucket",
            "## Upgrading a model version", "## Conformance profile: `-Pcamunda-it`")
        .contains("pg_dump", "versioning", "object lock", "/resolution", "/cancellation");
  }

  // --- parsing -----------------------------------------------------------------------------------

  Set<String> documented() {
    Set<String> names = new TreeSet<>();
    table.forEach(r -> names.addAll(r.variables()));
    return names;
  }

  /** Rows of the first Markdown table whose header starts with the given text. */
  static List<Row> table(String markdown, String header) {
    List<Row> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : markdown.split("\n")) {
      if (!inTable) {
        inTable = line.startsWith(header);
        continue;
      }
      if (!line.startsWith("|")) {
        break;
      }
      if (line.startsWith("|---")) {
        continue;
      }
      String firstCell = line.substring(1, line.indexOf('|', 1));
      rows.add(new Row(names(firstCell), line));
    }
    return rows;
  }

  /**
   * Backticked variable names in a cell. {@code CAMUNDA_CLIENT_MODE=saas} names
   * CAMUNDA_CLIENT_MODE; {@code ..._S3_PORT} after {@code EXPORTCERT_LOCAL_STACK_POSTGRES_PORT}
   * names EXPORTCERT_LOCAL_STACK_S3_PORT; {@code CAMUNDA_CLIENT_AUTH_*} stays a wildcard.
   */
  static List<String> names(String cell) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
    String previous = null;
    while (m.find()) {
      String name = m.group(1).split("=")[0].strip();
      if (name.startsWith("...")) {
        String tail = name.substring(3);
        if (previous == null) {
          continue;
        }
        int segments = tail.split("_", -1).length - 1;
        String[] parts = previous.split("_");
        name = String.join("_", Arrays.copyOf(parts, parts.length - segments)) + tail;
      }
      if (name.matches("[A-Z][A-Z0-9_]*\\*?")) {
        names.add(name);
        previous = name;
      }
    }
    return names;
  }

  static Set<String> readmeVariables() {
    String readme = Repo.read("README.md");
    int section = readme.indexOf("## Pointing at real infrastructure");
    assertThat(section).as("README section 'Pointing at real infrastructure'").isNotNegative();
    Set<String> names = new TreeSet<>();
    table(readme.substring(section), "| variable |").forEach(r -> names.addAll(r.variables()));
    return names;
  }
}
