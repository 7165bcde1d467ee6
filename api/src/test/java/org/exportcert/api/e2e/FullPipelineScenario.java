package org.exportcert.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.exportcert.api.testing.MultipartBodies.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exportcert.certification.evidence.ManifestSigner;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.exportcert.api.testing.KnownUserPasswords;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * One application taken from submission to a public registry entry with the shipped models, the
 * real job workers and a real engine, through what people and partner systems use: ExportCert's
 * HTTP API as each local user, the partner webhook with its HMAC signature, the public registry.
 * The Camunda client is used for one thing only, the engine clock (the Camunda 8 clock API,
 * {@link EngineClock}), to
 * let the partner's reminder deadline pass. Nothing here knows which back end runs: the
 * application under test and its engine client are injected, and a subclass starts the back end.
 *
 * <p>The settings both stacks share are here (local users {@code <name>} with password
 * {@code <name>-pw}, workers on, the partner table entry {@link #PARTNER_CODE}); a subclass names
 * its stack's settings and the {@link PartnerBody}'s endpoint.
 */
@KnownUserPasswords
@TestPropertySource(
    properties = {
      "exportcert.workers.enabled=true",
      "exportcert.outbox.poll-interval=PT0.5S",
      "exportcert.partners.partner-sg.name=Singapore partner body (example)",
      "exportcert.partners.partner-sg.arrangement=Bilateral MRA SG-2026 (example)",
      "exportcert.partners.partner-sg.secret=" + FullPipelineScenario.PARTNER_SECRET,
      "exportcert.partners.partner-sg.markets=SG"
    })
public abstract class FullPipelineScenario {

  private static final Logger log = LoggerFactory.getLogger(FullPipelineScenario.class);

  /** The partner body the shipped partner-requirements table names for Singapore. */
  protected static final String PARTNER_CODE = "PARTNER_SG";

  protected static final String PARTNER_SECRET = "e2e-partner-shared-secret";

  protected static final String ORGANISATION = "Example AI Ltd";

  /** Every local user with task groups. */
  static final List<String> STAFF =
      List.of("cbreviewer", "evaluator", "lab", "reviewer", "committee", "registrar", "appeals", "operator");

  static final List<String> DOCUMENT_KINDS =
      List.of("ARCHITECTURE", "DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION", "API_SPECIFICATION");

  @LocalServerPort int port;
  @Autowired CamundaClient camunda;

  /** Base address of the ExportCert API: the application of this test, on its random port. */
  protected String apiUrl() {
    return "http://localhost:" + port;
  }

  /** The application's own client of the engine it uses, whichever that is. */
  protected CamundaClient camunda() {
    return camunda;
  }

  /** The partner body's endpoint the partner table points at. */
  protected abstract PartnerBody partnerBody();

  protected String password(String user) {
    return user + "-pw";
  }

  /** How long an asynchronous step (job workers, outbox) may take before the scenario fails. */
  protected Duration stepTimeout() {
    return Duration.ofSeconds(90);
  }

  private final ObjectMapper json = new ObjectMapper();
  private final List<String> steps = new ArrayList<>();

  @AfterEach
  void resetEngineClock() {
    EngineClock.reset(camunda());
  }

  @Test
  void oneApplicationGoesFromSubmissionToThePublicRegistryAndIsRecognisedAbroad() throws Exception {
    long started = System.nanoTime();

    // ---------------------------------------------------------------- 1 eligibility
    String caseId = apply();
    Map<String, String> documentHashes = uploadTechnicalFile(caseId);
    awaitCase(caseId, "ELIGIBILITY", "ELIGIBILITY_REVIEW");

    long review = awaitTaskFor("cbreviewer", caseId, "Task_ReviewApplication");
    claimAndComplete("cbreviewer", review, Map.of("eligibilityOutcome", "ACCEPTED", "riskLevel", "MEDIUM"));
    // accepted by the reviewer: the applicant is asked to sign the agreement, with its deadline
    awaitCase(caseId, "ELIGIBILITY", "ACCEPTED");
    awaitOpenRequest(caseId, "AgreementSigned");
    answer(caseId, "AgreementSigned", "Agreement signed by the managing director");
    awaitCase(caseId, "DOCUMENT_REVIEW", "AGREEMENT_SIGNED");
    // the note is stored with the answer and read back as data on the case file staff open
    JsonNode answers = json.readTree(get("operator", "/api/operations/cases/" + caseId + "/case-file").getBody())
        .path("answers");
    assertThat(answers).singleElement().satisfies(a -> {
      assertThat(a.path("message").asText()).isEqualTo("AgreementSigned");
      assertThat(a.path("note").asText()).isEqualTo("Agreement signed by the managing director");
      assertThat(a.path("answeredBy").asText()).isEqualTo("applicant");
    });

    // ---------------------------------------------------------------- 2 document review
    long docs = awaitTaskFor("evaluator", caseId, "Task_ReviewTechnicalFile");
    JsonNode registered = documents(caseId);
    for (JsonNode d : registered) {
      assertThat(d.path("sha256").asText()).isEqualTo(documentHashes.get(d.path("fileName").asText()));
    }
    claimAndComplete("evaluator", docs, Map.of("documentReviewOutcome", "CONFORM"));
    awaitCase(caseId, "TESTING", "TESTING");

    // ---------------------------------------------------------------- 3 technical testing
    long tests = awaitTaskFor("lab", caseId, "Task_RunTests");
    claim("lab", tests);
    String reportEvidence = attachTestReport(tests, caseId);
    complete("lab", tests, Map.of("testReportEvidenceId", reportEvidence));

    // ---------------------------------------------------------------- 4 review and decision
    awaitCase(caseId, "DECISION", "UNDER_REVIEW");
    long independentReview = awaitTaskFor("reviewer", caseId, "Task_ReviewCertificationFile");
    claimAndComplete("reviewer", independentReview, Map.of("reviewRecommendation", "GRANT"));
    long decide = awaitTaskFor("committee", caseId, "Task_DecideCertification");
    claimAndComplete("committee", decide, Map.of(
        "decisionOutcome", "GRANT",
        "decisionRationale", "Documentation conforms; base test suites passed without nonconformities.",
        "impartialityConfirmed", true));
    awaitCase(caseId, "DECISION", "GRANTED");

    // ---------------------------------------------------------------- 6 certificate and listing
    long listing = awaitTaskFor("registrar", caseId, "Task_ApproveListing");
    claimAndComplete("registrar", listing, Map.of("listingApproved", true));
    awaitCase(caseId, "MAINTENANCE", "CERTIFIED");
    JsonNode certificate = certificateOf(caseId);
    String number = certificate.path("number").asText();
    String printed = certificate.path("displayNumber").asText(); // as on the PDF: number/revision
    assertThat(printed).isEqualTo(number + "/R1");
    JsonNode line = awaitRegistryLine("Copilot Assist", l -> true);
    assertThat(line.path("provider").asText()).isEqualTo(ORGANISATION);
    assertThat(line.path("status").asText()).isEqualTo("LISTED");
    assertThat(line.path("certificateNumber").asText()).isEqualTo(printed);
    // the public copies the number from the registry line (or the PDF) into the verification
    JsonNode verified = verifyPrinted(line.path("certificateNumber").asText());
    assertThat(verify(number)).isEqualTo(verified);
    assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
    assertThat(verified.path("holder").asText()).isEqualTo(ORGANISATION);
    step("certificate " + printed + " issued, listed and verifiable");

    // ---------------------------------------------------------------- 5 recognition abroad
    PartnerBody.Received dossier = awaitPartnerReceives("dossier", caseId);
    assertSignedWithTheSharedSecret(dossier);
    assertThat(json.readTree(dossier.body()).path("market").asText()).isEqualTo("SG");
    assertDossierCarriesTheSignedAssessmentReport(json.readTree(dossier.body()), printed);
    // the partner stays silent past the reminder deadline (partner-requirements: P14D for SG)
    Instant engineNow = Instant.now();
    EngineClock.pin(camunda(), engineNow.plus(Duration.ofDays(15)));
    PartnerBody.Received reminder = awaitPartnerReceives("reminder", caseId);
    assertSignedWithTheSharedSecret(reminder);
    step("engine clock moved 15 days: partner reminded");
    partnerAnswers(caseId, "SG", "ACCEPTED", "IMDA-REC-2026-0077");
    JsonNode recognised = awaitRegistryLine("Copilot Assist",
        l -> l.path("marketsRecognised").toString().contains("SG"));
    assertThat(recognised.path("status").asText()).isEqualTo("LISTED");
    assertThat(verify(number).path("marketsRecognised").toString()).contains("SG");
    step("recognised in SG");

    // ---------------------------------------------------------------- the file as operators see it
    JsonNode detail = operatorDetail(caseId);
    List<String> statuses = new ArrayList<>();
    detail.path("history").forEach(h -> statuses.add(h.path("to").asText()));
    assertThat(statuses).containsSubsequence(
        "ELIGIBILITY_REVIEW", "ACCEPTED", "AGREEMENT_SIGNED", "TESTING", "UNDER_REVIEW", "GRANTED", "CERTIFIED");
    List<String> actions = detail.path("audit").findValuesAsText("action");
    assertThat(actions).contains("case.submitted", "case.process.started", "evidence.stored",
        "case.answer.AgreementSigned", "task.claimed", "task.completed", "documents.findings",
        "testing.report.imported", "decision.grant", "certificate.issued", "registry.listed",
        "recognition.dossier_queued", "recognition.reminder_queued", "recognition.partner-response",
        "recognition.accepted", "registry.markets");
    // the decision is recorded with who took it: the committee member who claimed the task
    for (JsonNode entry : detail.path("audit")) {
      if ("decision.grant".equals(entry.path("action").asText())) {
        assertThat(entry.path("actor").asText()).contains("committee");
      }
    }
    // everyone who worked on the case is on it with their role and declaration
    Map<String, String> roles = new LinkedHashMap<>();
    detail.path("staff").forEach(st -> roles.put(st.path("person").asText(), st.path("role").asText()));
    assertThat(roles).containsEntry("evaluator", "EVALUATOR").containsEntry("lab", "TEST_ENGINEER")
        .containsEntry("reviewer", "REVIEWER").containsEntry("committee", "DECISION_MAKER");
    for (String status : statuses) {
      assertThat(actions).contains("case.status." + status.toLowerCase());
    }
    assertThat(detail.path("processInstanceKey").asLong()).isPositive();
    JsonNode chain = json.readTree(get("operator", "/api/operations/audit/verification").getBody());
    assertThat(chain.path("intact").asBoolean()).as(chain.toString()).isTrue();
    assertThat(chain.path("entriesChecked").asLong()).isGreaterThanOrEqualTo(actions.size());
    step("audit trail intact, " + actions.size() + " entries on the case");

    log.info("End-to-end scenario for {} passed in {} s:\n  {}", caseId,
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), String.join("\n  ", steps));
  }

  /**
   * A review completed where anyone who reaches the engine could complete it (its port, Tasklist,
   * zbctl), past ExportCert's impartiality checks: the shipped models stop it at the check after
   * it, as an incident the operators see, and the case does not move on. (The independent review
   * and the recording steps: LocalStackApplicationTest.)
   */
  @Test
  void anEligibilityReviewCompletedOnTheEnginePortStopsTheCaseAsAnIncidentOperatorsSee() throws Exception {
    String caseId = apply();
    awaitCase(caseId, "ELIGIBILITY", "ELIGIBILITY_REVIEW");
    long review = awaitTaskFor("cbreviewer", caseId, "Task_ReviewApplication");
    camunda().newCompleteUserTaskCommand(review)
        .variables(Map.of("eligibilityOutcome", "ACCEPTED", "riskLevel", "LOW")).send().join();
    JsonNode item = awaitIncident(caseId, "Task_CheckReviewApplication");
    JsonNode after = myCase(caseId);
    assertThat(after.path("summary").path("status").asText()).isEqualTo("ELIGIBILITY_REVIEW");
    assertThat(after.path("progress").path("openRequests").findValuesAsText("message")).doesNotContain("AgreementSigned");

    // the inbox offers the action the message names: send the case back to the review
    assertThat(item.path("sendBackTo").asText()).isEqualTo("Task_ReviewApplication");
    long incident = item.path("incident").path("key").asLong();
    String sendBack = "/api/operations/incidents/" + incident + "/send-back";
    String reason = "{\"reason\":\"Review completed on the engine port; to be done in ExportCert\"}";
    assertThat(post("cbreviewer", sendBack, reason).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> sent = post("operator", sendBack, reason);
    assertThat(sent.getStatusCode()).as(sent.getBody()).isEqualTo(HttpStatus.OK);
    step("operator sent incident " + incident + " back to Task_ReviewApplication");
    // the incident ended with the check step; sending it back again is refused in the caller's language
    await("incident " + incident + " gone").atMost(stepTimeout()).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> json.readTree(get("operator", "/api/operations/incidents?caseId=" + caseId).getBody())
            .findValuesAsText("key").stream().noneMatch(k -> k.equals(String.valueOf(incident))));
    HttpHeaders chinese = new HttpHeaders();
    chinese.setContentType(MediaType.APPLICATION_JSON);
    chinese.setAcceptLanguageAsLocales(List.of(java.util.Locale.SIMPLIFIED_CHINESE));
    ResponseEntity<String> again = client("operator").postForEntity(sendBack, new HttpEntity<>(reason, chinese), String.class);
    assertThat(again.getStatusCode()).as(again.getBody()).isIn(HttpStatus.CONFLICT, HttpStatus.NOT_FOUND);
    assertThat(again.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(json.readTree(again.getBody()).path("detail").asText()).contains("故障");

    // the review is open again; done in ExportCert, the case moves on
    long redo = awaitTaskFor("cbreviewer", caseId, "Task_ReviewApplication");
    assertThat(redo).isNotEqualTo(review);
    claimAndComplete("cbreviewer", redo, Map.of("eligibilityOutcome", "ACCEPTED", "riskLevel", "LOW"));
    awaitCase(caseId, "ELIGIBILITY", "ACCEPTED");
    awaitOpenRequest(caseId, "AgreementSigned");
    JsonNode audit = operatorDetail(caseId).path("audit");
    assertThat(audit.findValuesAsText("action")).contains("incident.sent-back");
  }

  /**
   * An application that does not say it documents a framework the rules look for: the request says
   * why, the applicant puts it right in the answer, the rules read the application again and the
   * reviewer gets it; a reviewer's own request for information reaches the applicant in their words.
   */
  @Test
  void anApplicationMissingAFrameworkIsAskedForItAndTheAnswerPutsItRight() throws Exception {
    String caseId = apply("\"ISO_IEC_27001\",\"ITU_T_Y3174\"");
    JsonNode asked = awaitOpenRequest(caseId, "ApplicationInformationProvided", "reasonCode");
    assertThat(asked.path("reasonCode").asText()).isEqualTo("ISO_IEC_23053_NOT_DOCUMENTED");
    String answers = "/api/cases/" + caseId + "/answers";
    ResponseEntity<String> unknown = post("applicant", answers,
        "{\"message\":\"ApplicationInformationProvided\",\"referenceFrameworks\":[\"NOT_A_FRAMEWORK\"]}");
    assertThat(unknown.getStatusCode()).as(unknown.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.readTree(unknown.getBody()).path("errors").findValuesAsText("field")).contains("referenceFrameworks[0]");
    ResponseEntity<String> wrongRequest = post("applicant", answers,
        "{\"message\":\"DocumentsResubmitted\",\"referenceFrameworks\":[\"ISO_IEC_23053\"]}");
    assertThat(wrongRequest.getStatusCode()).as(wrongRequest.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> answered = post("applicant", answers,
        "{\"message\":\"ApplicationInformationProvided\",\"note\":\"ISO/IEC 23053 mapping attached\","
            + "\"referenceFrameworks\":[\"ISO_IEC_23053\"]}");
    assertThat(answered.getStatusCode()).as(answered.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    step("applicant added ISO/IEC 23053 to the application in the answer");

    long review = awaitTaskFor("cbreviewer", caseId, "Task_ReviewApplication");
    claimAndComplete("cbreviewer", review, Map.of("eligibilityOutcome", "INFORMATION_REQUESTED",
        "informationRequest", "请说明欧盟区域的托管位置 / Say where the EU region is hosted."));
    JsonNode again = awaitOpenRequest(caseId, "ApplicationInformationProvided", "askedFor");
    assertThat(again.path("askedFor").asText()).isEqualTo("请说明欧盟区域的托管位置 / Say where the EU region is hosted.");
    assertThat(again.path("reasonCode").isNull() || again.path("reasonCode").isMissingNode()).as(again.toString()).isTrue();
    assertThat(operatorDetail(caseId).path("audit").findValuesAsText("action")).contains("application.amended");
    step("the reviewer's request reached the applicant in the reviewer's words");
  }

  /** The incident an operator sees on the case, saying in both languages what happened. */
  private JsonNode awaitIncident(String caseId, String elementId) {
    JsonNode item = await("incident on " + elementId).atMost(stepTimeout()).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> {
          for (JsonNode i : json.readTree(get("operator", "/api/operations/incidents?caseId=" + caseId).getBody())) {
            if (elementId.equals(i.path("incident").path("elementId").asText())) {
              return i;
            }
          }
          return null;
        }, i -> i != null);
    JsonNode incident = item.path("incident");
    assertThat(incident.path("errorMessage").asText()).contains("completed outside ExportCert").contains("未记录");
    step("completion on the engine port stopped at " + elementId + " as an incident");
    return item;
  }

  // ------------------------------------------------------------------ applicant

  private String apply() throws Exception {
    return apply("\"ISO_IEC_23053\",\"ISO_IEC_27001\",\"ITU_T_Y3174\"");
  }

  /** @param frameworks the JSON list's items: the frameworks the application says it documents */
  private String apply(String frameworks) throws Exception {
    String form = """
        {"legalName":"%s","registrationNumber":"HRB-2026-E2E","address":"1 Harbour Road",
         "contactName":"Ada Vendor","contactEmail":"ada@example.com",
         "productName":"Copilot Assist","deploymentBoundary":"EU and SG regions of the vendor's cloud",
         "versions":[{"label":"2.1","modelIdentifiers":"copilot-assist-2.1"}],
         "category":"AI_SAAS","schemeType":"TYPE_6","schemeVersion":"2026.1",
         "intendedPurpose":"Drafting customer-service replies","targetMarkets":["SG"],
         "referenceFrameworks":[%s],"notLodgedElsewhere":true}
        """.formatted(ORGANISATION, frameworks);
    ResponseEntity<String> created = post("applicant", "/api/applications", form);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    String caseId = json.readTree(created.getBody()).path("caseId").asText();
    assertThat(get("applicant2", "/api/cases/mine/" + caseId).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    step("applied: " + caseId);
    return caseId;
  }

  private Map<String, String> uploadTechnicalFile(String caseId) throws Exception {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String kind : DOCUMENT_KINDS) {
      String name = kind.toLowerCase().replace('_', '-') + ".pdf";
      byte[] pdf = ("%PDF-1.7\n% " + kind + " of Copilot Assist 2.1\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
      ResponseEntity<String> up = client("applicant").exchange(
          "/api/cases/" + caseId + "/documents?kind=" + kind, HttpMethod.POST, files("file", name, pdf), String.class);
      assertThat(up.getStatusCode()).as(up.getBody()).isEqualTo(HttpStatus.CREATED);
      assertThat(json.readTree(up.getBody()).path("sha256").asText()).isEqualTo(sha256(pdf));
      hashes.put(name, sha256(pdf));
    }
    JsonNode listed = documents(caseId);
    assertThat(listed.findValuesAsText("fileName")).containsAll(hashes.keySet());
    step("technical file uploaded: " + hashes.size() + " documents with SHA-256");
    return hashes;
  }

  private JsonNode documents(String caseId) throws Exception {
    ResponseEntity<String> r = get("applicant", "/api/cases/" + caseId + "/documents");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  private void answer(String caseId, String message, String note) throws Exception {
    ResponseEntity<String> r = post("applicant", "/api/cases/" + caseId + "/answers",
        json.writeValueAsString(Map.of("message", message, "note", note)));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    step("applicant answered " + message);
  }

  private JsonNode myCase(String caseId) throws Exception {
    ResponseEntity<String> r = get("applicant", "/api/cases/mine/" + caseId);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  private void awaitCase(String caseId, String phase, String status) {
    await("case " + caseId + " in " + phase + "/" + status).atMost(stepTimeout())
        .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode summary = myCase(caseId).path("summary");
          assertThat(summary.path("status").asText()).isEqualTo(status);
          assertThat(summary.path("phase").asText()).isEqualTo(phase);
        });
    step("applicant sees " + phase + " / " + status);
  }

  /** The open request waiting for {@code message} once it carries {@code field}. */
  private JsonNode awaitOpenRequest(String caseId, String message, String field) {
    return await("open request " + message + " with " + field).atMost(stepTimeout())
        .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .until(() -> {
          for (JsonNode r : myCase(caseId).path("progress").path("openRequests")) {
            if (message.equals(r.path("message").asText()) && r.hasNonNull(field)) {
              return r;
            }
          }
          return null;
        }, r -> r != null);
  }

  private void awaitOpenRequest(String caseId, String message) {
    await("open request " + message).atMost(stepTimeout()).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode open = myCase(caseId).path("progress").path("openRequests");
          assertThat(open.findValuesAsText("message")).contains(message);
          for (JsonNode r : open) {
            if (message.equals(r.path("message").asText())) {
              assertThat(r.path("dueAt").asText()).as("the request has a deadline").isNotBlank();
            }
          }
        });
  }

  private JsonNode certificateOf(String caseId) throws Exception {
    ResponseEntity<String> view = get("applicant", "/api/cases/" + caseId + "/certificate");
    assertThat(view.getStatusCode()).as(view.getBody()).isEqualTo(HttpStatus.OK);
    ResponseEntity<byte[]> pdf = client("applicant").getForEntity(
        "/api/cases/" + caseId + "/certificate/document", byte[].class);
    assertThat(pdf.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(new String(pdf.getBody(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(client("applicant2").getForEntity("/api/cases/" + caseId + "/certificate", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    step("applicant downloaded the certificate (" + pdf.getBody().length + " bytes of PDF)");
    return json.readTree(view.getBody());
  }

  // ------------------------------------------------------------------ staff

  /** Waits until the task is offered to {@code user}'s groups, and checks no other role sees it. */
  private long awaitTaskFor(String user, String caseId, String elementId) throws Exception {
    long key = await(elementId + " offered to " + user).atMost(stepTimeout())
        .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .until(() -> taskKey(user, caseId, elementId), k -> k != null);
    for (String other : STAFF) {
      if (!other.equals(user)) {
        assertThat(taskKey(other, caseId, elementId)).as(elementId + " must not be offered to " + other).isNull();
        assertThat(get(other, "/api/tasks/" + key).getStatusCode()).as(other + " reads " + elementId)
            .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      }
    }
    assertThat(get("applicant", "/api/tasks").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    step(elementId + " offered to " + user + " only");
    return key;
  }

  private Long taskKey(String user, String caseId, String elementId) throws Exception {
    ResponseEntity<String> r = get(user, "/api/tasks?scope=groups");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    for (JsonNode item : json.readTree(r.getBody())) {
      if (caseId.equals(item.path("caseId").asText())
          && elementId.equals(item.path("task").path("elementId").asText())) {
        return item.path("task").path("key").asLong();
      }
    }
    return null;
  }

  private void claim(String user, long key) {
    ResponseEntity<String> r = post(user, "/api/tasks/" + key + "/claim",
        "{\"declaration\":\"No financial, family or consulting ties to " + ORGANISATION + "\",\"conflict\":false}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
  }

  private void complete(String user, long key, Map<String, Object> variables) throws Exception {
    ResponseEntity<String> r = post(user, "/api/tasks/" + key + "/complete",
        json.writeValueAsString(Map.of("variables", variables)));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    step(user + " completed task " + key + " with " + variables.keySet());
  }

  private void claimAndComplete(String user, long key, Map<String, Object> variables) throws Exception {
    claim(user, key);
    complete(user, key, variables);
  }

  private String attachTestReport(long task, String caseId) throws Exception {
    byte[] bytes = TestReports.passing("ALPHA-2026-E2E-1", caseId, "2.1");
    ResponseEntity<String> up = client("lab").exchange("/api/tasks/" + task + "/evidence?kind=TEST_REPORT",
        HttpMethod.POST, files("file", "test-report.json", bytes), String.class);
    assertThat(up.getStatusCode()).as(up.getBody()).isEqualTo(HttpStatus.CREATED);
    JsonNode stored = json.readTree(up.getBody());
    assertThat(stored.path("sha256").asText()).isEqualTo(sha256(bytes));
    step("lab attached its test report " + stored.path("evidenceId").asText());
    return stored.path("evidenceId").asText();
  }

  private JsonNode operatorDetail(String caseId) throws Exception {
    ResponseEntity<String> r = get("operator", "/api/operations/cases/" + caseId);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  // ------------------------------------------------------------------ partner and public

  private PartnerBody.Received awaitPartnerReceives(String type, String caseId) {
    return await("partner receives " + type).atMost(stepTimeout()).pollInterval(Duration.ofMillis(300))
        .until(() -> partnerBody().received().stream()
            .filter(r -> r.body().contains("\"type\":\"" + type + "\"") && r.body().contains(caseId))
            .findFirst().orElse(null), r -> r != null);
  }

  /**
   * What the partner downloads from {@code dossierUrl}: the zip whose manifest is the one announced
   * in the request, signed with the key beside it, listing the assessment report PDF (Chinese and
   * English) with the hash of the bytes in the zip.
   */
  private void assertDossierCarriesTheSignedAssessmentReport(JsonNode request, String certificateNumber) throws Exception {
    HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(request.path("dossierUrl").asText())).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    Map<String, byte[]> zip = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(download.body()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        zip.put(e.getName(), in.readAllBytes());
      }
    }
    byte[] manifest = zip.get("manifest.json");
    assertThat(json.readTree(manifest)).isEqualTo(request.path("manifest"));
    assertThat(sha256(manifest)).isEqualTo(request.path("manifestSha256").asText());
    byte[] signature = Base64.getDecoder().decode(request.path("manifestSignature").asText());
    PublicKey key = ManifestSigner.decodePublic(new String(zip.get("signing-key.pub"), StandardCharsets.US_ASCII));
    assertThat(ManifestSigner.verify(key, manifest, signature)).isTrue();
    JsonNode report = null;
    for (JsonNode f : json.readTree(manifest).path("files")) {
      if ("ASSESSMENT_REPORT".equals(f.path("kind").asText())) {
        report = f;
      }
    }
    assertThat(report).as("assessment report in " + request.path("manifest")).isNotNull();
    byte[] pdf = zip.get(report.path("name").asText());
    assertThat(sha256(pdf)).isEqualTo(report.path("sha256").asText());
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(new PDFTextStripper().getText(doc)).contains("认证评估报告", "Certification assessment report",
          certificateNumber, "ALPHA-2026-E2E-1", "批准认证 / Granted", "Documentation conforms");
    }
    step("partner downloaded the dossier: signed manifest, assessment report PDF in both languages");
  }

  private void assertSignedWithTheSharedSecret(PartnerBody.Received r) {
    String timestamp = r.header("X-ExportCert-Timestamp");
    assertThat(r.header("X-ExportCert-Signature")).isEqualTo("sha256=" + hmac(timestamp + "." + r.body()));
  }

  private void partnerAnswers(String caseId, String market, String outcome, String reference) throws Exception {
    String body = json.writeValueAsString(Map.of("outcome", outcome, "partnerReference", reference));
    String ts = Long.toString(Instant.now().getEpochSecond());
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-ExportCert-Partner", PARTNER_CODE);
    headers.set("X-ExportCert-Timestamp", ts);
    headers.set("X-ExportCert-Signature", "sha256=" + hmac(ts + "." + body));
    String path = "/api/partner/recognitions/" + caseId + "/" + market;
    ResponseEntity<String> r = anonymous().postForEntity(path, new HttpEntity<>(body, headers), String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    ResponseEntity<String> replay = anonymous().postForEntity(path, new HttpEntity<>(body, headers), String.class);
    assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    step("partner answered " + outcome + " (signed), replay refused");
  }

  private JsonNode awaitRegistryLine(String service, Predicate<JsonNode> condition) {
    return await("registry lists " + service).atMost(stepTimeout()).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> {
          ResponseEntity<String> r = anonymous().getForEntity("/api/public/registry?service={s}", String.class, service);
          for (JsonNode l : json.readTree(r.getBody()).path("items")) {
            if (service.equals(l.path("serviceName").asText()) && condition.test(l)) {
              return l;
            }
          }
          return null;
        }, l -> l != null);
  }

  private JsonNode verifyPrinted(String printed) throws Exception {
    ResponseEntity<String> r = anonymous().getForEntity("/api/public/certificates?number={n}", String.class, printed);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  private JsonNode verify(String number) throws Exception {
    ResponseEntity<String> r = anonymous().getForEntity("/api/public/certificates/{n}", String.class, number);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  // ------------------------------------------------------------------ HTTP

  private TestRestTemplate anonymous() {
    return new TestRestTemplate(new RestTemplateBuilder().rootUri(apiUrl()));
  }

  private TestRestTemplate client(String user) {
    return new TestRestTemplate(new RestTemplateBuilder().rootUri(apiUrl()), user, password(user));
  }

  private ResponseEntity<String> get(String user, String path) {
    return client(user).getForEntity(path, String.class);
  }

  private ResponseEntity<String> post(String user, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client(user).postForEntity(path, new HttpEntity<>(body, headers), String.class);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(PARTNER_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void step(String what) {
    steps.add(what);
    log.info("e2e: {}", what);
  }
}
