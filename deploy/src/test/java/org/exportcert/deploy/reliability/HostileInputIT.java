package org.exportcert.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of hostile and careless requests over every endpoint of the packaged application: path
 * tricks, NUL, over-long values, wrong JSON types, truncated and malformed bodies, huge lists, zip
 * bombs, raw protocol abuse. No answer is a 5xx, every refusal is problem+json without a stack
 * trace, and nothing is stored half-way (rows and objects counted before and after).
 */
class HostileInputIT {

  @TempDir Path work;

  static final List<String> PATH_TRICKS = List.of("%00", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%0d%0aSet-Cookie:%20x=1",
      "A".repeat(3000), "%27%20OR%201=1--", "%E2%80%AE%F0%9F%92%A3", "-1", "99999999999999999999999999", "%25",
      "%C0%AE%C0%AE");

  static final List<String> BODIES = List.of("{", "{\"a\":\"x\\u0000y\"}", "[]", "12345", "\"text\"", "null",
      "[".repeat(5000), "{\"versions\":[" + "{\"label\":\"1\"},".repeat(20000) + "{\"label\":\"1\"}]}",
      "{\"productName\":12345}", "{\"unknown\":true, \"x\":{\"y\":[1,2,3]}}", "\uFEFF{}", "{}garbage");

  record Row(String what, Api.Answer answer, boolean raw) {}

