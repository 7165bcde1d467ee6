package org.exportcert.api.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.testing.KnownUserPasswords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a hostile or careless client sends to the running application (embedded PostgreSQL, S3 and
 * engine, real Tomcat): every refusal is a 4xx problem+json naming what was wrong, nothing is
 * stored half-way, and nothing is answered 5xx.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/HostileRequestsOverHttpTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.workers.enabled=false",
      // deploying the shipped models at start can take longer than 10 s on a loaded machine
      "camunda.client.request-timeout=PT2M"
    })
@KnownUserPasswords
class HostileRequestsOverHttpTest {

  static {
    TestDataDirectories.fresh("HostileRequestsOverHttpTest");
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired org.springframework.boot.test.web.client.TestRestTemplate rest;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();

  // ------------------------------------------------------------------ helpers

  HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> apply(String user, String body) throws Exception {
    return send(request("/api/applications", user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  ObjectNode validForm(String registration) {
    ObjectNode form = json.createObjectNode();
    form.put("legalName", "Example AI Ltd").put("registrationNumber", registration)
        .put("contactEmail", "c@example.com").put("productName", "Copilot")
        .put("category", "AI_SAAS").put("schemeType", "TYPE_6").put("schemeVersion", "2026.1")
        .put("notLodgedElsewhere", true);
    form.putArray("versions").addObject().put("label", "1.0");
    form.putArray("targetMarkets").add("SG").add("EU");
    form.putArray("referenceFrameworks").add("ISO_IEC_27001");
    return form;
  }

  JsonNode problem(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).as("content type of " + r.body())
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("type").asText()).startsWith("urn:exportcert:problem:");
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    return body;
  }

  long cases() {
    return jdbc.queryForObject("select count(*) from certification_case", Long.class);
  }

  /** A raw HTTP/1.1 exchange, for what a well-behaved client library would not send. */
  String raw(String request) throws IOException {
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  record Hostile(String name, String field, Consumer<ObjectNode> change) {}

  // ------------------------------------------------------------------ tests

  @Test
  void hostileApplicationsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
    long before = cases();
    List<Hostile> table = List.of(
        new Hostile("a number for a text", "productName", f -> f.put("productName", 12345)),
        new Hostile("a text for a boolean", "notLodgedElsewhere", f -> f.put("notLodgedElsewhere", "yes")),
        new Hostile("an enum by index", "schemeType", f -> f.put("schemeType", 0)),
        new Hostile("a NUL character", "legalName", f -> f.put("legalName", "Example\u0000AI Ltd")),
        new Hostile("a NUL in an identifier", "registrationNumber", f -> f.put("registrationNumber", "HRB\u00001")),
        new Hostile("an over-long name", "productName", f -> f.put("productName", "x".repeat(301))),
        new Hostile("an over-long purpose", "intendedPurpose", f -> f.put("intendedPurpose", "p".repeat(4001))),
        new Hostile("a path for a category", "category", f -> f.put("category", "../../etc")),
        new Hostile("an injected market", "targetMarkets[2]", f -> f.withArray("targetMarkets").add("XX'--")),
        new Hostile("an unknown framework", "referenceFrameworks[0]",
            f -> f.putArray("referenceFrameworks").add("ISO_9001")),
        new Hostile("10,000 versions", "versions", f -> {
          var versions = f.putArray("versions");
          for (int i = 0; i < 10_000; i++) {
            versions.addObject().put("label", Integer.toString(i));
          }
        }),
        new Hostile("no contact e-mail", "contactEmail", f -> f.remove("contactEmail")),
        new Hostile("a contact e-mail that is none", "contactEmail", f -> f.put("contactEmail", "nope")),
        new Hostile("no versions", "versions", f -> f.putArray("versions")),
        // hidden characters: stored as '?' (a broken surrogate) or a look-alike of another value
        new Hostile("a broken surrogate", "productName", f -> f.put("productName", "Co\ud800pilot")),
        new Hostile("a zero-width space in an identifier", "registrationNumber",
            f -> f.put("registrationNumber", "HRB\u200b-" + System.nanoTime())),
        new Hostile("a byte-order mark in an identifier", "registrationNumber",
            f -> f.put("registrationNumber", "\ufeffHRB-" + System.nanoTime())),
        new Hostile("a right-to-left override", "legalName", f -> f.put("legalName", "Example \u202eLtd IA")));
    for (Hostile h : table) {
      ObjectNode form = validForm("HRB-H-" + System.nanoTime());
      h.change().accept(form);
      // a lone surrogate survives only as a JSON escape (UTF-8 encoding would turn it into '?')
      HttpResponse<String> r = apply("applicant", json.writeValueAsString(form).replace("\ud800", "\\ud800"));
      JsonNode body = problem(r, 400);
      assertThat(body.findValuesAsText("field")).as(h.name() + ": " + r.body()).contains(h.field());
    }
    assertThat(cases()).as("nothing stored").isEqualTo(before);
  }

  @Test
  void twoFirstApplicationsOfOneOrganisationAtOnceBothSucceed() throws Exception {
    String registration = "HRB-C-" + System.nanoTime();
    String body = json.writeValueAsString(validForm(registration));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(pool.submit((Callable<HttpResponse<String>>) () -> apply("applicant", body)));
      }
      for (Future<HttpResponse<String>> answer : answers) {
        assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.queryForObject(
        "select count(*) from applicant where registration_number = ?", Long.class, registration))
        .isEqualTo(1);
  }

  /** A client retrying an upload while the first is still running: one document, every answer names it. */
  @Test
  void theSameUploadSentSixTimesAtOnceIsStoredOnce() throws Exception {
    var created = apply("applicant", json.writeValueAsString(validForm("HRB-U-" + System.nanoTime())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String caseId = json.readTree(created.body()).path("caseId").asText();
    byte[] pdf = ("%PDF-1.4\n" + "same bytes ".repeat(20_000) + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<String> ids = new ArrayList<>();
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(pool.submit((Callable<HttpResponse<String>>) () -> send(
            request("/api/cases/" + caseId + "/documents/architecture.pdf?kind=ARCHITECTURE", "applicant")
                .header("Content-Type", "application/pdf").PUT(HttpRequest.BodyPublishers.ofByteArray(pdf)))));
      }
      for (Future<HttpResponse<String>> answer : answers) {
        assertThat(answer.get().statusCode()).as(answer.get().body()).isBetween(200, 201);
        ids.add(json.readTree(answer.get().body()).path("evidenceId").asText());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ids).containsOnly(ids.get(0));
    assertThat(jdbc.queryForObject("select count(*) from evidence where case_id = ?", Long.class, caseId)).isEqualTo(1);
  }

  @Test
  void aZipBombIsRefusedAsAnUnsafeArchive() throws Exception {
    var created = apply("applicant", json.writeValueAsString(validForm("HRB-Z-" + System.nanoTime())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String caseId = json.readTree(created.body()).path("caseId").asText();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      zip.setLevel(9);
      zip.putNextEntry(new ZipEntry("word/document.xml"));
      byte[] block = new byte[1 << 20];
      for (int i = 0; i < 128; i++) {
        zip.write(block);
      }
      zip.closeEntry();
    }
    long t0 = System.nanoTime();
    var r = send(request("/api/cases/" + caseId + "/documents/spec.docx?kind=ARCHITECTURE", "applicant")
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    JsonNode body = problem(r, 400);
    assertThat(body.path("reason").asText()).isEqualTo("UNSAFE_ARCHIVE");
    System.out.printf("zip of 128 MiB zeros (%d bytes) refused over HTTP in %d ms%n", bytes.size(), millis);
    assertThat(jdbc.queryForObject("select count(*) from evidence where case_id = ?", Long.class, caseId))
        .isZero();
  }

  @Test
  void malformedPathsAndBodiesAreProblemJsonNotTomcatPages() throws Exception {
    for (String path : new String[] {"/api/cases/a%2Fb/documents", "/api/cases/%00/documents",
        "/api/cases/x%0d%0aSet-Cookie:%20a=b/documents", "/api/cases/..%2F..%2Fetc/documents",
        "/api/public/registry/%c0%ae%c0%ae"}) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
      assertThat(head).as(path + "\n" + answer).startsWith("HTTP/1.1 4");
      assertThat(head.toLowerCase()).as(path + "\n" + answer).contains("content-type: application/problem+json");
      assertThat(head.toLowerCase()).doesNotContain("set-cookie: a=b");
      assertThat(answer).as(path).doesNotContain("<html").contains("urn:exportcert:problem:");
    }
    // a body cut short: the client promised 400 bytes and closed after a few
    String auth = Base64.getEncoder().encodeToString("applicant:applicant-pw".getBytes(StandardCharsets.UTF_8));
    String cut = raw("POST /api/applications HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
        + "\r\nContent-Type: application/json\r\nContent-Length: 400\r\nConnection: close\r\n\r\n{\"legalName\":\"Ex");
    if (!cut.isEmpty()) { // answering a client that has gone is optional; answering it badly is not
      assertThat(cut).startsWith("HTTP/1.1 400").contains("application/problem+json").doesNotContain("<html");
    }
  }

  @Test
  void frameworkErrorsAreProblemJson() throws Exception {
    problem(send(request("/api/applications", "applicant").DELETE()), 405);
    problem(send(request("/api/cases/mine", "applicant").header("Accept", "application/xml").GET()), 406);
    problem(send(request("/api/applications", "applicant").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("x"))), 415);
    problem(send(request("/api/no-such-thing", "applicant").GET()), 404);
    problem(send(request("/error", null).GET()), 404);
  }

  @Test
  void anonymousWritesAre401NotForbidden() throws Exception {
    problem(apply(null, json.writeValueAsString(validForm("HRB-A"))), 401);
    problem(send(request("/api/cases/EC-2026-000001/documents/a.pdf?kind=ARCHITECTURE", null)
        .PUT(HttpRequest.BodyPublishers.ofString("%PDF-1.4"))), 401);
    problem(send(request("/api/tasks/1/complete", null).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))), 401);
  }

  @Test
  void anonymousHealthShowsTheStatusOnlyAndOperatorsSeeTheChecks() throws Exception {
    var anonymous = send(request("/actuator/health", null).GET());
    JsonNode status = json.readTree(anonymous.body());
    assertThat(status.path("status").asText()).isIn("UP", "DOWN", "OUT_OF_SERVICE");
    assertThat(status.has("components")).as(anonymous.body()).isFalse();
    assertThat(anonymous.body()).doesNotContain("endpoint").doesNotContain("Exception");
    var operator = json.readTree(send(request("/actuator/health", "operator").GET()).body());
    assertThat(operator.path("components").has("db")).as(operator.toString()).isTrue();
  }

  @Test
  void theSessionCookieIsSameSiteAndSecureBehindHttps() throws Exception {
    HttpResponse<String> page = send(request("/login", null).GET());
    String xsrf = page.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow()
        .replaceFirst("XSRF-TOKEN=([^;]*).*", "$1");
    for (boolean https : new boolean[] {false, true}) {
      HttpRequest.Builder login = request("/login", null)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Cookie", "XSRF-TOKEN=" + xsrf)
          .POST(HttpRequest.BodyPublishers.ofString(
              "username=operator&password=operator-pw&_csrf=" + xsrf));
      if (https) {
        login.header("X-Forwarded-Proto", "https");
      }
      String session = send(login).headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
      assertThat(session).containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly");
      if (https) {
        assertThat(session).containsIgnoringCase("Secure");
      } else {
        assertThat(session).doesNotContainIgnoringCase("Secure");
      }
    }
  }

  @Test
  void variablesOfAnUnknownCaseAre404() throws Exception {
    problem(send(request("/api/console/cases/EC-9999-999999/variables", "operator").GET()), 404);
  }

  @Test
  void aModelWhoseFeelTheEngineRefusesIs422WithTheEnginesReasonNot502() throws Exception {
    byte[] bpmn = io.camunda.zeebe.model.bpmn.Bpmn.convertToString(
            io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess("feel-refused").name("FEEL refused")
                .startEvent("Start").name("Start")
                .scriptTask("Compute").name("Compute").zeebeExpression("1 +").zeebeResultVariable("x")
                .endEvent("End").name("End").done())
        .getBytes(StandardCharsets.UTF_8);
    var answer = rest.withBasicAuth("manager", "manager-pw").postForEntity("/api/models/deployments",
        org.exportcert.api.testing.MultipartBodies.files("files", "feel-refused.bpmn", bpmn), String.class);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(422);
    JsonNode body = json.readTree(answer.getBody());
    assertThat(body.path("type").asText()).as(answer.getBody()).isEqualTo("urn:exportcert:problem:model-refused");
    assertThat(body.path("engineReason").asText()).as(answer.getBody()).contains("Compute");
  }
}
