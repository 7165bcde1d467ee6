package org.exportcert.api.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.testing.KnownUserPasswords;
import org.exportcert.api.testing.TcpFaultProxy;
import org.exportcert.api.testing.TcpFaultProxy.Mode;
import org.exportcert.localstack.LocalObjectStore;
import org.exportcert.localstack.LocalPostgres;
import org.exportcert.localstack.PostgresCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running application with its database and object store behind proxies that crash or hang
 * them on demand: an outage is answered 503 {@code upstream-unavailable} with Retry-After, health
 * answers DOWN within its time box, and everything works again once the dependency is back.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/DependencyOutagesOverHttpTest/app",
      // free ports: another checkout running this test at the same time has its own
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.workers.enabled=false",
      "exportcert.s3.bucket=outage-evidence",
      "camunda.client.request-timeout=PT2M",
      // short, so that the hang tests below see the bound quickly (defaults: 15 s and 20 s)
      "spring.datasource.hikari.data-source-properties.socketTimeout=3",
      "exportcert.s3.read-timeout=3s"
    })
@KnownUserPasswords
class DependencyOutagesOverHttpTest {

  static final LocalPostgres postgres;
  static final LocalObjectStore s3;
  static final TcpFaultProxy database;
  static final TcpFaultProxy store;

  static {
    Path dir = TestDataDirectories.fresh("DependencyOutagesOverHttpTest");
    postgres = LocalPostgres.start(dir.resolve("postgres"), 0);
    s3 = LocalObjectStore.start(dir.resolve("s3"), 0, "outage-key", "outage-secret-key");
    try {
      database = new TcpFaultProxy(postgres.port());
      store = new TcpFaultProxy(s3.port());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      s3.close();
      postgres.close();
    }));
  }

  @DynamicPropertySource
  static void dependencies(DynamicPropertyRegistry r) {
    r.add("spring.datasource.url",
        () -> "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + LocalPostgres.DATABASE);
    // as the local stack wires it: the application role through the proxy, migrations as the owner
    r.add("spring.datasource.username", () -> PostgresCredentials.APPLICATION);
    r.add("spring.datasource.password", () -> postgres.credentials().applicationPassword());
    r.add("spring.flyway.url", postgres::url);
    r.add("spring.flyway.user", () -> PostgresCredentials.OWNER);
    r.add("spring.flyway.password", () -> postgres.credentials().ownerPassword());
    r.add("exportcert.s3.endpoint", () -> "http://127.0.0.1:" + store.port());
    r.add("exportcert.s3.access-key", () -> "outage-key");
    r.add("exportcert.s3.secret-key", () -> "outage-secret-key");
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void back() {
    database.mode(Mode.PASS);
    store.mode(Mode.PASS);
  }

  HttpRequest.Builder as(String user, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)));
  }

  HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  void assertOutage(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json.readTree(r.body()).path("type").asText())
        .isEqualTo("urn:exportcert:problem:upstream-unavailable");
  }

  String openCase() throws Exception {
    String form = """
        {"legalName":"Example AI Ltd","registrationNumber":"HRB-O-%d","contactEmail":"c@example.com",
         "productName":"Copilot","versions":[{"label":"1.0"}],"category":"AI_SAAS","schemeType":"TYPE_6",
         "schemeVersion":"2026.1","targetMarkets":["SG"],"notLodgedElsewhere":true}
        """.formatted(System.nanoTime());
    var created = send(as("applicant", "/api/applications").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).path("caseId").asText();
  }

  HttpResponse<String> upload(String caseId, String text) throws Exception {
    return send(as("applicant", "/api/cases/" + caseId + "/documents/spec.pdf?kind=ARCHITECTURE")
        .header("Content-Type", "application/pdf")
        .PUT(HttpRequest.BodyPublishers.ofString("%PDF-1.4\n" + text + "\n%%EOF\n")));
  }

  @Test
  void aCrashedObjectStoreIs503AndUploadsWorkOnceItIsBack() throws Exception {
    String caseId = openCase();
    store.mode(Mode.REFUSE);
    assertOutage(upload(caseId, "during the outage"));
    store.mode(Mode.PASS);
    assertThat(upload(caseId, "after the outage").statusCode()).isEqualTo(201);
  }

  @Test
  void aCrashedDatabaseIs503AndRequestsWorkOnceItIsBack() throws Exception {
    assertThat(answerOnceRecovered(() -> send(as("applicant", "/api/cases/mine").GET()))).isEqualTo(200);
    database.mode(Mode.REFUSE);
    assertOutage(send(as("applicant", "/api/cases/mine").GET()));
    database.mode(Mode.PASS);
    assertThat(answerOnceRecovered(() -> send(as("applicant", "/api/cases/mine").GET()))).isEqualTo(200);
  }

  interface Call {
    HttpResponse<String> send() throws Exception;
  }

  /**
   * The status a client that honours 503's Retry-After ends with: the pool may still hand out a
   * connection the crash broke, which it then replaces. Bounded to a few seconds.
   */
  static int answerOnceRecovered(Call call) throws Exception {
    HttpResponse<String> r = call.send();
    for (int attempt = 0; attempt < 40 && r.statusCode() == 503; attempt++) {
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      Thread.sleep(250);
      r = call.send();
    }
    return r.statusCode();
  }

  @Test
  void aHungDatabaseEndsTheRequestIn503AfterTheSocketTimeoutNotNever() throws Exception {
    assertThat(answerOnceRecovered(() -> send(as("applicant", "/api/cases/mine").GET()))).isEqualTo(200);
    database.mode(Mode.HANG);
    long t0 = System.nanoTime();
    HttpResponse<String> during = send(as("applicant", "/api/cases/mine").GET().timeout(Duration.ofSeconds(60)));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertOutage(during);
    assertThat(millis).as("ended by the 3 s socket timeout, not held").isLessThan(30_000);
    database.mode(Mode.PASS);
    assertThat(answerOnceRecovered(() -> send(as("applicant", "/api/cases/mine").GET()))).isEqualTo(200);
  }

  @Test
  void aHungObjectStoreEndsTheUploadIn503AfterItsTimeoutNotNever() throws Exception {
    String caseId = openCase();
    store.mode(Mode.HANG);
    long t0 = System.nanoTime();
    HttpResponse<String> during = upload(caseId, "while the store hangs");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertOutage(during);
    assertThat(millis).as("ended by the 3 s read timeout, not held").isLessThan(30_000);
    store.mode(Mode.PASS);
    assertThat(answerOnceRecovered(() -> upload(caseId, "after the hang"))).isEqualTo(201);
  }

  @Test
  void healthAnswersDownWithinItsTimeBoxWhileADependencyHangs() throws Exception {
    for (TcpFaultProxy hung : new TcpFaultProxy[] {store, database}) {
      hung.mode(Mode.HANG);
      // twice: the first health request of the application also loads and compiles the endpoint
      for (int probe = 1; probe <= 2; probe++) {
        long t0 = System.nanoTime();
        var health = send(as("operator", "/actuator/health").GET());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        JsonNode body = json.readTree(health.body());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        System.out.printf("health with a hung %s answered in %d ms (probe %d): %s%n",
            hung == store ? "object store" : "database", millis, probe, body.path("components").toString());
        assertThat(millis).as("answered within the 2 s time box plus slack").isLessThan(15_000);
      }
      hung.mode(Mode.PASS);
    }
  }
}
