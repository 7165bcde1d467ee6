package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.api.testing.MultipartBodies.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.testing.Chromium;
import org.exportcert.api.testing.KnownUserPasswords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Program managers change the shipped models: the draft lifecycle and four eyes over HTTP, then
 * the whole journey in headless Chromium with the shipped due-dates table — a case decided with
 * the deployed rule, edit the rule in the modeler, save, the impact lists that case with its old
 * and new deadline, a second manager approves and deploys, a new case gets the new deadline.
 */
@KnownUserPasswords
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/ModelerJourneyTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.workers.enabled=false",
      // the shipped bundle is deployed at start; a shared, busy machine may take longer than 10 s
      "camunda.client.request-timeout=PT2M",
      // a path's wait gives up after this; the broken path below waits it out (the default 30 s is
      // for drafts on a loaded server; every passing path here ends in about a second)
      "exportcert.models.path-checks.path-timeout=PT10S"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelerJourneyTest {

  static final String TWIN_LAB_90 = "<outputEntry id=\"OutputEntry_1_5\"><text>\"P90D\"</text>";
  static final String TWIN_LAB_60 = "<outputEntry id=\"OutputEntry_1_5\"><text>\"P60D\"</text>";

  static {
    TestDataDirectories.fresh("ModelerJourneyTest");
  }

  static Chromium browser;
  static String earlier;

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired CaseProcesses processes;
  final ObjectMapper json = new ObjectMapper();

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.close();
    }
  }

  // ------------------------------------------------------------------------------ over HTTP

  @Test
  @Order(1)
  void aDraftIsVersionedAndOnlyASecondManagerApprovesIt() throws IOException {
    ResponseEntity<String> created = as("manager").postForEntity("/api/models/drafts",
        jsonBody("{\"name\":\"Shorter twin testing\"}"), String.class);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    long id = read(created).path("id").asLong();
    assertThat(read(created).path("revision").asInt()).isEqualTo(1);

    ResponseEntity<String> nameless = as("manager").postForEntity("/api/models/drafts", jsonBody("{\"name\":\" \"}"),
        String.class);
    assertThat(nameless.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(nameless).path("type").asText()).isEqualTo("urn:exportcert:problem:validation");
    ResponseEntity<String> badName = save("manager", id, 1, Map.of("evil name.bpmn", "<x/>"));
    assertThat(badName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    JsonNode draft = read(as("manager").getForEntity("/api/models/drafts/" + id, String.class));
    String dmn = draft.path("files").path("due-dates.dmn").asText();
    assertThat(dmn).contains(TWIN_LAB_90);
    assertThat(draft.path("files").has("certification-case.bpmn")).as("the whole bundle").isTrue();

    Map<String, String> bundle = bundleOf(draft);
    bundle.put("due-dates.dmn", dmn.replace(TWIN_LAB_90, TWIN_LAB_60));
    ResponseEntity<String> saved = save("manager", id, 1, bundle);
    assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(read(saved).path("revision").asInt()).isEqualTo(2);

    ResponseEntity<String> stale = save("manager2", id, 1, bundle);
    assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(read(stale).path("type").asText()).isEqualTo("urn:exportcert:problem:stale-revision");

    JsonNode diff = read(as("manager").getForEntity("/api/models/drafts/" + id + "/diff", String.class));
    List<String> changed = new ArrayList<>();
    diff.forEach(f -> f.path("changes").forEach(c -> changed.add(f.path("file").asText() + "#" + c.path("id").asText())));
    assertThat(changed).containsExactly("due-dates.dmn#Rule_due_dates_1");

    ResponseEntity<String> early = as("manager2").postForEntity("/api/models/drafts/" + id + "/deployment", null, String.class);
    assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(read(early).path("type").asText()).isEqualTo("urn:exportcert:problem:draft-state");

    ResponseEntity<String> own = approve("manager", id, 2);
    assertThat(own.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(own.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(read(own).path("type").asText()).isEqualTo("urn:exportcert:problem:four-eyes");
    assertThat(as("operator").getForEntity("/api/models/drafts", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // no path run on revision 2: approval is refused, saying so and how to run them, in both languages
    ResponseEntity<String> untested = approve("manager2", id, 2);
    assertThat(untested.getStatusCode()).as(untested.getBody()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(untested.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(read(untested).path("type").asText()).isEqualTo("urn:exportcert:problem:paths-not-passed");
    assertThat(read(untested).path("detail").asText()).contains("No path test has run on revision 2")
        .contains("/api/models/drafts/" + id + "/path-runs");
    assertThat(read(untested).path("revision").asInt()).isEqualTo(2);
    assertThat(read(untested).path("pathRunId").isNull()).isTrue();
    ResponseEntity<String> untestedZh = as("manager2").postForEntity("/api/models/drafts/" + id + "/approval",
        jsonBody("{\"revision\":2}", "zh-CN"), String.class);
    assertThat(read(untestedZh).path("title").asText()).isEqualTo("路径测试未通过");
    assertThat(read(untestedZh).path("detail").asText()).contains("修订 2 尚未运行过路径测试").contains("运行路径测试");

    ResponseEntity<String> run = as("manager2").postForEntity("/api/models/drafts/" + id + "/path-runs", null, String.class);
    assertThat(run.getStatusCode()).as(run.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(read(run).path("passed").asBoolean()).as(run.getBody()).isTrue();
    ResponseEntity<String> approved = approve("manager2", id, 2);
    assertThat(approved.getStatusCode()).as(approved.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(read(approved).path("status").asText()).isEqualTo("APPROVED");

    // a change after the approval voids it: the approver saw another bundle
    ResponseEntity<String> later = save("manager", id, 2, bundleOf(draft));
    assertThat(read(later).path("status").asText()).isEqualTo("OPEN");
    assertThat(read(later).path("approvedBy").isNull()).isTrue();

    ResponseEntity<String> discarded = as("manager").exchange("/api/models/drafts/" + id, HttpMethod.DELETE,
        null, String.class);
    assertThat(read(discarded).path("status").asText()).isEqualTo("DISCARDED");
    assertThat(save("manager", id, 3, bundle).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    assertThat(jdbc.queryForList("SELECT action FROM audit_entry WHERE subject_type = 'model-draft'"
        + " AND subject_id = ? ORDER BY seq", String.class, Long.toString(id))).containsExactly(
        "models.draft.created", "models.draft.saved", "models.draft.path-tested", "models.draft.approved",
        "models.draft.saved", "models.draft.discarded");
  }

  // ------------------------------------------------------------------------------ in the browser

  @Test
  @Order(2)
  void aManagerChangesTheDueDatesTableSeesTheImpactAndASecondManagerApprovesAndDeploysIt() throws Exception {
    // a digital-twin case the deployed table gave 90 days of lab testing
    earlier = apply("Twin Before");
    assertThat(dueDates(earlier).path("testExecution").asText()).isEqualTo("P90D");

    browser = Chromium.start(port, "en-GB,en");
    WebDriver driver = browser.driver();
    browser.signIn("manager");
    browser.open("/console/modeler.html");
    // the release a draft starts from is named in words, not by its "shipped" tag
    browser.until(d -> d.findElements(By.cssSelector("#draft-from option")).stream()
        .anyMatch(o -> o.getDomProperty("textContent").startsWith("Models shipped with ExportCert")));
    browser.waitFor(By.id("draft-name")).sendKeys("Twin lab testing in 60 days");
    driver.findElement(By.id("create-draft")).click();
    browser.until(d -> d.getCurrentUrl().contains("draft="));
    long id = Long.parseLong(driver.getCurrentUrl().replaceAll(".*draft=(\\d+).*", "$1"));
    browser.until(ExpectedConditions.attributeToBe(By.id("canvas"), "data-ready", "true"));

    new Select(driver.findElement(By.id("file"))).selectByValue("due-dates.dmn");
    browser.until(ExpectedConditions.attributeToBe(By.id("canvas"), "data-file", "due-dates.dmn"));
    WebElement cell = browser.waitFor(By.cssSelector("#canvas td[data-element-id='OutputEntry_1_5']"));
    // the table has no properties panel: it gets the editor's whole width (the browser is 1366 wide),
    // not 320 px less beside an empty column
    assertThat(driver.findElement(By.id("properties")).isDisplayed()).as("an empty properties panel").isFalse();
    assertThat((Long) browser.script("const c = document.getElementById('canvas');"
        + " return c.parentElement.clientWidth - c.clientWidth")).isLessThanOrEqualTo(2L);
    // as a person does: click into the cell, select its text, type the new duration
    browser.script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", cell);
    new Actions(driver).moveToElement(cell).click().perform();
    browser.until(d -> (Boolean) browser.script("return arguments[0].contains(document.activeElement)", cell));
    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys("\"P60D\"").perform();
    browser.until(ExpectedConditions.elementToBeClickable(By.id("save"))).click();
    browser.until(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-revision", "2"));
    WebElement changedRule = browser.waitFor(By.cssSelector("#diff li[data-element='Rule_due_dates_1']"));
    // the rule by its row and annotation, as the table shows it
    assertThat(changedRule.getText()).contains("rule 1 · Digital twins: longer lab testing");
    // only the table changed: the process shown first (and merely looked at) is saved as it was, so no
    // new version of it is deployed and the impact lists no process
    assertThat(driver.findElements(By.cssSelector("#diff [data-testid=diff] > details > summary")))
        .extracting(WebElement::getText).containsExactly("due-dates.dmn: changed");
    browser.until(ExpectedConditions.attributeToBe(By.id("lint-state"), "data-clean", "true"));

    // the impact: the earlier twin case would get 60 days instead of 90; no other output changes
    browser.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=impact]"), "data-revision", "2"));
    WebElement row = browser.waitFor(By.cssSelector("#impact [data-decision='due-dates'] tr[data-case='" + earlier
        + "'][data-outcome='CHANGED']"));
    assertThat(row.findElements(By.cssSelector("li[data-output]"))).extracting(WebElement::getText)
        .containsExactly("testExecution: P90D → P60D");
    assertThat(driver.findElement(By.cssSelector("#impact [data-decision='due-dates'] p")).getText())
        .contains("1 case would get another outcome");
    browser.screenshot("modeler");
    assertThat(driver.findElement(By.id("approve")).isEnabled()).as("the author cannot approve").isFalse();

    browser.signIn("manager2");
    browser.open("/console/modeler.html?draft=" + id);
    browser.until(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-revision", "2"));
    browser.waitFor(By.cssSelector("#impact tr[data-case='" + earlier + "']"));
    // the reviewer runs the build's path tests on the revision; what they took shows on the diagram
    browser.waitFor(By.cssSelector("[data-testid=paths-none]"));
    // next to the approve button: nothing tested yet; approving now is refused, saying why, right there
    browser.until(ExpectedConditions.attributeToBe(By.id("approval-paths"), "data-state", "none"));
    browser.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
    WebElement refusal = browser.waitFor(By.cssSelector("#approval-problem [role=alert]"));
    assertThat(refusal.getText()).contains("Path tests not passed").contains("No path test has run on revision 2");
    assertThat(driver.findElement(By.id("draft-state")).getAttribute("data-status")).isEqualTo("OPEN");
    browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=approval-run-paths]"))).click();
    WebElement paths = new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofMinutes(4), Duration.ofMillis(100))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=paths][data-revision='2']")));
    assertThat(paths.getAttribute("data-passed")).as(paths.getText()).isEqualTo("true");
    new Select(driver.findElement(By.id("file"))).selectByValue("eligibility.bpmn");
    browser.until(ExpectedConditions.attributeToBe(By.id("canvas"), "data-file", "eligibility.bpmn"));
    browser.waitFor(By.cssSelector("#canvas [data-element-id='Task_ReviewApplication'].ec-path-taken"));
    // the process by its name, each path by its name in the page's language
    assertThat(browser.waitFor(By.id("paths-coverage")).getText()).contains("elements of Eligibility taken by the paths");
    assertThat(paths.findElement(By.cssSelector("li[data-path='In scope, accepted by the reviewer, agreement signed']"))
        .getText()).endsWith("Eligibility: In scope, accepted by the reviewer, agreement signed");
    assertThat(driver.findElement(By.id("approval-paths")).getAttribute("data-state")).isEqualTo("passed");
    assertThat(driver.findElement(By.id("approval-problem")).getText()).as("the refusal is gone once run").isEmpty();
    browser.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
    browser.until(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-status", "APPROVED"));
    browser.until(ExpectedConditions.elementToBeClickable(By.id("deploy"))).click();
    browser.until(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-status", "DEPLOYED"));

    JsonNode deployed = read(as("manager").getForEntity("/api/models/releases/deployed", String.class));
    assertThat(deployed.path("release").path("versionTag").asText()).startsWith("draft-" + id + "-r2");
    assertThat(deployed.path("release").path("draftId").asLong()).isEqualTo(id);
    // the bundle to go back to is found by the change's name, not only by its tag
    assertThat(deployed.path("release").path("draftName").asText()).isEqualTo("Twin lab testing in 60 days");
    browser.open("/console/modeler.html");
    browser.waitFor(By.cssSelector("#releases li"), "Twin lab testing in 60 days (draft-" + id + "-r2");
    assertThat(deployed.path("files").path("due-dates.dmn").asText()).contains("\"P60D\"");
    // a new twin case gets the new deadline; the earlier one keeps what it started with
    String later = apply("Twin After");
    assertThat(dueDates(later).path("testExecution").asText()).isEqualTo("P60D");
    assertThat(dueDates(earlier).path("testExecution").asText()).isEqualTo("P90D");
    assertThat(jdbc.queryForList("SELECT actor || ' ' || action FROM audit_entry WHERE subject_type = 'model-draft'"
        + " AND subject_id = ? ORDER BY seq", String.class, Long.toString(id))).containsExactly(
        "manager models.draft.created", "manager models.draft.saved", "manager2 models.draft.path-tested",
        "manager2 models.draft.approved", "manager2 models.draft.deployed");
  }

  // ------------------------------------------------------------------------------ roll-out

  @Test
  @Order(3)
  void anOperatorMovesARunningCaseToTheNewestProcessVersion() throws IOException {
    Assumptions.assumeTrue(earlier != null, "needs the case of the journey above");
    JsonNode none = read(as("operator").getForEntity("/api/operations/cases/" + earlier + "/migration", String.class));
    assertThat(none.path("moves")).as("a changed table makes no new process version").isEmpty();

    // a new version of the main process (renamed, same elements)
    JsonNode bundle = read(as("manager").getForEntity("/api/models/releases/deployed", String.class));
    String bpmn = bundle.path("files").path("certification-case.bpmn").asText();
    String renamed = bpmn.replaceFirst("(<bpmn:process id=\"certification-case\"[^>]*name=\")([^\"]*)\"", "$1$2 (2027)\"");
    assertThat(renamed).isNotEqualTo(bpmn);
    Map<String, String> whole = bundleOf(bundle);
    whole.put("certification-case.bpmn", renamed);
    List<Object> parts = new ArrayList<>();
    whole.forEach((name, content) -> {
      parts.add(name);
      parts.add(content.getBytes(StandardCharsets.UTF_8));
    });
    ResponseEntity<String> deployed = as("manager").postForEntity("/api/models/deployments",
        files("files", parts.toArray()), String.class);
    assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.CREATED);

    JsonNode plan = read(as("operator").getForEntity("/api/operations/cases/" + earlier + "/migration", String.class));
    assertThat(plan.path("moves")).hasSize(1);
    JsonNode move = plan.path("moves").get(0);
    assertThat(move.path("processDefinitionId").asText()).isEqualTo("certification-case");
    assertThat(move.path("toVersion").asInt()).isGreaterThan(move.path("fromVersion").asInt());
    assertThat(move.path("movable").asBoolean()).as(move.toString()).isTrue();
    assertThat(as("manager").getForEntity("/api/operations/cases/" + earlier + "/migration", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<String> moved = as("operator").postForEntity("/api/operations/cases/" + earlier + "/migration",
        jsonBody("{\"reason\":\"Roll-out of the 2027 case model\"}"), String.class);
    assertThat(moved.getStatusCode()).as(moved.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(read(moved).path("moved")).hasSize(1);
    assertThat(read(moved).path("moves")).as("nothing stayed").isEmpty();
    assertThat(processes.activeCaseInstance(earlier).orElseThrow().version()).isEqualTo(move.path("toVersion").asInt());
    assertThat(read(as("operator").getForEntity("/api/operations/cases/" + earlier + "/migration", String.class))
        .path("moves")).isEmpty();
    assertThat(jdbc.queryForList("SELECT action FROM audit_entry WHERE subject_id = ? AND action = 'case.migrated'",
        String.class, earlier)).hasSize(1);
  }

  // ------------------------------------------------------------------------------ path tests

  @Test
  @Order(4)
  void pathTestsRunOnADraftRevisionAndABrokenRuleFailsThePathItBreaks() throws IOException {
    long id = read(as("manager").postForEntity("/api/models/drafts", jsonBody("{\"name\":\"Training services in scope\"}"),
        String.class)).path("id").asLong();
    ResponseEntity<String> run = as("manager2").postForEntity("/api/models/drafts/" + id + "/path-runs", null, String.class);
    assertThat(run.getStatusCode()).as(run.getBody()).isEqualTo(HttpStatus.CREATED);
    JsonNode clean = read(run);
    assertThat(clean.path("passed").asBoolean()).as(clean.toString()).isTrue();
    assertThat(clean.path("revision").asInt()).isEqualTo(1);
    assertThat(clean.path("results")).hasSizeGreaterThanOrEqualTo(6);
    List<String> taken = new ArrayList<>();
    clean.path("coverage").path("eligibility").forEach(e -> taken.add(e.asText()));
    assertThat(taken).contains("Task_ReviewApplication", "Boundary_ResubmissionDeadline", "EndEvent_ApplicationRefused");
    JsonNode kept = read(as("manager").getForEntity("/api/models/drafts/" + id + "/path-runs/latest", String.class));
    assertThat(kept.path("id").asLong()).isEqualTo(clean.path("id").asLong());

    // the rules now admit model-training services: the out-of-scope path no longer holds
    JsonNode draft = read(as("manager").getForEntity("/api/models/drafts/" + id, String.class));
    Map<String, String> bundle = bundleOf(draft);
    String rules = bundle.get("eligibility-rules.dmn");
    String admitting = rules.replace("not(\"AI_SAAS\",\"INTELLIGENT_OPERATIONS_PLATFORM\",\"INDUSTRIAL_DIGITAL_TWIN\")",
        "not(\"AI_SAAS\",\"INTELLIGENT_OPERATIONS_PLATFORM\",\"INDUSTRIAL_DIGITAL_TWIN\",\"MODEL_TRAINING_SERVICE\")");
    assertThat(admitting).isNotEqualTo(rules);
    bundle.put("eligibility-rules.dmn", admitting);
    assertThat(save("manager", id, 1, bundle).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    ResponseEntity<String> none = as("manager").getForEntity("/api/models/drafts/" + id + "/path-runs/latest", String.class);
    // "no run yet" is the normal state of a new revision: no error status (a browser logs every 404)
    assertThat(none.getStatusCode()).as("a run belongs to the revision it ran on").isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(none.getBody()).isNull();
    // a passing run of revision 1 does not approve revision 2: the run must be of the revision approved
    ResponseEntity<String> otherRevision = approve("manager2", id, 2);
    assertThat(otherRevision.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(read(otherRevision).path("type").asText()).isEqualTo("urn:exportcert:problem:paths-not-passed");
    assertThat(read(otherRevision).path("detail").asText()).contains("No path test has run on revision 2");

    JsonNode broken = read(as("manager2").postForEntity("/api/models/drafts/" + id + "/path-runs", null, String.class));
    assertThat(broken.path("passed").asBoolean()).isFalse();
    List<String> failed = new ArrayList<>();
    broken.path("results").forEach(r -> {
      if (!r.path("passed").asBoolean()) {
        failed.add(r.path("path").asText());
      }
    });
    assertThat(failed).containsExactly("Category out of scope: refused by the rules with a reason");
    // the failed run is the newest of revision 2: approval names the failed path
    ResponseEntity<String> failing = approve("manager2", id, 2);
    assertThat(failing.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    JsonNode refusal = read(failing);
    assertThat(refusal.path("type").asText()).isEqualTo("urn:exportcert:problem:paths-not-passed");
    assertThat(refusal.path("pathRunId").asLong()).isEqualTo(broken.path("id").asLong());
    assertThat(refusal.path("failedPaths")).hasSize(1);
    assertThat(refusal.path("failedPaths").get(0).asText()).endsWith("Category out of scope: refused by the rules with a reason");
    assertThat(refusal.path("detail").asText()).contains("failed 1 of " + broken.path("results").size() + " paths")
        .contains("Category out of scope");
    assertThat(read(as("manager2").getForEntity("/api/models/drafts/" + id, String.class)).path("draft")
        .path("status").asText()).isEqualTo("OPEN");
    assertThat(jdbc.queryForList("SELECT action FROM audit_entry WHERE subject_type = 'model-draft' AND subject_id = ?"
        + " AND action = 'models.draft.path-tested'", String.class, Long.toString(id))).hasSize(2);

    // in the modeler, what the failed path waited for reads as words: the admitted category now waits
    // for the review, so the process never ends (it read "Waited 30 s for the process to end COMPLETED.")
    Assumptions.assumeTrue(browser != null, "needs the browser of the journey above");
    browser.signIn("manager2");
    browser.open("/console/modeler.html?draft=" + id);
    WebElement failure = browser.waitFor(
        By.cssSelector("[data-testid=paths][data-revision='2'] li[data-passed=false] li[data-failure='lint.path.waited-end']"));
    assertThat(failure.getText()).isEqualTo("Waited 10 s for the process to end (completed): it still waits at a step the path"
        + " did not get past.");
  }

  // ------------------------------------------------------------------------------ paging

  @Test
  @Order(5)
  void draftsAndReleasesArePagedWithTheirTotalAndNothingIsLeftOut() throws IOException {
    for (String name : List.of("Paging one", "Paging two", "Paging three")) {
      assertThat(as("manager").postForEntity("/api/models/drafts", jsonBody("{\"name\":\"" + name + "\"}"), String.class)
          .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }
    long drafts = jdbc.queryForObject("SELECT count(*) FROM model_draft", Long.class);
    assertThat(drafts).as("more drafts than one page of 2").isGreaterThan(2);
    List<JsonNode> all = walk("/api/models/drafts", 2, drafts);
    assertThat(all.get(0).path("name").asText()).isEqualTo("Paging three");
    assertThat(all).extracting(d -> d.path("id").asLong()).doesNotHaveDuplicates()
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());

    long releases = jdbc.queryForObject("SELECT count(*) FROM model_release", Long.class);
    assertThat(releases).as("the journey deployed at least one release: with the shipped one, two pages of 1").isGreaterThanOrEqualTo(1);
    List<JsonNode> bundles = walk("/api/models/releases", 1, releases + 1);
    assertThat(bundles.get(bundles.size() - 1).path("id").asLong()).as("the shipped bundle comes last").isZero();
    assertThat(bundles.subList(0, bundles.size() - 1)).extracting(r -> r.path("id").asLong()).doesNotHaveDuplicates()
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());

    for (String bad : List.of("size=0", "size=101", "page=-1")) {
      ResponseEntity<String> refused = as("manager").getForEntity("/api/models/drafts?" + bad, String.class);
      assertThat(refused.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(read(refused).path("type").asText()).isEqualTo("urn:exportcert:problem:validation");
      assertThat(as("manager").getForEntity("/api/models/releases?" + bad, String.class).getStatusCode()).as(bad)
          .isEqualTo(HttpStatus.BAD_REQUEST);
    }
  }

  /** Every page of a paged list, checked to say the same total and to hold at most size rows. */
  List<JsonNode> walk(String path, int size, long expectedTotal) throws IOException {
    List<JsonNode> items = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode p = read(as("manager").getForEntity(path + "?page=" + page + "&size=" + size, String.class));
      assertThat(p.path("total").asLong()).as(path + " total").isEqualTo(expectedTotal);
      assertThat(p.path("page").asInt()).isEqualTo(page);
      assertThat(p.path("items").size()).as(path + " page " + page).isLessThanOrEqualTo(size);
      if (p.path("items").isEmpty()) {
        break;
      }
      p.path("items").forEach(items::add);
    }
    assertThat(items).as(path + ": every row once").hasSize((int) expectedTotal);
    return items;
  }

  /** An applicant applies for a digital twin; the case starts on the deployed models. */
  String apply(String product) throws IOException {
    String form = """
        {"legalName":"Example AI Ltd","registrationNumber":"HRB-TWIN-1","contactEmail":"twin@example.com",
         "productName":"%s","versions":[{"label":"1.0","modelIdentifiers":"m-1"}],
         "category":"INDUSTRIAL_DIGITAL_TWIN","schemeType":"TYPE_6","schemeVersion":"2026.1",
         "targetMarkets":["SG"],"referenceFrameworks":["ISO_IEC_27001"],"notLodgedElsewhere":true}
        """.formatted(product);
    ResponseEntity<String> applied = as("applicant").postForEntity("/api/applications", jsonBody(form), String.class);
    assertThat(applied.getStatusCode()).as(applied.getBody()).isEqualTo(HttpStatus.CREATED);
    return read(applied).path("caseId").asText();
  }

  /** The due dates the engine decided when the case started (the due-dates business rule task). */
  JsonNode dueDates(String caseId) {
    return Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> processes.activeCaseInstance(caseId)
        .flatMap(i -> processes.variable(i.key(), "dueDates")).map(v -> {
          try {
            return json.readTree(v);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }).orElse(null), v -> v != null && v.isObject());
  }

  // ------------------------------------------------------------------------------ helpers

  Map<String, String> bundleOf(JsonNode draft) {
    Map<String, String> files = new java.util.TreeMap<>();
    draft.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
    return files;
  }

  ResponseEntity<String> save(String user, long id, int baseRevision, Map<String, String> bundle) {
    List<Object> parts = new ArrayList<>();
    bundle.forEach((name, content) -> {
      parts.add(name);
      parts.add(content.getBytes(StandardCharsets.UTF_8));
    });
    return as(user).postForEntity("/api/models/drafts/" + id + "/revisions?baseRevision=" + baseRevision,
        files("files", parts.toArray()), String.class);
  }

  ResponseEntity<String> approve(String user, long id, int revision) {
    return as(user).postForEntity("/api/models/drafts/" + id + "/approval",
        jsonBody("{\"revision\":" + revision + "}"), String.class);
  }

  TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user + "-pw");
  }

  JsonNode read(ResponseEntity<String> r) throws IOException {
    return json.readTree(r.getBody());
  }

  static HttpEntity<String> jsonBody(String body) {
    return jsonBody(body, "en");
  }

  static HttpEntity<String> jsonBody(String body, String language) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
    return new HttpEntity<>(body, headers);
  }
}
