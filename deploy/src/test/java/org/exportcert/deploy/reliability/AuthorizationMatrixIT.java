package org.exportcert.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.impl.basicauth.BasicAuthCredentialsProviderBuilder;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every signed-in user, an anonymous caller and a caller with a wrong password against every
 * endpoint of the packaged application, and the engine's REST and gRPC ports without and with
 * wrong credentials: nobody gets past the role table, and nobody reaches the process data around
 * ExportCert. A declared conflict of interest refuses a claim (impartiality).
 */
class AuthorizationMatrixIT {

  @TempDir Path work;

  /** Which roles may call a path: the security filter chain's table, as docs/api.md states it. */
  static Set<String> allowedRoles(String path) {
    if (path.startsWith("/api/applications") || path.startsWith("/api/cases/")) {
      return Set.of("APPLICANT");
    }
    if (path.startsWith("/api/tasks")) {
      return Set.of("CB_REVIEWER", "EVALUATOR", "TEST_LAB", "REVIEWER", "DECISION_COMMITTEE", "REGISTRY_ADMIN",
          "APPEALS", "OPERATOR");
    }
    if (path.startsWith("/api/operations/")) {
      return Set.of("OPERATOR");
    }
    if (path.startsWith("/api/models")) {
      return Set.of("PROGRAM_MANAGER");
    }
    if (path.equals("/api/console/element-names")) {
      // the models' element labels, which every signed-in page shows (task lists, the applicant's
      // steps): no case data, for any signed-in user (AuthorizationMatrixTest, docs/process-guide.md)
      return null;
    }
    if (path.startsWith("/api/console/process-definitions/")) {
      return Set.of("OPERATOR", "PROGRAM_MANAGER");
    }
    if (path.startsWith("/api/console/")) {
      return Set.of("OPERATOR");
    }
    return null; // any signed-in user (or public, see below)
  }

  static boolean isPublic(String path) {
    return path.startsWith("/api/public/") || path.startsWith("/api/partner/");
  }

  @Test
  void nobodyGetsPastTheRoleTableOrAroundExportCertThroughTheEnginePorts() throws Exception {
    try (PackagedApp app = new PackagedApp(work.resolve("data"), Map.of())) {
      app.start();
      Api api = new Api(app, Duration.ofSeconds(60));
      String caseId = new Workload(api, "authz").applyAndReturnCase();
      List<String> bypasses = new ArrayList<>();
      // first, while the case is fresh: nothing the matrix below sends may change it
      int impartiality = impartialityChecks(api, caseId, bypasses);

      Map<String, Set<String>> roles = new java.util.HashMap<>();
      for (String user : PackagedApp.USERS) {
        Api.Answer me = api.get(user, "/api/me");
        assertThat(me.status()).as(user + " signs in").isEqualTo(200);
        Set<String> r = new HashSet<>();
        me.json().path("roles").forEach(n -> r.add(n.asText().replace("ROLE_", "")));
        roles.put(user, r);
      }

      List<Endpoints.Endpoint> endpoints = Endpoints.of(api);
      int checks = 0;
      for (Endpoints.Endpoint e : endpoints) {
        String path = e.path(Map.of("caseId", caseId), "1");
        Set<String> allowed = allowedRoles(e.template());
        for (String user : PackagedApp.USERS) {
          boolean may = allowed == null || roles.get(user).stream().anyMatch(allowed::contains);
          Api.Answer a = api.send(request(api, user, null, e, path));
          checks++;
          if (!may && !isPublic(e.template()) && a.status() != 403) {
            bypasses.add(user + " " + e.method() + " " + path + " -> " + a);
          }
          // the partner webhook is open to every caller and checks a partner's signature, not a
          // login: its 401 "bad-signature" to a signed-in user is no refusal of that user
          if (may && ((a.status() == 401 && !isPublic(e.template())) || a.status() >= 500)) {
            bypasses.add("refused or failed for a permitted user: " + user + " " + e + " -> " + a);
          }
        }
        if (!isPublic(e.template()) && !e.template().startsWith("/actuator") && !e.template().startsWith("/v3")) {
          Api.Answer anonymous = api.send(request(api, null, null, e, path));
          Api.Answer wrong = api.send(request(api, "applicant", "wrong-password", e, path));
          checks += 2;
          if (anonymous.status() != 401) {
            bypasses.add("anonymous " + e + " -> " + anonymous);
          }
          if (wrong.status() != 401) {
            bypasses.add("wrong password " + e + " -> " + wrong);
          }
        }
      }
      // another organisation's case is not found, so case ids cannot be probed
      Api.Answer foreign = api.get("applicant2", "/api/cases/mine/" + caseId);
      checks++;
      if (foreign.status() != 404) {
        bypasses.add("applicant2 reads applicant's case -> " + foreign);
      }

      int engineChecks = engineChecks(app, bypasses);
      Figures.record("authorization matrix", endpoints.size() + " endpoints x " + PackagedApp.USERS.size()
          + " users + anonymous + wrong password: " + checks + " checks through the API, " + engineChecks
          + " on the engine's REST and gRPC ports, " + impartiality + " impartiality checks; "
          + bypasses.size() + " bypasses");
      assertThat(bypasses).isEmpty();
    }
  }