  @Test
  void noHostileRequestIsAnswered5xxOrLeavesAPartialWriteAndEveryRefusalIsProblemJson() throws Exception {
    try (PackagedApp app = new PackagedApp(work.resolve("data"), Map.of())) {
      app.start();
      Api api = new Api(app, Duration.ofSeconds(120));
      String caseId = new Workload(api, "hostile").applyAndReturnCase();
      Snapshot before = Snapshot.take(api, app, caseId);

      List<Row> rows = new ArrayList<>();
      for (Endpoints.Endpoint e : Endpoints.of(api)) {
        String user = userFor(e.template());
        for (String trick : PATH_TRICKS) {
          if (e.template().contains("{")) {
            String path = e.path(Map.of(), trick);
            rows.add(new Row(e + " path " + abbreviate(trick), api.send(withBody(api, user, e, path, "{}")), false));
          }
        }
        if (!e.method().equals("GET") && !e.method().equals("DELETE")) {
          String path = e.path(Map.of("caseId", caseId), "1");
          for (String body : BODIES) {
            rows.add(new Row(e + " body " + abbreviate(body), api.send(withBody(api, user, e, path, body)), false));
          }
          rows.add(new Row(e + " invalid UTF-8", api.send(api.request(user, path)
              .header("Content-Type", "application/json")
              .method(e.method(), HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))
              .build()), false));
          rows.add(new Row(e + " text/plain", api.send(api.request(user, path).header("Content-Type", "text/plain")
              .method(e.method(), HttpRequest.BodyPublishers.ofString("{}")).build()), false));
        }
        if (e.method().equals("GET")) {
          rows.add(new Row(e + " query tricks", api.get(user, e.path(Map.of("caseId", caseId), "1")
              + "?size=-1&page=99999999999&q=%00&scope=%27--&number=" + "9".repeat(2000)), false));
        }
      }
      rows.addAll(applications(api));
      rows.addAll(uploads(api, caseId));
      rows.addAll(raw(app));

      Snapshot after = Snapshot.take(api, app, caseId);
      List<String> failures = new ArrayList<>();
      long fiveXx = 0;
      for (Row r : rows) {
        Api.Answer a = r.answer();
        if (a.status() >= 500) {
          fiveXx++;
          failures.add("5xx: " + r.what() + " -> " + a);
        } else if (a.status() == -1 && !r.raw()) {
          failures.add("no answer: " + r.what() + " -> " + a);
        } else if (a.status() >= 400 && !a.isProblemJson()) {
          failures.add("not problem+json: " + r.what() + " -> " + a + " " + a.header("Content-Type"));
        }
        if (a.body() != null && (a.body().contains("\tat org.") || a.body().contains("Exception:"))) {
          failures.add("stack trace: " + r.what());
        }
      }
      Figures.record("hostile input", rows.size() + " hostile requests over " + Endpoints.of(api).size()
          + " endpoints: " + fiveXx + " x 5xx, " + failures.size() + " failures; rows and objects before "
          + before + ", after " + after);
      assertThat(failures).isEmpty();
      assertThat(after).as("no partial writes").isEqualTo(before);
    }
  }

  /** The applicant's cases, the first case's documents, the objects in the embedded S3 store. */
  record Snapshot(int cases, int documents, long objects) {
    static Snapshot take(Api api, PackagedApp app, String caseId) throws IOException {
      int cases = api.get("applicant", "/api/cases/mine?size=1").json().path("total").asInt();
      int documents = api.get("applicant", "/api/cases/" + caseId + "/documents").json().size();
      long objects;
      try (Stream<Path> files = Files.walk(app.dataDirectory.resolve("objects"))) {
        objects = files.filter(Files::isRegularFile).count();
      }
      return new Snapshot(cases, documents, objects);
    }
  }

  static String userFor(String template) {
    if (template.startsWith("/api/applications") || template.startsWith("/api/cases/")) {
      return "applicant";
    }
    if (template.startsWith("/api/tasks")) {
      return "cbreviewer";
    }
    if (template.startsWith("/api/models")) {
      return "manager";
    }
    return "operator";
  }

  private static HttpRequest withBody(Api api, String user, Endpoints.Endpoint e, String path, String body) {
    boolean noBody = e.method().equals("GET") || e.method().equals("DELETE");
    return api.request(user, path).header("Content-Type", "application/json")
        .method(e.method(), noBody ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String abbreviate(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
    return shown.replace("\u0000", "\\0");
  }

  /** Applications whose fields are hostile: each must be refused, naming the field. */
  private static List<Row> applications(Api api) {
    String good = Workload.form("hostile-probe");
    List<String> forms = List.of(
        good.replace("\"hostile-probe\"", "\"nul\\u0000byte\""),
        good.replace("\"hostile-probe\"", "\"" + "x".repeat(10_000) + "\""),
        good.replace("\"hostile-probe\"", "12345"),
        good.replace("\"AI_SAAS\"", "\"../../etc\""),
        good.replace("[\"SG\",\"EU\"]", "[\"XX'--\"]"),
        good.replace("[{\"label\":\"1.0\",\"modelIdentifiers\":\"m-1\"}]",
            "[" + "{\"label\":\"1.0\",\"modelIdentifiers\":\"m-1\"},".repeat(9_999) + "{\"label\":\"1\",\"modelIdentifiers\":\"m\"}]"),
        good.replace("\"notLodgedElsewhere\":true", "\"notLodgedElsewhere\":\"yes\""),
        good.replace("\"c@example.com\"", "null"),
        good.replace("\"TYPE_5\"", "0"),
        good.replace("\"Example AI Ltd\"", "\"Another Org\""),
        good.substring(0, good.length() / 2));
    List<Row> rows = new ArrayList<>();
    for (String form : forms) {
      Api.Answer a = api.postJson("applicant", "/api/applications", form);
      rows.add(new Row("application " + abbreviate(form.replaceAll("\\s+", " ")), a, false));
      if (a.status() / 100 == 2) {
        rows.add(new Row("hostile application accepted", new Api.Answer(599, a.body(), a.headers(), 0, null, 0), false));
      }
    }
    return rows;
  }

  /** Uploads that must be refused: zip bombs, hostile names, empty, truncated multipart. */
  private static List<Row> uploads(Api api, String caseId) throws IOException {
    List<Row> rows = new ArrayList<>();
    String base = "/api/cases/" + caseId + "/documents";
    rows.add(new Row("zip bomb (ratio)", multipart(api, base, "bomb.zip", zip(1, 256L << 20)), false));
    rows.add(new Row("zip bomb (entries)", multipart(api, base, "many.zip", zip(10_050, 1)), false));
    rows.add(new Row("zip bomb raw PUT", api.put("applicant", base + "/bomb.zip?kind=ARCHITECTURE",
        "application/zip", zip(1, 256L << 20)), false));
    for (String name : List.of("..%2F..%2Fetc%2Fpasswd.pdf", ".hidden.pdf", "a%00.pdf", "c%3A%5Cx.pdf",
        "x".repeat(1000) + ".pdf")) {
      rows.add(new Row("upload name " + abbreviate(name), api.put("applicant", base + "/" + name + "?kind=ARCHITECTURE",
          "application/pdf", Workload.pdf("name")), false));
    }
    rows.add(new Row("empty upload", api.put("applicant", base + "/empty.pdf?kind=ARCHITECTURE", "application/pdf",
        new byte[0]), false));
    rows.add(new Row("wrong kind", api.put("applicant", base + "/k.pdf?kind=..%2F..", "application/pdf",
        Workload.pdf("kind")), false));
    rows.add(new Row("staff kind by applicant", api.put("applicant", base + "/k.pdf?kind=TEST_REPORT_SIGNED_BY_LAB",
        "application/pdf", Workload.pdf("kind2")), false));
    rows.add(new Row("executable as pdf", api.put("applicant", base + "/x.pdf?kind=ARCHITECTURE", "application/pdf",
        "MZ\u0090\u0000this is not a pdf".getBytes(StandardCharsets.ISO_8859_1)), false));
    rows.add(new Row("digest mismatch", api.send(api.request("applicant", base + "/d.pdf?kind=ARCHITECTURE")
        .header("Content-Type", "application/pdf")
        .header("Content-Digest", "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(Workload.pdf("digest"))).build()), false));
    String truncated = "--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nARCHITECTURE\r\n--b\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"t.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc";
    rows.add(new Row("truncated multipart", api.send(api.request("applicant", base)
        .header("Content-Type", "multipart/form-data; boundary=b")
        .POST(HttpRequest.BodyPublishers.ofString(truncated)).build()), false));
    return rows;
  }

  private static Api.Answer multipart(Api api, String path, String fileName, byte[] content) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head = "--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nARCHITECTURE\r\n--b\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: application/zip\r\n\r\n";
    body.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(content);
    body.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
    return api.send(api.request("applicant", path).header("Content-Type", "multipart/form-data; boundary=b")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
  }

  /** A zip of {@code entries} entries of {@code bytesEach} zero bytes each. */
  static byte[] zip(int entries, long bytesEach) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(9);
      for (int i = 0; i < entries; i++) {
        zip.putNextEntry(new ZipEntry("e" + i + ".txt"));
        for (long left = bytesEach; left > 0; left -= zeros.length) {
          zip.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** What no HTTP client library sends: literal NUL and CR/LF, an over-long request line, a body cut short. */
  private static List<Row> raw(PackagedApp app) {
    String auth = "Authorization: " + Api.basic("applicant", PackagedApp.password("applicant")) + "\r\n";
    List<String[]> requests = List.of(
        new String[] {"NUL in the path", "GET /api/cases/mine/EC\u0000x HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"},
        new String[] {"over-long request line", "GET /api/cases/mine/" + "A".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"},
        new String[] {"dot segments", "GET /api/public/../operations/cases HTTP/1.1\r\nHost: x\r\n\r\n"},
        new String[] {"encoded slash", "GET /api/cases/mine/..%2F..%2Factuator%2Fenv HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"},
        new String[] {"header injection", "GET /api/me HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n" + auth + "\r\n"},
        new String[] {"truncated JSON body", "POST /api/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + auth + "Content-Length: 500\r\nConnection: close\r\n\r\n{\"legalName\":\"Ex"},
        new String[] {"huge header", "GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(200_000) + "\r\n" + auth + "\r\n"},
        new String[] {"bad method", "FOO /api/me HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"},
        new String[] {"HTTP/0.9", "GET /api/me\r\n\r\n"});
    List<Row> rows = new ArrayList<>();
    for (String[] r : requests) {
      rows.add(new Row("raw " + r[0], rawSend(app, r[1], r[0].startsWith("truncated")), true));
    }
    return rows;
  }

  private static Api.Answer rawSend(PackagedApp app, String request, boolean halfClose) {
    long started = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", app.port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      if (halfClose) {
        socket.shutdownOutput(); // the body ends before its Content-Length
      }
      InputStream in = socket.getInputStream();
      String response = new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (!response.startsWith("HTTP/1.1 ")) {
        return new Api.Answer(-1, response, null, millis, "no HTTP answer (connection closed)", System.nanoTime());
      }
      int status = Integer.parseInt(response.substring(9, 12));
      int split = response.indexOf("\r\n\r\n");
      String headers = split < 0 ? response : response.substring(0, split);
      String body = split < 0 ? "" : response.substring(split + 4);
      String type = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
          .map(l -> l.substring(13).trim()).findFirst().orElse("");
      java.net.http.HttpHeaders h = java.net.http.HttpHeaders.of(Map.of("Content-Type", List.of(type)), (a, b) -> true);
      return new Api.Answer(status, body, h, millis, null, System.nanoTime());
    } catch (IOException e) {
      return new Api.Answer(-1, null, null, (System.nanoTime() - started) / 1_000_000, e.toString(), System.nanoTime());
    }
  }
}
