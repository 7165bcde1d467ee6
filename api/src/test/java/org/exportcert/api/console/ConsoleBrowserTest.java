package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.api.testing.MultipartBodies.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.testing.Chromium;
import org.exportcert.api.testing.KnownUserPasswords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console in headless Debian Chromium against the whole application on the local stack
 * (PostgreSQL, S3, ExportCert's engine), one Spring context for every scenario. State is made
 * through the API over HTTP and the engine's client, with a small stand-in for the case model
 * (the real models need workers and engine features still in progress). Each scenario saves a
 * screenshot of its page to docs/screenshots/.
 */
@KnownUserPasswords
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/ConsoleBrowserTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      // no workers: the stand-in's service task waits, so the test can fail its job on purpose
      "exportcert.workers.enabled=false"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  static final String STATUS_JOB = "exportcert.case.record-status";
  static final String CHECK_JOB = "exportcert.case.check-completion";
  static final String REGISTRATION = "HRB-4711";

  static {
    TestDataDirectories.fresh("ConsoleBrowserTest");
  }

  static WebDriver driver;
  static Path profile;
  static Path files;
  static boolean modelDeployed;

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  @Autowired CamundaClient client;
  @Autowired org.exportcert.certification.casefile.CaseService cases;
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startBrowser() throws IOException {
    profile = Files.createTempDirectory("exportcert-chromium");
    files = Files.createTempDirectory("exportcert-uploads");
    driver = new ChromeDriver(org.exportcert.api.testing.Chromium.headless("Console browser tests", profile, "en-GB"));
  }

  @AfterAll
  static void stopBrowser() throws java.io.IOException {
    if (driver != null) {
      driver.quit();
    }
    for (Path dir : new Path[] {profile, files}) {
      if (dir != null) {
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
      }
    }
  }

  @BeforeEach
  void standInModel() throws Exception {
    if (modelDeployed) {
      return;
    }
    var deployed = as("manager").postForEntity("/api/models/deployments", files("files",
        "certification-case.bpmn", standInCaseModel(), "stand-in-lab-test.form",
        LAB_FORM.getBytes(StandardCharsets.UTF_8)), String.class);
    assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.CREATED);
    modelDeployed = true;
  }

  // ------------------------------------------------------------------------------ scenarios

  @Test
  @Order(1)
  void aLabEngineerCompletesATaskWithAnUpload() throws Exception {
    String caseId = applyOverHttp("Vision QA");
    signIn("lab");
    open("/console/tasks.html?scope=groups");
    waitFor(By.cssSelector("tr[data-task-key]"), caseId);
    screenshot("tasks");
    // the priority in a word a staff member acts on, the number and what it means on hover
    WebElement priority = driver.findElement(By.xpath("//tr[td[text()='" + caseId + "']]//span[@data-priority]"));
    assertThat(priority.getText()).isEqualTo("High");
    assertThat(priority.getDomAttribute("title"))
        .isEqualTo("Priority 60 of 100: a decision or a hold on a case; do it before routine work");
    // the filter row lines up: text field, selects and button equally tall and level
    assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
        return [...new Set([...document.querySelectorAll('#filters input:not([type=checkbox]), #filters select, #filters button')]
          .map((e) => { const r = e.getBoundingClientRect(); return `${r.top.toFixed(1)}+${r.height.toFixed(1)}`; }))].length""")).isEqualTo(1L);
    // the case number and the due date stay on one line, at 1366 px and on a narrow screen, where
    // the table scrolls in its box instead of the page
    for (int width : new int[] {1366, 800}) {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
      WebElement row = driver.findElement(By.xpath("//tr[td[text()='" + caseId + "']]"));
      assertThat(Chromium.textLines(driver, row.findElement(By.xpath("td[text()='" + caseId + "']"))))
          .as("lines of the case number at %d px", width).isEqualTo(1);
      assertThat(Chromium.textLines(driver, row.findElement(By.cssSelector("td[data-overdue] .nowrap"))))
          .as("lines of the due date at %d px", width).isEqualTo(1);
      assertThat(Chromium.scrollsSideways(driver)).as("page scrolls sideways at %d px", width).isFalse();
    }
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    String taskKey = waitFor(By.xpath("//tr[td[text()='" + caseId + "']]"), caseId).getDomAttribute("data-task-key");
    clickFresh(By.xpath("//tr[td[text()='" + caseId + "']]//a"), "Run the test plan");

    waitFor(By.id("declaration")).sendKeys("No ties to Example AI Ltd or its staff.");
    driver.findElement(By.id("claim")).click();
    // the task's Camunda Form, rendered by form-js once the task is ours
    wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#task-form .fjs-form input[type=radio]")));
    driver.findElements(By.cssSelector("#task-form .fjs-form input[type=radio]")).get(0).click();
    driver.findElement(By.cssSelector("#task-form .fjs-form textarea")).sendKeys("All 14 suites of the plan passed.");
    // a reload in the middle of the form keeps what was entered
    driver.navigate().refresh();
    wait(d -> "All 14 suites of the plan passed.".equals(
        d.findElement(By.cssSelector("#task-form .fjs-form textarea")).getDomProperty("value")));
    assertThat(driver.findElements(By.cssSelector("#task-form .fjs-form input[type=radio]")).get(0).isSelected()).isTrue();
    // the session ends before completing: the sign-in page says why, and signing in again comes
    // back to the task with what was typed
    driver.manage().deleteAllCookies();
    driver.findElement(By.id("complete")).click();
    waitFor(By.cssSelector("[data-testid=login-expired]"), "Your session has ended");
    driver.findElement(By.id("username")).sendKeys("lab");
    driver.findElement(By.id("password")).sendKeys("lab-pw");
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    wait(d -> d.getCurrentUrl().contains("/console/task.html?key=" + taskKey));
    wait(d -> "All 14 suites of the plan passed.".equals(
        d.findElement(By.cssSelector("#task-form .fjs-form textarea")).getDomProperty("value")));

    Path report = files.resolve("test-report.pdf");
    Files.write(report, "%PDF-1.7\n% ExportCert stand-in test report\n".getBytes(StandardCharsets.UTF_8));
    driver.findElement(By.id("evidence-file")).sendKeys(report.toString());
    driver.findElement(By.id("upload-evidence")).click();
    waitFor(By.cssSelector("#evidence-list li"), "test-report.pdf");
    assertThat(driver.findElement(By.id("evidence-progress")).getDomProperty("value")).isEqualTo("100");
    fullPage("task");

    driver.findElement(By.id("complete")).click();
    waitFor(By.cssSelector("[data-testid=completed]"), "Task completed");

    assertThat(jdbc.queryForObject("select count(*) from evidence where case_id = ? and file_name = 'test-report.pdf'",
        Integer.class, caseId)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from staff_assignment where case_id = ? and person = 'lab'",
        Integer.class, caseId)).isEqualTo(1);
    JsonNode mine = read(as("lab").getForEntity("/api/tasks?scope=mine", String.class));
    assertThat(mine.findValuesAsText("caseId")).doesNotContain(caseId);

    // the lab's task opened by another role (a link passed on): the reason, and no empty panels
    signIn("registrar");
    open("/console/task.html?key=" + taskKey);
    waitFor(By.cssSelector("#messages [role=alert]"), "not offered to your groups");
    assertThat(driver.findElement(By.cssSelector(".split")).isDisplayed()).isFalse();
  }

  @Test
  @Order(2)
  void anOperatorFindsACaseWithAnIncidentSeesItOnTheDiagramAndRetriesIt() throws Exception {
    String caseId = applyOverHttp("Ops Copilot");
    completeLabTaskOverHttp(caseId);
    // no workers here: the test passes the completion check as its worker would (ExportCert completed the task)
    ActivatedJob check = new FluentWait<>(client).withTimeout(Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(200))
        .until(c -> c.newActivateJobsCommand().jobType(CHECK_JOB).maxJobsToActivate(10)
            .timeout(Duration.ofMinutes(10)).send().join().getJobs().stream()
            .filter(j -> caseId.equals(j.getVariablesAsMap().get("caseId"))).findFirst().orElse(null));
    client.newCompleteCommand(check.getKey()).send().join();
    // the status job fails with no retries left: an incident, as a broken worker would leave it
    ActivatedJob job = new FluentWait<>(client).withTimeout(Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(200))
        .until(c -> c.newActivateJobsCommand().jobType(STATUS_JOB).maxJobsToActivate(10)
            .timeout(Duration.ofMinutes(10)).send().join().getJobs().stream()
            .filter(j -> caseId.equals(j.getVariablesAsMap().get("caseId"))).findFirst().orElse(null));
    client.newFailCommand(job.getKey()).retries(0).errorMessage("Status store unreachable").send().join();
    new FluentWait<>(this).withTimeout(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(200))
        .until(t -> t.incidentsOf(caseId).size() == 1);

    signIn("operator");
    // the inbox lists every open incident with what failed, where, and a retry
    open("/console/incidents.html");
    WebElement inboxRow = waitFor(By.cssSelector("tr[data-incident-key]"), caseId);
    // where, by the model's names on an English page too (it read "…· Task_RecordStatus")
    assertThat(inboxRow.getText()).contains("Record case status", "Status store unreachable")
        .doesNotContain("Task_RecordStatus");
    assertThat(inboxRow.findElements(By.cssSelector("button[id^=retry-]"))).hasSize(1);
    // the inbox is paged and found by case number, the filter kept in the address
    driver.findElement(By.id("filter")).sendKeys(caseId);
    wait(d -> d.getCurrentUrl().contains("q=" + caseId));
    waitFor(By.cssSelector("[data-testid=page-info]"), "1–1 of 1 ");
    waitFor(By.cssSelector("tr[data-incident-key]"), caseId);
    screenshot("incidents");
    open("/console/cases.html");
    // the filters listen once the first list is drawn; a click before that changes nothing (seen under load)
    waitFor(By.cssSelector("#list caption"));
    driver.findElement(By.id("f-incident")).click();
    wait(d -> d.getCurrentUrl().contains("hasIncident=true"));
    waitFor(By.cssSelector("#list a"), caseId);
    waitFor(By.cssSelector("#counts li"), "Testing");
    // the market is chosen by its name (a typed code was all the filter took), kept in the address
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-market"))).selectByVisibleText("Singapore");
    wait(d -> d.getCurrentUrl().contains("market=SG"));
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-market"))).selectByIndex(0);
    wait(d -> !d.getCurrentUrl().contains("market="));
    waitFor(By.cssSelector("#list a"), caseId);
    screenshot("cases");
    clickFresh(By.cssSelector("#list a"), caseId);

    By incidentOnDiagram = By.cssSelector("#diagram g[data-element-id=Task_RecordStatus].ec-incident");
    wait(ExpectedConditions.presenceOfElementLocated(incidentOnDiagram));
    wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diagram g[data-element-id=Task_LabTest].ec-done")));
    wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diagram g.djs-connection.ec-flow")));
    // the failed step by the name the model gives it, not by its id
    assertThat(waitFor(By.id("diagram-summary"), "Record case status").getText()).doesNotContain("Task_RecordStatus");
    waitFor(By.cssSelector("[data-incident-row]"), "Status store unreachable");
    waitFor(By.cssSelector("#audit li"), "Task completed");
    // the key to look the case up in Operate, as stored when its process started
    Long processInstanceKey = jdbc.queryForObject(
        "select process_instance_key from certification_case where id = ?", Long.class, caseId);
    assertThat(processInstanceKey).isNotNull();
    waitFor(By.cssSelector("#summary dd"), String.valueOf(processInstanceKey));
    // variables by instance and scope, not one flat list; the case file with its documents
    waitFor(By.cssSelector("#variables [data-instance='" + processInstanceKey + "'] h4"), "Process scope");
    waitFor(By.cssSelector("#casefile h3"), "Documents");
    fullPage("case");

    driver.findElement(By.cssSelector("[data-incident-row] input")).sendKeys("Status store is back");
    driver.findElement(By.cssSelector("[data-incident-row] button")).click();
    waitFor(By.id("messages"), "retried");
    wait(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-incident-row]")));
    wait(ExpectedConditions.invisibilityOfElementLocated(incidentOnDiagram));
    assertThat(incidentsOf(caseId)).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'incident.retried'",
        Integer.class, caseId)).isEqualTo(1);

    open("/console/pipeline.html");
    waitFor(By.cssSelector("#diagram .ov.count"), "");
    fullPage("pipeline");

    // a duplicate: the operator cancels the case from its page (the API had it, the console had no way to it)
    open("/console/case.html?id=" + caseId);
    waitFor(By.id("cancel-case"));
    driver.findElement(By.id("cancel-reason")).sendKeys("Duplicate of an earlier application");
    driver.findElement(By.id("cancel-case")).click();
    wait(ExpectedConditions.alertIsPresent()).accept();
    waitFor(By.id("messages"), "cancelled");
    waitFor(By.id("case-status"), "Terminated");
    wait(ExpectedConditions.invisibilityOfElementLocated(By.id("cancel-card")));
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'case.cancelled'",
        Integer.class, caseId)).isEqualTo(1);

    // the audit chain check, one click from the cases page (the API had it, the console did not)
    open("/console/cases.html");
    waitFor(By.id("verify-chain")).click();
    assertThat(waitFor(By.cssSelector("#chain [data-intact=true]")).getText()).startsWith("The audit chain is intact: ")
        .contains(" entries checked");
  }

  @Test
  @Order(3)
  void aProgramManagerSeesALintErrorOnTheDiagram() throws Exception {
    Path bpmn = files.resolve("lab-retest.bpmn");
    Files.write(bpmn, Bpmn.convertToString(Bpmn.createExecutableProcess("lab-retest").name("Lab retest")
        .startEvent("StartEvent_Retest").name("Retest asked")
        .userTask("Task_Retest").name("Run the retest").zeebeUserTask()
        .zeebeFormId("stand-in-lab-test").zeebeFormBindingType(ZeebeBindingType.deployment).zeebeCandidateGroups("test-labs") // no such group
        .endEvent("EndEvent_Retested").name("Retested").done()).getBytes(StandardCharsets.UTF_8));
    Path form = files.resolve("stand-in-lab-test.form");
    Files.writeString(form, LAB_FORM);

    signIn("manager");
    wait(d -> d.getCurrentUrl().endsWith("/console/models.html"));
    waitFor(By.id("models"), "certification-case");
    driver.findElement(By.id("files")).sendKeys(bpmn + "\n" + form);
    driver.findElement(By.id("lint")).click();
    waitFor(By.cssSelector("[data-testid=lint-report]"), "Unknown candidate group 'test-labs'");
    wait(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#lint-diagram g[data-element-id=Task_Retest].ec-lint-error")));
    waitFor(By.cssSelector("#lint-diagram .ov.lint"), "test-labs");
    assertThat(driver.findElement(By.id("deploy")).isEnabled()).isFalse();
    // the deployed versions come a page at a time from the server, found by process, version or tag
    waitFor(By.cssSelector("#models [data-testid=mpage-info]"), "page 1 of 1");
    driver.findElement(By.id("models-filter")).sendKeys("appeal\n");
    wait(d -> d.getCurrentUrl().contains("mq=appeal"));
    wait(d -> {
      var rows = d.findElements(By.cssSelector("#models tbody tr[data-process]"));
      return rows.size() == 1 && "appeal".equals(rows.get(0).getDomAttribute("data-process"));
    });
    waitFor(By.cssSelector("#models [data-testid=mpage-info]"), "of 1 ");
    WebElement modelFilter = driver.findElement(By.id("models-filter"));
    modelFilter.clear();
    modelFilter.sendKeys("\n");
    wait(d -> d.findElements(By.cssSelector("#models tbody tr[data-process]")).size() > 1);
    // the deployed version: its cases and its diagram, drawn from the engine's XML
    // the newest version of the case model (the stand-in, above the shipped models deployed at start)
    clickFresh(By.xpath("//div[@id='models']//tr[td[1]/small[text()='certification-case']]//button[1]"), "v");
    waitFor(By.id("version-cases"), "certification-case version");
    wait(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#version-diagram g[data-element-id=Task_LabTest]")));
    // the chosen version is in the address: a reload (as the language switch does) shows it again
    wait(d -> d.getCurrentUrl().contains("mv="));
    driver.navigate().refresh();
    waitFor(By.id("version-cases"), "certification-case version");
    wait(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#version-diagram g[data-element-id=Task_LabTest]")));
    fullPage("models");
  }

  @Test
  @Order(4)
  void anApplicantSubmitsAnApplicationWithADocument() throws Exception {
    signIn("applicant");
    open("/console/apply.html");
    waitFor(By.id("legalName"));
    wait(d -> !d.findElement(By.id("legalName")).getDomProperty("value").isEmpty());
    driver.findElement(By.id("registrationNumber")).sendKeys(REGISTRATION);
    driver.findElement(By.id("contactEmail")).sendKeys("compliance@example.com");
    driver.findElement(By.id("productName")).sendKeys("Translate Pro");
    driver.findElement(By.id("versionLabel")).sendKeys("3.2");
    // no market chosen: said at the markets in the page's language, the focus on the first box
    driver.findElement(By.id("submit")).click();
    assertThat(waitFor(By.id("targetMarkets-error")).getText()).isEqualTo("Choose at least one target market.");
    assertThat(driver.switchTo().activeElement().getDomAttribute("name")).isEqualTo("targetMarkets");
    assertThat(driver.findElement(By.id("targetMarkets")).getDomAttribute("aria-describedby")).contains("targetMarkets-error");
    assertThat(driver.findElements(By.cssSelector("[data-testid=submitted]"))).isEmpty();
    // markets by name; the first by keyboard (the focus is on a box, space ticks it)
    String focused = driver.switchTo().activeElement().getDomAttribute("value");
    driver.switchTo().activeElement().sendKeys(" ");
    wait(d -> d.findElements(By.id("targetMarkets-error")).isEmpty());
    chooseMarket("Singapore");
    chooseMarket("European Union");
    driver.findElement(By.cssSelector("input[value=ISO_IEC_27001]")).click();
    // the first document is one of the technical file's, never the answer to a later request
    wait(d -> !d.findElements(By.cssSelector("#documentKind option")).isEmpty());
    assertThat(driver.findElements(By.cssSelector("#documentKind option")).stream().map(o -> o.getDomAttribute("value")))
        .startsWith("ARCHITECTURE").doesNotContain("CORRECTIVE_ACTION", "SURVEILLANCE_DATA");
    Path file = files.resolve("technical-file.pdf");
    Files.write(file, "%PDF-1.7\n% technical file\n".getBytes(StandardCharsets.UTF_8));
    driver.findElement(By.id("document")).sendKeys(file.toString());
    driver.findElement(By.id("notLodgedElsewhere")).click();
    driver.findElement(By.id("submit")).click();
    WebElement done = waitFor(By.cssSelector("[data-testid=submitted]"), "Application submitted");
    assertThat(driver.findElement(By.id("upload-progress")).getDomProperty("value")).isEqualTo("100");
    fullPage("apply");

    String caseId = done.getText().replaceAll("(?s).*case (\\S+?)\\..*", "$1");
    assertThat(jdbc.queryForObject("select p.name from certification_case c join product p on p.id = c.product_id where c.id = ?",
        String.class, caseId)).isEqualTo("Translate Pro");
    // the codes of the names chosen, as the API takes them
    assertThat(jdbc.queryForObject("select target_markets from certification_case where id = ?", String.class, caseId)
        .split(",")).containsExactlyInAnyOrder("SG", "EU", focused);
    assertThat(jdbc.queryForObject("select count(*) from evidence where case_id = ? and file_name = 'technical-file.pdf'",
        Integer.class, caseId)).isEqualTo(1);

    done.findElement(By.tagName("a")).click();
    waitFor(By.cssSelector("#detail .stepper li.current"), "Eligibility");
    waitFor(By.cssSelector("#detail"), "technical-file.pdf");
    fullPage("my-cases");
    // the organisation's cases come a page at a time from the server, found by product name or case number
    waitFor(By.cssSelector("#list [data-testid=page-info]"), "page 1 of 1");
    driver.findElement(By.id("cases-filter")).sendKeys("translate PRO\n");
    wait(d -> d.getCurrentUrl().contains("q=translate"));
    waitFor(By.cssSelector("#list [data-testid=page-info]"), "1–1 of 1 ");
    waitFor(By.cssSelector("#list tbody a"), caseId);
    WebElement casesFilter = driver.findElement(By.id("cases-filter"));
    // the search button sits beside its field, not wrapped under it
    assertThat(driver.findElement(By.cssSelector("#list form[role=search] button")).getRect().getY())
        .isEqualTo(casesFilter.getRect().getY());
    casesFilter.clear();
    casesFilter.sendKeys("no such service\n");
    waitFor(By.cssSelector("#list [data-testid=no-match]"), "No case of your organisation matches.");
    // the table says there is nothing; no pager with nothing to page sits beside it
    assertThat(driver.findElements(By.cssSelector("#list nav.pager"))).isEmpty();

    // not accepted: the case says why (what the refusal mail sends the applicant to read) and
    // offers no upload the closed case would refuse
    cases.recordStatus(caseId, "INELIGIBLE", "CATEGORY_OUT_OF_SCOPE", "cbreviewer");
    open("/console/my-cases.html?case=" + caseId);
    waitFor(By.cssSelector("#not-accepted"), "Category out of scope");
    assertThat(driver.findElements(By.cssSelector("#checklist input[type=file], #doc-file"))).isEmpty();
  }

  @Test
  @Order(5)
  void thePublicVerifiesACertificate() throws Exception {
    String caseId = applyOverHttp("Twin Inspector");
    String number = "ECC-2026-" + caseId.replaceAll("\\D", "").substring(Math.max(0, caseId.replaceAll("\\D", "").length() - 6));
    LocalDate today = LocalDate.now();
    Long decision = jdbc.queryForObject("insert into decision (case_id, step_key, kind, type, decision_maker, decided_at,"
        + " rationale) values (?, ?, 'CERTIFICATION', 'GRANT', 'committee', now(), 'All requirements met') returning id",
        Long.class, caseId, caseId + ":browser-test");
    jdbc.update("insert into certificate (case_id, decision_id, number, revision, holder, scope, standards, granted_on,"
        + " expires_on, status) values (?, ?, ?, 1, 'Example AI Ltd', 'Twin Inspector 1.0 as AI SaaS',"
        + " 'ISO/IEC 42001:2023; ISO/IEC 27001:2022', ?, ?, 'ACTIVE')",
        caseId, decision, number, today.minusDays(10), today.plusYears(3));
    jdbc.update("insert into registry_entry (case_id, provider, service_name, category, certificate_number, status,"
        + " valid_from, valid_until, markets_recognised, updated_at) values (?, 'Example AI Ltd', 'Twin Inspector',"
        + " 'AI_SAAS', ?, 'LISTED', ?, ?, 'SG', now())", caseId, number, today.minusDays(10), today.plusYears(3));

    signOut();
    open("/console/registry.html");
    // the market is chosen by its name, never typed as a code the public would have to know
    new org.openqa.selenium.support.ui.Select(waitFor(By.id("f-market"))).selectByVisibleText("Singapore");
    wait(d -> d.getCurrentUrl().contains("market=SG"));
    waitFor(By.cssSelector("#results a"), number);
    open("/console/registry.html?service=twin");
    waitFor(By.cssSelector("#results a"), number);
    screenshot("registry");
    // a tablet in portrait: the same page must stay usable
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1000));
    waitFor(By.cssSelector("#results a"), number);
    screenshot("registry-tablet");
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    clickFresh(By.cssSelector("#results a"), number);
    WebElement verdict = waitFor(By.cssSelector("[data-testid=verification]"), "Valid certificate " + number);
    assertThat(verdict.getText()).contains("Example AI Ltd", "ISO/IEC 42001", "Singapore");
    screenshot("verify");

    WebElement number2 = driver.findElement(By.id("number"));
    number2.clear();
    number2.sendKeys("ECC-2026-999999\n");
    waitFor(By.cssSelector("[data-testid=verification]"), "No certificate ECC-2026-999999");
  }

  // ------------------------------------------------------------------------------ browser

  /** Ticks a target market on the apply page by the name it shows. */
  void chooseMarket(String name) {
    waitFor(By.xpath("//fieldset[@id='targetMarkets']//label[normalize-space()='" + name + "']")).click();
  }

  void open(String path) {
    driver.get("http://localhost:" + port + path);
  }

  void signOut() {
    // from the sign-in page, which makes no requests of its own: no late response of a console
    // page can set a new CSRF cookie after the cookies are gone
    open("/login");
    driver.manage().deleteAllCookies();
  }

  void signIn(String user) {
    signOut();
    open("/login");
    waitFor(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(user + "-pw");
    driver.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
    wait(d -> !d.getCurrentUrl().contains("/login"));
    // Spring may return to a request it saved before sign-in (e.g. one the browser made itself)
    if (!driver.getCurrentUrl().contains("/console/")) {
      open("/");
    }
    waitFor(By.cssSelector("[data-testid=whoami]"), user);
  }

  <T> T wait(java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
        .withMessage(() -> "on " + driver.getCurrentUrl() + ", page says: " + pageText())
        // lists re-render while their filters load; look again rather than fail
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
  }

  private String pageText() {
    try {
      String text = driver.findElement(By.tagName("body")).getText();
      return text.length() > 400 ? text.substring(0, 400) : text;
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  WebElement waitFor(By by) {
    return wait(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Clicks the element as the page shows it now; lists re-render while filters load. */
  void clickFresh(By by, String text) {
    wait(d -> {
      waitFor(by, text).click();
      return true;
    });
  }

  /** The first visible element matching by whose text contains text. */
  WebElement waitFor(By by, String text) {
    return wait(d -> d.findElements(by).stream()
        .filter(e -> e.isDisplayed() && e.getText().contains(text))
        .findFirst().orElse(null));
  }

  /** The whole page at laptop width (the window grows to fit, up to 2000 px, then shrinks back). */
  static void fullPage(String page) throws IOException {
    var js = (org.openqa.selenium.JavascriptExecutor) driver;
    long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, (int) Math.min(2000, height + 140)));
    js.executeScript("window.scrollTo(0, 0)");
    screenshot(page);
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
  }

  /** Into the repository's docs/screenshots (surefire runs in the api module's folder). */
  static void screenshot(String page) throws IOException {
    Path docs = Path.of("").toAbsolutePath().resolveSibling("docs");
    Path dir = Files.isDirectory(docs) ? docs.resolve("screenshots") : Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(page + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    assertEveryControlIsLabelled(page);
  }

  /** Each page we show: every visible form control has a label a screen reader can announce. */
  @SuppressWarnings("unchecked")
  static void assertEveryControlIsLabelled(String page) {
    List<String> unlabelled = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
            + ".filter(e => e.offsetParent !== null)"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            + " && !e.getAttribute('aria-labelledby'))"
            + ".map(e => e.outerHTML.slice(0, 120));");
    assertThat(unlabelled).as("unlabelled controls on " + page).isEmpty();
  }

  // ------------------------------------------------------------------------------ state over HTTP

  static final String LAB_FORM =
      """
      {"executionPlatform":"Camunda Cloud","schemaVersion":16,"id":"stand-in-lab-test","type":"default",
       "components":[
         {"type":"radio","key":"testOutcome","id":"Field_Outcome","label":"Outcome of the test plan",
          "values":[{"label":"Passed","value":"PASSED"},{"label":"Failed","value":"FAILED"}],
          "validate":{"required":true}},
         {"type":"textarea","key":"testNotes","id":"Field_Notes","label":"Notes for the reviewer"}]}
      """;

  static byte[] standInCaseModel() {
    return Bpmn.convertToString(Bpmn.createExecutableProcess("certification-case").name("Certification case")
            .startEvent("StartEvent_ApplicationReceived").name("Application received")
            .userTask("Task_LabTest").name("Run the test plan").zeebeUserTask()
            .zeebeFormId("stand-in-lab-test").zeebeFormBindingType(ZeebeBindingType.deployment).zeebeCandidateGroups("test-lab")
            .zeebeDueDateExpression("now() + duration(\"P10D\")").zeebeTaskPriority("60")
            // the lab's outcome counts only if ExportCert completed the task (the lint asks for it)
            .serviceTask("Task_CheckLabTest").name("Check completed in ExportCert").zeebeJobType(CHECK_JOB)
            .zeebeInputExpression("caseId", "caseId").zeebeTaskHeader("stampedUserTask", "Task_LabTest")
            .zeebeOutputExpression("null", "completionStamp")
            .serviceTask("Task_RecordStatus").name("Record case status").zeebeJobType(STATUS_JOB)
            .endEvent("EndEvent_Tested").name("Tested").done())
        .getBytes(StandardCharsets.UTF_8);
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

  String applyOverHttp(String product) throws IOException {
    String form = """
        {"legalName":"Example AI Ltd","registrationNumber":"%s","contactEmail":"c@example.com",
         "productName":"%s","versions":[{"label":"1.0"}],"category":"AI_SAAS","schemeType":"TYPE_6",
         "schemeVersion":"2026.1","targetMarkets":["SG","EU"],"notLodgedElsewhere":true}
        """.formatted(REGISTRATION, product);
    var created = as("applicant").postForEntity("/api/applications", jsonBody(form), String.class);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    return read(created).path("caseId").asText();
  }

  long labTaskOf(String caseId) {
    return new FluentWait<>(this).withTimeout(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(200))
        .until(t -> {
          try {
            for (JsonNode item : read(as("lab").getForEntity("/api/tasks?scope=groups", String.class))) {
              if (caseId.equals(item.path("caseId").asText())) {
                return item.path("task").path("key").asLong();
              }
            }
            return null;
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  void completeLabTaskOverHttp(String caseId) {
    long key = labTaskOf(caseId);
    var claimed = as("lab").postForEntity("/api/tasks/" + key + "/claim",
        jsonBody("{\"declaration\":\"No ties to the applicant\",\"conflict\":false}"), String.class);
    assertThat(claimed.getStatusCode()).as(claimed.getBody()).isEqualTo(HttpStatus.OK);
    var done = as("lab").postForEntity("/api/tasks/" + key + "/complete",
        jsonBody("{\"variables\":{\"testOutcome\":\"PASSED\"}}"), String.class);
    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  List<JsonNode> incidentsOf(String caseId) {
    try {
      JsonNode list = read(as("operator").getForEntity("/api/operations/incidents?caseId=" + caseId, String.class));
      return Optional.ofNullable(list).map(l -> {
        List<JsonNode> out = new java.util.ArrayList<>();
        l.forEach(out::add);
        return out;
      }).orElse(List.of());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
