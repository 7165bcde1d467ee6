package org.exportcert.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose/docker-compose.yaml, checked without Docker: the structural schema of
 * {@link ComposeSchema}, then what ExportCert needs of it.
 */
class ComposeFileTest {

  static final String COMPOSE = "deploy/compose/docker-compose.yaml";
  static final String ENV_EXAMPLE = "deploy/compose/.env.example";

  final JsonNode compose = Repo.yaml(COMPOSE);
  final JsonNode services = compose.path("services");
  final Map<String, String> envExample = Repo.envFile(ENV_EXAMPLE);

  @Test
  void composeFilePassesTheSchema() {
    assertThat(ComposeSchema.violations(compose, envExample.keySet(), Repo.path("deploy/compose")))
        .as("violations of the compose schema in " + COMPOSE)
        .isEmpty();
  }

  @Test
  void theSchemaRejectsWhatItShould() throws Exception {
    JsonNode broken =
        Repo.YAML.readTree(
            """
            version: "3.9"
            services:
              app:
                image: example/app:${APP_TAG}
                restart: "no"
                depends_on:
                  db:
                    condition: service_started
                  queue:
                    condition: service_healthy
                volumes:
                  - appdata:/data
                healtcheck:
                  test: ["CMD", "true"]
              db:
                restart: always
                healthcheck:
                  test: ["NONE"]
                  interval: often
              cache:
                image: example/cache
                restart: always
                healthcheck:
                  test: ["CMD-SHELL", "exec 3<>/dev/tcp/127.0.0.1/6379"]
                  interval: 10s
                  timeout: 5s
                  retries: 3
            volumes:
              unused:
            """);
    assertThat(ComposeSchema.violations(broken, Set.of("OTHER"), null))
        .contains(
            "'version' is obsolete in the Compose specification",
            "unknown top-level key 'version'",
            "service app: unknown key 'healtcheck'",
            "service app: no healthcheck",
            "service app: restart must be one of [always, unless-stopped, on-failure], is 'no'",
            "service app: depends on 'db' with condition 'service_started', not service_healthy",
            "service app: depends on unknown service 'queue'",
            "service app: named volume 'appdata' is not declared under top-level volumes",
            "service cache: healthcheck uses /dev/tcp under /bin/sh; use [\"CMD\", \"bash\", \"-c\", \"...\"]",
            "service db: neither image nor build",
            "service db: healthcheck test must be [\"CMD\", ...] or [\"CMD-SHELL\", \"...\"]",
            "service db: healthcheck interval must be a duration like 10s",
            "volume 'unused' is declared but no service uses it",
            "${APP_TAG} is used but not declared in .env.example",
            "OTHER is declared in .env.example but not used");
  }

  @Test
  void theEnvironmentHasEveryPart() {
    assertThat(ComposeSchema.names(services))
        .contains("camunda", "elasticsearch", "postgres", "minio", "keycloak", "exportcert-api", "exportcert-workers");
    assertThat(services.path("camunda").path("image").asText()).isEqualTo("camunda/camunda:${CAMUNDA_VERSION}");
    JsonNode camundaEnv = services.path("camunda").path("environment");
    assertThat(camundaEnv.path("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE").asText()).isEqualTo("elasticsearch");
    assertThat(camundaEnv.path("CAMUNDA_DATA_SECONDARYSTORAGE_ELASTICSEARCH_URL").asText())
        .isEqualTo("http://elasticsearch:9200");
    assertThat(camundaEnv.path("SPRING_PROFILES_ACTIVE").asText().split(","))
        .contains("broker", "operate", "tasklist");
  }

