package org.exportcert.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applicants applying concurrently through the real API: each application is a JSON
 * {@code POST /api/applications} and a raw upload of a PDF of its own. Only what the API
 * acknowledged (201 with an id) is recorded as acknowledged; everything else answered is kept for
 * the checks on the answers themselves.
 */
final class Workload {

  /** A case the API acknowledged, and the upload it acknowledged for it (null if none). */
  record Acknowledged(String productName, String caseId, String evidenceId, String sha256) {}

  final String tag;
  final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>(); // by product name
  final ConcurrentLinkedQueue<Api.Answer> answers = new ConcurrentLinkedQueue<>();
  final AtomicInteger attempts = new AtomicInteger();
  final AtomicInteger acknowledgedWrites = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger next = new AtomicInteger();
  private final Api api;
  private ExecutorService pool;

  Workload(Api api, String tag) {
    this.api = api;
    this.tag = tag;
  }

  /**
   * A complete application of an in-scope AI SaaS: with both frameworks the eligibility rules ask
   * of it, so that it goes on to the review of the application (not to a request for information).
   */
  static String form(String productName) {
    return """
        {"legalName":"Example AI Ltd","registrationNumber":"HRB-4711","contactEmail":"c@example.com",
         "productName":"%s","versions":[{"label":"1.0","modelIdentifiers":"m-1"}],
         "category":"AI_SAAS","schemeType":"TYPE_5","schemeVersion":"2026.1","targetMarkets":["SG","EU"],
         "referenceFrameworks":["ISO_IEC_23053","ISO_IEC_27001"],"notLodgedElsewhere":true}
        """.formatted(productName);
  }

  /** A small PDF whose bytes are this application's own. */
  static byte[] pdf(String productName) {
    return ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + productName
        + "\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One application: apply, then upload; records what was acknowledged. */
  void applyOnce() {
    String product = tag + "-" + next.incrementAndGet();
    attempts.incrementAndGet();
    Api.Answer created = api.postJson("applicant", "/api/applications", form(product));
    answers.add(created);
    if (created.status() != 201) {
      return;
    }
    String caseId = created.json().path("caseId").asText();
    acknowledged.put(product, new Acknowledged(product, caseId, null, null));
    acknowledgedWrites.incrementAndGet();
    byte[] file = pdf(product);
    Api.Answer uploaded = api.put("applicant",
        "/api/cases/" + caseId + "/documents/architecture.pdf?kind=ARCHITECTURE", "application/pdf", file);
    answers.add(uploaded);
    if (uploaded.status() == 201) {
      acknowledged.put(product,
          new Acknowledged(product, caseId, uploaded.json().path("evidenceId").asText(), sha256(file)));
      acknowledgedWrites.incrementAndGet();
    }
  }

  /** One application that must be acknowledged; its case id. */
  String applyAndReturnCase() {
    applyOnce();
    Acknowledged ack = acknowledged.values().stream().findFirst()
        .orElseThrow(() -> new IllegalStateException("the application was refused: " + answers));
    return ack.caseId();
  }

  /** {@code clients} threads applying in a loop until {@link #stop()} or {@code total} attempts. */
  Workload start(int clients, int total) {
    pool = Executors.newFixedThreadPool(clients);
    for (int i = 0; i < clients; i++) {
      pool.submit(() -> {
        while (!stop.get() && attempts.get() < total) {
          applyOnce();
        }
      });
    }
    pool.shutdown();
    return this;
  }

  void stop() {
    stop.set(true);
  }

  /** Waits for the clients to finish their current requests. */
  void awaitEnd(long minutes) throws InterruptedException {
    if (!pool.awaitTermination(minutes, TimeUnit.MINUTES)) {
      throw new IllegalStateException("clients still running after " + minutes + " minutes");
    }
  }

  /**
   * Acknowledged against found, read back through the API after the fact: every acknowledged case
   * and upload must be there exactly once, and no product may have two cases.
   */
  record Accounting(int acknowledgedWrites, int foundAcknowledged, List<String> lost, List<String> duplicated,
      int casesFound) {}

  Accounting account() {
    Map<String, List<String>> casesByProduct = new ConcurrentHashMap<>();
    for (JsonNode c : taggedCases().orElseThrow(() -> new IllegalStateException("cannot read the cases back"))) {
      String product = c.path("productName").asText();
      if (product.startsWith(tag + "-")) {
        casesByProduct.computeIfAbsent(product, k -> new ArrayList<>()).add(c.path("caseId").asText());
      }
    }
    List<String> lost = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    int found = 0;
    casesByProduct.forEach((product, ids) -> {
      if (ids.size() > 1) {
        duplicated.add(product + " has cases " + ids);
      }
    });
    for (Acknowledged ack : acknowledged.values()) {
      List<String> ids = casesByProduct.getOrDefault(ack.productName(), List.of());
      if (!ids.contains(ack.caseId())) {
        lost.add("case " + ack.caseId() + " (" + ack.productName() + ")");
        continue;
      }
      found++;
      if (ack.evidenceId() != null) {
        Api.Answer docs = api.get("applicant", "/api/cases/" + ack.caseId() + "/documents");
        int same = 0;
        boolean present = false;
        for (JsonNode d : docs.json()) {
          if (ack.sha256().equals(d.path("sha256").asText())) {
            same++;
          }
          present |= ack.evidenceId().equals(d.path("evidenceId").asText());
        }
        if (!present) {
          lost.add("upload " + ack.evidenceId() + " of " + ack.caseId());
        } else {
          found++;
        }
        if (same > 1) {
          duplicated.add("upload of " + ack.caseId() + " stored " + same + " times");
        }
      }
    }
    int cases = casesByProduct.values().stream().mapToInt(List::size).sum();
    return new Accounting(acknowledgedWrites.get(), found, lost, duplicated, cases);
  }

  /**
   * Every case whose product carries this run's tag, read page by page (the API gives at most 100
   * a page, found by product name); empty when a page cannot be read.
   */
  java.util.Optional<List<JsonNode>> taggedCases() {
    List<JsonNode> all = new ArrayList<>();
    for (int page = 0; ; page++) {
      Api.Answer mine = api.get("applicant", "/api/cases/mine?size=100&page=" + page + "&q="
          + java.net.URLEncoder.encode(tag, java.nio.charset.StandardCharsets.UTF_8));
      if (mine.status() != 200) {
        return java.util.Optional.empty();
      }
      mine.json().path("items").forEach(all::add);
      if (mine.json().path("items").isEmpty() || all.size() >= mine.json().path("total").asLong()) {
        return java.util.Optional.of(all);
      }
    }
  }

  /** The tagged cases not yet in the state the workers and the engine take a new case to. */
  List<String> casesNotYetUnderReview() {
    var mine = taggedCases();
    if (mine.isEmpty()) {
      return List.of("cases not readable");
    }
    List<String> behind = new ArrayList<>();
    for (JsonNode c : mine.get()) {
      if (c.path("productName").asText().startsWith(tag + "-")
          && !"ELIGIBILITY_REVIEW".equals(c.path("status").asText())) {
        behind.add(c.path("caseId").asText() + " " + c.path("phase").asText() + "/" + c.path("status").asText());
      }
    }
    return behind;
  }
}
