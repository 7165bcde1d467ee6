package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.api.testing.MultipartBodies.files;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.testing.KnownUserPasswords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
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
 * the whole journey in headless Chromium with the shipped due-dates table — edit a rule in the
 * modeler, save, a second manager approves and deploys, the engine decides with the new rule.
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
      "camunda.client.request-timeout=PT2M"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelerJourneyTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String TWIN_LAB_90 = "<outputEntry id=\"OutputEntry_1_5\"><text>\"P90D\"</text>";
  static final String TWIN_LAB_60 = "<outputEntry id=\"OutputEntry_1_5\"><text>\"P60D\"</text>";

  static {
    TestDataDirectories.fresh("ModelerJourneyTest");
  }

  static WebDriver driver;

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired CamundaClient client;
  final ObjectMapper json = new ObjectMapper();

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
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
        "models.draft.created", "models.draft.saved", "models.draft.approved", "models.draft.saved",
        "models.draft.discarded");
  }

  // ------------------------------------------------------------------------------ in the browser

  @Test
  @Order(2)
  void aManagerChangesTheDueDatesTableAndASecondManagerApprovesAndDeploysIt() throws Exception {
    startBrowser();
    signIn("manager");
    open("/console/modeler.html");
    waitFor(By.id("draft-name")).sendKeys("Twin lab testing in 60 days");
    driver.findElement(By.id("create-draft")).click();
    wait(d -> d.getCurrentUrl().contains("draft="));
    long id = Long.parseLong(driver.getCurrentUrl().replaceAll(".*draft=(\\d+).*", "$1"));
    wait(ExpectedConditions.attributeToBe(By.id("canvas"), "data-ready", "true"));

    new Select(driver.findElement(By.id("file"))).selectByValue("due-dates.dmn");
    wait(ExpectedConditions.attributeToBe(By.id("canvas"), "data-file", "due-dates.dmn"));
    WebElement cell = waitFor(By.cssSelector("#canvas td[data-element-id='OutputEntry_1_5']"));
    // as a person does: click into the cell, select its text, type the new duration
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "arguments[0].scrollIntoView({block: 'center', inline: 'center'})", cell);
    new Actions(driver).moveToElement(cell).click().perform();
    wait(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
        "return arguments[0].contains(document.activeElement)", cell));
    new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys("\"P60D\"").perform();
    wait(ExpectedConditions.elementToBeClickable(By.id("save"))).click();
    wait(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-revision", "2"));
    waitFor(By.cssSelector("#diff li[data-element='Rule_due_dates_1']"));
    wait(ExpectedConditions.attributeToBe(By.id("lint-state"), "data-clean", "true"));
    screenshot("modeler");
    assertThat(driver.findElement(By.id("approve")).isEnabled()).as("the author cannot approve").isFalse();

    signIn("manager2");
    open("/console/modeler.html?draft=" + id);
    wait(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-revision", "2"));
    wait(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
    wait(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-status", "APPROVED"));
    wait(ExpectedConditions.elementToBeClickable(By.id("deploy"))).click();
    wait(ExpectedConditions.attributeToBe(By.id("draft-state"), "data-status", "DEPLOYED"));

    JsonNode deployed = read(as("manager").getForEntity("/api/models/releases/deployed", String.class));
    assertThat(deployed.path("release").path("versionTag").asText()).startsWith("draft-" + id + "-r2");
    assertThat(deployed.path("release").path("draftId").asLong()).isEqualTo(id);
    assertThat(deployed.path("files").path("due-dates.dmn").asText()).contains("\"P60D\"");
    // the engine now decides with the new rule
    var decided = client.newEvaluateDecisionCommand().decisionId("due-dates")
        .variables(Map.of("category", "INDUSTRIAL_DIGITAL_TWIN")).send().join();
    assertThat(json.readTree(decided.getDecisionOutput()).path("testExecution").asText()).isEqualTo("P60D");
    assertThat(jdbc.queryForList("SELECT actor || ' ' || action FROM audit_entry WHERE subject_type = 'model-draft'"
        + " AND subject_id = ? ORDER BY seq", String.class, Long.toString(id))).containsExactly(
        "manager models.draft.created", "manager models.draft.saved", "manager2 models.draft.approved",
        "manager2 models.draft.deployed");
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
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  static void startBrowser() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String message = "The modeler journey needs " + CHROMIUM + " and " + CHROMEDRIVER;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + ", and CI=true requires them.");
      }
      Assumptions.abort(message + "; skipped.");
    }
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createTempDirectory("exportcert-modeler"), "--window-size=1500,1000");
    driver = new ChromeDriver(options);
  }

  void open(String path) {
    driver.get("http://localhost:" + port + path);
  }

  void signIn(String user) {
    open("/console/registry.html");
    driver.manage().deleteAllCookies();
    open("/login");
    waitFor(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(user + "-pw");
    driver.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
    wait(d -> !d.getCurrentUrl().contains("/login"));
    // the sign-in lands on the role's home page; let it finish before going elsewhere
    wait(d -> d.findElements(By.cssSelector("[data-testid=whoami]")).stream().anyMatch(e -> e.getText().contains(user)));
  }

  <T> T wait(java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(60))
        .withMessage(() -> "on " + driver.getCurrentUrl() + ", page says: " + pageText())
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
  }

  private String pageText() {
    try {
      String text = driver.findElement(By.tagName("body")).getText();
      return text.length() > 600 ? text.substring(0, 600) : text;
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  WebElement waitFor(By by) {
    return wait(ExpectedConditions.visibilityOfElementLocated(by));
  }

  static void screenshot(String page) throws IOException {
    Path docs = Path.of("").toAbsolutePath().resolveSibling("docs");
    Path dir = Files.isDirectory(docs) ? docs.resolve("screenshots") : Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(page + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
