package org.exportcert.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * deploy/keycloak/exportcert-realm.json: ExportCert's roles and clients, example users without real
 * passwords, and agreement with what the compose file and the Kubernetes manifests expect of it.
 */
class KeycloakRealmTest {

  static final String REALM = "deploy/keycloak/exportcert-realm.json";
  static final List<String> ROLES =
      List.of(
          "applicant", "cb-reviewer", "evaluator", "test-lab", "reviewer", "decision-committee",
          "registry-admin", "appeals", "program-manager", "operator");
  static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

  final JsonNode realm = Repo.json(REALM);
  final JsonNode compose = Repo.yaml(ComposeFileTest.COMPOSE).path("services");
  final Map<String, String> envExample = Repo.envFile(ComposeFileTest.ENV_EXAMPLE);

  @Test
  void bindsToKeycloaksRealmRepresentationWithoutUnknownKeys() {
    assertThat(unknownKeys(realm)).as("keys Keycloak's RealmRepresentation does not know").isEmpty();

    ObjectNode misspelt = realm.deepCopy();
    ((ObjectNode) misspelt.path("clients").get(0)).put("redirectUri", "http://localhost/*");
    ((ObjectNode) misspelt.path("users").get(0)).put("realmRole", "applicant");
    assertThat(unknownKeys(misspelt)).contains("/clients/0/redirectUri", "/users/0/realmRole");
  }

  @Test
  void keycloakVersionsAgree() {
    assertThat(envExample.get("KEYCLOAK_VERSION"))
        .as("KEYCLOAK_VERSION in .env.example = keycloak.version in the parent pom (the representation checked here)")
        .isEqualTo(Repo.parentPomProperty("keycloak.version"));
  }

  @Test
  void hasExactlyExportCertsRoles() {
    assertThat(realm.path("realm").asText()).isEqualTo("exportcert");
    List<String> roles = new ArrayList<>();
    realm.path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
    assertThat(roles).containsExactlyInAnyOrderElementsOf(ROLES);
  }

