package org.exportcert.api.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.testing.KnownUserPasswords;
import org.exportcert.api.testing.MultipartBodies;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On the local stack with the shipped models: a program manager deploys a changed deadline table
 * on its own from the console's API, the next application gets the new deadline, and the applicant
 * reads the request for information in Chinese, with that deadline and the link to the case, in
 * the console's mailbox, delivered over SMTP by the embedded mail server.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/RuleChangeAndMailboxOnLocalStackTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.outbox.poll-interval=PT0.2S",
      // the shipped bundle is deployed at start; a busy build machine must not time that out
      "camunda.client.request-timeout=PT60S",
      "exportcert.notifications.base-url=https://exportcert.example.cn"
    })
@KnownUserPasswords
class RuleChangeAndMailboxOnLocalStackTest {

  static {
    TestDataDirectories.fresh("RuleChangeAndMailboxOnLocalStackTest");
  }

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired CaseProcesses processes;
  final ObjectMapper json = new ObjectMapper();

  TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user + "-pw");
  }

  @Test
  void aDeadlineTableDeployedAloneReachesTheNextCaseAndItsApplicantReadsTheMailInChinese() throws Exception {
    // the manager lengthens the resubmission deadline (third column) from 30 to 45 days
    String shipped = new String(new ClassPathResource("models/due-dates.dmn").getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    String changed = shipped.replaceAll("(<outputEntry id=\"OutputEntry_\\d+_3\"><text>)\"[^\"]*\"", "$1\"P45D\"");
    assertThat(changed).isNotEqualTo(shipped);
    var deployed = as("manager").postForEntity("/api/models/deployments",
        MultipartBodies.files("files", "due-dates.dmn", changed.getBytes(StandardCharsets.UTF_8)), String.class);
    assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.CREATED);

    // a Chinese applicant applies without the declarations: the rules ask for information
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set(HttpHeaders.ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9");
    String form = """
        {"legalName":"Example AI Ltd","registrationNumber":"HRB-4711","contactEmail":"compliance@example-ai.cn",
         "productName":"Copilot","versions":[{"label":"1.0","modelIdentifiers":"m-1"}],
         "category":"AI_SAAS","schemeType":"%s","schemeVersion":"2026.1","targetMarkets":["SG"],
         "referenceFrameworks":["ISO_IEC_23053","ISO_IEC_27001","ITU_T_Y3174"],"notLodgedElsewhere":false}
        """.formatted(org.exportcert.certification.casefile.SchemeType.values()[0].name());
    var created = as("applicant").postForEntity("/api/applications", new HttpEntity<>(form, headers), String.class);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    String caseId = json.readTree(created.getBody()).path("caseId").asText();

    // the new case evaluated the new table
    Long instance = jdbc.queryForObject(
        "select process_instance_key from certification_case where id = ?", Long.class, caseId);
    String dueDates = await().atMost(Duration.ofSeconds(30))
        .until(() -> processes.variable(instance, "dueDates").orElse(null), v -> v != null);
    assertThat(json.readTree(dueDates).path("resubmission").asText()).isEqualTo("P45D");

    JsonNode mail = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> mailAbout(caseId), m -> m != null);
    LocalDate due = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(45);
    assertThat(mail.path("subject").asText()).isEqualTo("ExportCert 案件 " + caseId + "：需要补充信息");
    assertThat(mail.path("to").get(0).asText()).isEqualTo("compliance@example-ai.cn");
    assertThat(mail.path("body").asText())
        .contains("请在案件中打开该请求")
        .containsAnyOf(due.toString(), due.minusDays(1).toString()) // a run across midnight
        .contains("https://exportcert.example.cn/console/my-cases.html?case=" + caseId);

    // sent once, and only the applicant's organisation sees it (the dispatcher marks the message
    // sent just after the mailbox has it: wait for that mark, then there is exactly one)
    String sent = "select count(*) from outbox_message where case_id = ? and status = 'SENT'";
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> jdbc.queryForObject(sent, Integer.class, caseId), n -> n > 0);
    assertThat(jdbc.queryForObject(sent, Integer.class, caseId)).isEqualTo(1);
    String other = as("applicant2").getForObject("/api/mailbox", String.class);
    assertThat(other).doesNotContain(caseId);

    readInTheConsole(caseId);
  }

  /** The applicant opens the Mailbox page in headless Chromium and follows the mail's link. */
  void readInTheConsole(String caseId) throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      org.junit.jupiter.api.Assumptions.assumeFalse("true".equalsIgnoreCase(System.getenv("CI")),
          "CI=true requires chromium and chromium-driver");
      return; // the HTTP checks above stand on their own
    }
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
    Path profile = Files.createTempDirectory("ec-mailbox");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile);
    WebDriver driver = new ChromeDriver(options);
    try {
      var wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100));
      driver.get("http://localhost:" + port + "/login");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("applicant");
      driver.findElement(By.id("password")).sendKeys("applicant-pw");
      driver.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
      wait.until(d -> !d.getCurrentUrl().contains("/login"));
      driver.get("http://localhost:" + port + "/console/mailbox.html?q=" + caseId);
      var mail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=mail]")));
      assertThat(mail.getText()).contains("ExportCert 案件 " + caseId).contains("请在案件中打开该请求");
      assertThat(driver.findElement(By.id("filter")).getAttribute("value")).isEqualTo(caseId);
      // the link leads to the case in this console
      mail.findElement(By.partialLinkText("/console/my-cases.html?case=" + caseId)).click();
      wait.until(d -> d.getCurrentUrl().endsWith("/console/my-cases.html?case=" + caseId));
      // a filter that matches nothing says so, and stays in the address
      driver.get("http://localhost:" + port + "/console/mailbox.html?q=no-such-mail");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=mail-count]"), "0 mails"));
    } finally {
      driver.quit();
      org.springframework.util.FileSystemUtils.deleteRecursively(profile);
    }
  }

  @Test
  void theMailboxNeedsASignedInUser() {
    assertThat(http.getForEntity("/api/mailbox", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  JsonNode mailAbout(String caseId) throws Exception {
    var box = as("applicant").getForEntity("/api/mailbox", String.class);
    assertThat(box.getStatusCode()).as(box.getBody()).isEqualTo(HttpStatus.OK);
    // the mailbox keeps each address's newest mails only, and says how many (the page shows it)
    assertThat(json.readTree(box.getBody()).path("keptPerRecipient").asInt())
        .isEqualTo(org.exportcert.localstack.LocalMailServer.DEFAULT_KEEP_PER_RECIPIENT);
    for (JsonNode m : json.readTree(box.getBody()).path("mails")) {
      if (m.path("subject").asText().contains(caseId)) {
        return m;
      }
    }
    return null;
  }
}