  private static HttpRequest request(Api api, String user, String password, Endpoints.Endpoint e, String path) {
    HttpRequest.Builder b = api.request(null, path);
    if (user != null) {
      b.header("Authorization", Api.basic(user, password != null ? password : PackagedApp.password(user)));
    }
    String body = e.json() ? "{}" : "";
    String type = e.multipart() ? "multipart/form-data; boundary=x" : "application/json";
    return b.header("Content-Type", type).method(e.method(),
        e.method().equals("GET") || e.method().equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** The engine's ports: nothing without valid credentials; the valid ones work. */
  private static int engineChecks(PackagedApp app, List<String> bypasses) throws Exception {
    Api engine = new Api(app, Duration.ofSeconds(30));
    Properties credentials = app.engineCredentials();
    String rest = "http://127.0.0.1:" + app.enginePort;
    int checks = 0;
    List<String> paths = List.of("/v2/user-tasks/search", "/v2/process-instances/search",
        "/v2/variables/search", "/v2/process-definitions/search", "/v2/jobs/activation");
    for (String p : paths) {
      for (String auth : new String[] {null, Api.basic(credentials.getProperty("username"), "wrong"),
          Api.basic("demo", "demo")}) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rest + p)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
        if (auth != null) {
          b.header("Authorization", auth);
        }
        Api.Answer a = engine.send(b.POST(HttpRequest.BodyPublishers.ofString(
            p.endsWith("activation") ? "{\"type\":\"x\",\"maxJobsToActivate\":1,\"timeout\":1000}" : "{}")).build());
        checks++;
        if (a.status() != 401) {
          bypasses.add("engine REST " + p + " with " + (auth == null ? "no" : "wrong") + " credentials -> " + a);
        }
      }
    }
    Api.Answer valid = engine.send(HttpRequest.newBuilder(URI.create(rest + "/v2/process-definitions/search"))
        .header("Content-Type", "application/json")
        .header("Authorization", Api.basic(credentials.getProperty("username"), credentials.getProperty("password")))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    checks++;
    if (valid.status() != 200) {
      bypasses.add("engine REST refuses its own credentials -> " + valid);
    }
    for (String password : new String[] {null, "wrong"}) {
      var builder = CamundaClient.newClientBuilder()
          .grpcAddress(URI.create("http://127.0.0.1:" + app.engineGrpcPort))
          .restAddress(URI.create(rest)).preferRestOverGrpc(false);
      if (password != null) {
        builder.credentialsProvider(new BasicAuthCredentialsProviderBuilder()
            .username(credentials.getProperty("username")).password(password).build());
      }
      try (CamundaClient client = builder.build()) {
        checks++;
        try {
          client.newActivateJobsCommand().jobType("certification-any").maxJobsToActivate(1)
              .requestTimeout(Duration.ofSeconds(5)).send().join();
          bypasses.add("engine gRPC activated jobs with " + (password == null ? "no" : "wrong") + " credentials");
        } catch (ClientStatusException e) {
          if (e.getStatusCode() != Status.Code.UNAUTHENTICATED) {
            bypasses.add("engine gRPC without valid credentials -> " + e.getStatusCode());
          }
        }
      }
    }
    return checks;
  }

  /** A declared conflict of interest refuses the claim with 403 impartiality, and assigns nobody. */
  private static int impartialityChecks(Api api, String caseId, List<String> bypasses) {
    long key = await("the application's review task").atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofMillis(500)).until(() -> taskKey(api, caseId), k -> k > 0);
    Api.Answer conflicted = api.postJson("cbreviewer", "/api/tasks/" + key + "/claim",
        "{\"declaration\":\"I advised this applicant last year\",\"conflict\":true}");
    if (conflicted.status() != 403
        || !"urn:exportcert:problem:impartiality".equals(conflicted.json().path("type").asText())) {
      bypasses.add("a declared conflict of interest was not refused: " + conflicted);
    }
    Api.Answer task = api.get("cbreviewer", "/api/tasks/" + key);
    if (!task.json().path("task").path("assignee").isMissingNode()
        && !task.json().path("task").path("assignee").isNull()) {
      bypasses.add("the refused claim assigned the task: " + task);
    }
    return 2;
  }

  private static long taskKey(Api api, String caseId) {
    Api.Answer tasks = api.get("cbreviewer", "/api/tasks?scope=groups");
    for (var item : tasks.json()) {
      if (caseId.equals(item.path("caseId").asText())
          && "Task_ReviewApplication".equals(item.path("task").path("elementId").asText())) {
        return item.path("task").path("key").asLong();
      }
    }
    return -1;
  }
}