  @Test
  void theApiIsAConfidentialResourceServer() {
    JsonNode api = client("exportcert-api");
    assertThat(api.path("publicClient").asBoolean(true)).isFalse();
    assertThat(api.path("secret").asText()).matches(PLACEHOLDER.pattern());
    assertThat(api.path("standardFlowEnabled").asBoolean(true)).as("no user login through the API client").isFalse();
    assertThat(api.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(api.path("implicitFlowEnabled").asBoolean(true)).isFalse();
  }

  @Test
  void theConsoleIsAPublicClientWithPkceAndTokensForTheApi() {
    JsonNode console = client("exportcert-console");
    assertThat(console.path("publicClient").asBoolean()).isTrue();
    assertThat(console.path("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(console.path("implicitFlowEnabled").asBoolean(true)).isFalse();
    assertThat(console.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(console.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
    List<String> redirects = texts(console.path("redirectUris"));
    assertThat(redirects).isNotEmpty().doesNotContain("*", "/*");

    assertThat(mappers(console, "oidc-audience-mapper"))
        .as("console tokens are issued for the API")
        .anySatisfy(m -> assertThat(m.path("config").path("included.client.audience").asText())
            .isEqualTo(ComposeFileTest.environment(compose.path("exportcert-api")).get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES")));
    assertThat(mappers(console, "oidc-usermodel-realm-role-mapper"))
        .as("a roles claim mapper")
        .anySatisfy(m -> {
          assertThat(m.path("config").path("claim.name").asText()).isNotBlank();
          assertThat(m.path("config").path("multivalued").asText()).isEqualTo("true");
          assertThat(m.path("config").path("access.token.claim").asText()).isEqualTo("true");
        });
  }

  @Test
  void theWorkersHaveAServiceAccountForCamundaAndNothingElse() {
    JsonNode workers = client("exportcert-workers");
    assertThat(workers.path("publicClient").asBoolean(true)).isFalse();
    assertThat(workers.path("serviceAccountsEnabled").asBoolean()).isTrue();
    assertThat(workers.path("standardFlowEnabled").asBoolean(true)).isFalse();
    assertThat(workers.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
    assertThat(workers.path("secret").asText()).matches(PLACEHOLDER.pattern());
  }

  @Test
  void everyServiceAccountHasItsUser() {
    for (JsonNode client : realm.path("clients")) {
      if (client.path("serviceAccountsEnabled").asBoolean()) {
        String id = client.path("clientId").asText();
        assertThat(realm.path("users"))
            .as("service account user of " + id)
            .anySatisfy(u -> assertThat(u.path("serviceAccountClientId").asText()).isEqualTo(id));
      }
    }
  }

  @Test
  void oneExampleUserPerRoleWithATemporaryPlaceholderPassword() {
    Set<String> covered = new TreeSet<>();
    for (JsonNode user : realm.path("users")) {
      if (user.has("serviceAccountClientId")) {
        assertThat(user.has("credentials")).as("service accounts have no password").isFalse();
        continue;
      }
      String name = user.path("username").asText();
      List<String> roles = texts(user.path("realmRoles"));
      assertThat(roles).as(name + " roles").hasSize(1);
      assertThat(covered.add(roles.get(0))).as("one example user per role: " + roles.get(0)).isTrue();
      assertThat(user.path("credentials")).as(name + " credentials").hasSize(1);
      JsonNode credential = user.path("credentials").get(0);
      assertThat(credential.path("temporary").asBoolean()).as(name + ": temporary password").isTrue();
      assertThat(credential.path("value").asText()).as(name + ": placeholder, no real password").matches(PLACEHOLDER.pattern());
      assertThat(texts(user.path("requiredActions"))).as(name + " must change it").contains("UPDATE_PASSWORD");
    }
    assertThat(covered).containsExactlyInAnyOrderElementsOf(ROLES);
  }

  @Test
  void everyPlaceholderIsSuppliedByComposeFromDotEnv() {
    Map<String, String> keycloakEnv = ComposeFileTest.environment(compose.path("keycloak"));
    Matcher m = PLACEHOLDER.matcher(Repo.read(REALM));
    Set<String> placeholders = new TreeSet<>();
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(placeholders).isNotEmpty();
    for (String name : placeholders) {
      assertThat(keycloakEnv).as("keycloak container env").containsEntry(name, "${" + name + "}");
      assertThat(envExample).as(".env.example").containsKey(name);
    }
  }

  @Test
  void camundaAndExportCertAgreeWithTheRealm() {
    Map<String, String> camunda = ComposeFileTest.environment(compose.path("camunda"));
    String camundaClient = camunda.get("CAMUNDA_SECURITY_AUTHENTICATION_OIDC_CLIENTID");
    JsonNode orchestration = client(camundaClient);
    assertThat(orchestration.path("publicClient").asBoolean(true)).isFalse();
    assertThat(orchestration.path("standardFlowEnabled").asBoolean()).isTrue();
    String redirect = resolve(camunda.get("CAMUNDA_SECURITY_AUTHENTICATION_OIDC_REDIRECTURI"));
    assertThat(texts(orchestration.path("redirectUris")))
        .as("Camunda's redirect URI " + redirect + " is allowed")
        .anySatisfy(allowed -> assertThat(redirect).startsWith(allowed.replace("*", "")));

    String audience = camunda.get("CAMUNDA_SECURITY_AUTHENTICATION_OIDC_AUDIENCES");
    for (String service : List.of("exportcert-api", "exportcert-workers")) {
      Map<String, String> env = ComposeFileTest.environment(compose.path(service));
      JsonNode client = client(env.get("CAMUNDA_CLIENT_AUTH_CLIENT_ID"));
      assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(service + " client has a service account").isTrue();
      assertThat(env.get("CAMUNDA_CLIENT_AUTH_CLIENT_SECRET")).isEqualTo(client.path("secret").asText());
      assertThat(env.get("CAMUNDA_CLIENT_AUTH_AUDIENCE")).isEqualTo(audience);
      assertThat(mappers(client, "oidc-audience-mapper"))
          .as(service + ": its tokens carry Camunda's audience " + audience)
          .anySatisfy(mp -> assertThat(mp.path("config").path("included.client.audience").asText()).isEqualTo(audience));
      String clientIdClaim = camunda.get("CAMUNDA_SECURITY_AUTHENTICATION_OIDC_CLIENTIDCLAIM");
      assertThat(client.path("protocolMappers"))
          .as(service + ": its tokens carry the claim Camunda identifies clients by (" + clientIdClaim + ")")
          .anySatisfy(mp -> assertThat(mp.path("config").path("claim.name").asText()).isEqualTo(clientIdClaim));
    }

    Set<String> users = new TreeSet<>();
    realm.path("users").forEach(u -> users.add(u.path("username").asText()));
    Set<String> serviceAccounts = new TreeSet<>();
    realm.path("clients").forEach(c -> {
      if (c.path("serviceAccountsEnabled").asBoolean()) {
        serviceAccounts.add(c.path("clientId").asText());
      }
    });
    camunda.forEach((name, value) -> {
      if (name.startsWith("CAMUNDA_SECURITY_INITIALIZATION_DEFAULTROLES_ADMIN_USERS_")) {
        assertThat(users).as(name).contains(value);
      }
      if (name.startsWith("CAMUNDA_SECURITY_INITIALIZATION_DEFAULTROLES_ADMIN_CLIENTS_")) {
        assertThat(serviceAccounts).as(name).contains(value);
      }
    });
  }

  @Test
  void kubernetesUsesTheRealmsServiceAccounts() {
    KubernetesManifestsTest k8s = new KubernetesManifestsTest();
    for (String deployment : List.of("exportcert-api", "exportcert-workers")) {
      String clientId =
          KubernetesManifestsTest.env(KubernetesManifestsTest.container(k8s.one(Deployment.class, deployment)))
              .get("CAMUNDA_CLIENT_AUTH_CLIENT_ID");
      assertThat(client(clientId).path("serviceAccountsEnabled").asBoolean()).as(deployment).isTrue();
    }
  }

  @Test
  void everyRoleOfTheApplicationIsARealmRole() {
    var roleEnum = Repo.path("api/src/main/java/org/exportcert/api/security/Role.java");
    assumeTrue(Files.isRegularFile(roleEnum), "the API's Role enum is not on this branch yet (issue 7)");
    Matcher constants = Pattern.compile("^\\s{2}([A-Z][A-Z_]+)\\(", Pattern.MULTILINE).matcher(Repo.read(roleEnum));
    List<String> appRoles = new ArrayList<>();
    while (constants.find()) {
      appRoles.add(constants.group(1).toLowerCase().replace('_', '-'));
    }
    assertThat(appRoles).isNotEmpty();
    assertThat(ROLES).containsAll(appRoles);
  }

  // --- helpers -----------------------------------------------------------------------------------

  /**
   * Binds the realm to Keycloak's own RealmRepresentation and writes it back: a key that does not
   * survive the round trip is one Keycloak would ignore (or refuse) at import.
   */
  static List<String> unknownKeys(JsonNode realm) {
    ObjectMapper mapper = Repo.JSON.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    JsonNode roundTrip;
    try {
      roundTrip = mapper.valueToTree(mapper.treeToValue(realm, RealmRepresentation.class));
    } catch (Exception e) {
      return List.of("does not bind: " + e.getMessage());
    }
    List<String> lost = new ArrayList<>();
    lostKeys("", realm, roundTrip, lost);
    return lost;
  }

  private static void lostKeys(String path, JsonNode original, JsonNode kept, List<String> out) {
    if (original.isObject()) {
      original.fields().forEachRemaining(e -> {
        String at = path + "/" + e.getKey();
        if (!kept.has(e.getKey())) {
          out.add(at);
        } else {
          lostKeys(at, e.getValue(), kept.get(e.getKey()), out);
        }
      });
    } else if (original.isArray()) {
      for (int i = 0; i < original.size(); i++) {
        lostKeys(path + "/" + i, original.get(i), kept.path(i), out);
      }
    }
  }

  JsonNode client(String clientId) {
    for (JsonNode client : realm.path("clients")) {
      if (clientId.equals(client.path("clientId").asText())) {
        return client;
      }
    }
    throw new AssertionError("the realm has no client " + clientId);
  }

  static List<JsonNode> mappers(JsonNode client, String type) {
    List<JsonNode> found = new ArrayList<>();
    client.path("protocolMappers").forEach(m -> {
      if (type.equals(m.path("protocolMapper").asText())) {
        found.add(m);
      }
    });
    return found;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** ${VAR} from .env.example, as docker compose would substitute it. */
  String resolve(String value) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(envExample.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