  @Test
  void apiAndWorkersRunTheSameImageAndDifferOnlyInTheirRole() {
    JsonNode api = services.path("exportcert-api");
    JsonNode workers = services.path("exportcert-workers");
    assertThat(api.path("image").asText()).isNotBlank().isEqualTo(workers.path("image").asText());
    assertThat(api.path("build")).isEqualTo(workers.path("build"));

    Map<String, String> apiEnv = environment(api);
    Map<String, String> workersEnv = environment(workers);
    assertThat(apiEnv).containsEntry("EXPORTCERT_WORKERS_ENABLED", "false");
    assertThat(workersEnv).containsEntry("EXPORTCERT_WORKERS_ENABLED", "true");
    assertThat(apiEnv).containsEntry("EXPORTCERT_LOCAL_STACK_ENABLED", "false");
    assertThat(workersEnv).containsEntry("EXPORTCERT_LOCAL_STACK_ENABLED", "false");

    // Besides the role, only the Camunda service account may differ (one client per deployment).
    Set<String> differing = new TreeSet<>();
    for (String name : union(apiEnv.keySet(), workersEnv.keySet())) {
      if (!String.valueOf(apiEnv.get(name)).equals(String.valueOf(workersEnv.get(name)))) {
        differing.add(name);
      }
    }
    assertThat(differing)
        .contains("EXPORTCERT_WORKERS_ENABLED")
        .isSubsetOf("EXPORTCERT_WORKERS_ENABLED", "CAMUNDA_CLIENT_AUTH_CLIENT_ID", "CAMUNDA_CLIENT_AUTH_CLIENT_SECRET");

    // Workers scale with deploy.replicas / --scale, so they publish no host port.
    assertThat(workers.has("ports")).as("workers publish no host port").isFalse();
    assertThat(workers.path("deploy").path("replicas").asText()).isNotBlank();
    assertThat(api.path("ports").toString()).contains(":8080");
  }

  @Test
  void exportCertHealthChecksAskForReadinessOnPort8080() {
    for (String name : List.of("exportcert-api", "exportcert-workers")) {
      assertThat(services.path(name).path("healthcheck").path("test").toString())
          .as(name + " health check")
          .contains("http://localhost:8080/actuator/health/readiness");
    }
  }

  @Test
  void exportCertReachesEveryServiceByItsComposeName() {
    Pattern url = Pattern.compile("^[a-z]+(?::[a-z]+)*://([a-z0-9.-]+)(?::\\d+)?");
    for (String name : List.of("exportcert-api", "exportcert-workers", "camunda")) {
      environment(services.path(name))
          .forEach(
              (variable, value) -> {
                Matcher m = url.matcher(value);
                if (m.find() && !"localhost".equals(m.group(1))) {
                  assertThat(services.has(m.group(1)))
                      .as(name + ": " + variable + " points at " + m.group(1) + ", which is no compose service")
                      .isTrue();
                }
              });
    }
    // Browser-facing addresses use localhost and the host port from .env.
    assertThat(environment(services.path("exportcert-api")))
        .containsEntry(
            "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", "http://localhost:${KEYCLOAK_PORT}/realms/exportcert");
    assertThat(environment(services.path("keycloak"))).containsEntry("KC_HOSTNAME", "http://localhost:${KEYCLOAK_PORT}");
  }

  @Test
  void envExampleHoldsPlaceholdersNeverSecrets() {
    Pattern secretName = Pattern.compile("PASSWORD|SECRET|_KEY$|ROOT_USER$");
    envExample.forEach(
        (name, value) -> {
          if (secretName.matcher(name).find()) {
            assertThat(value).as(name + " in .env.example must be a change-me placeholder").startsWith("change-me");
          }
        });
    assertThat(Repo.read(".gitignore").lines()).as(".env is never committed").contains(".env");
  }

  @Test
  void camundaImageMatchesTheClientVersion() {
    assertThat(envExample.get("CAMUNDA_VERSION"))
        .as("CAMUNDA_VERSION in .env.example = camunda.version in the parent pom")
        .isEqualTo(Repo.parentPomProperty("camunda.version"));
  }

  static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new TreeMap<>();
    service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
