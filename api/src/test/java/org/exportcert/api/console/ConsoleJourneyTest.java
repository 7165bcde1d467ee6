package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.exportcert.api.e2e.EngineClock;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.localstack.backup.PipelineSteps;
import org.exportcert.api.testing.KnownUserPasswords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * THE journey: one application with a Chinese organisation and service name taken from submission
 * to the public registry, every role in headless Chromium with the shipped models, forms and
 * workers, nothing done over the API on anyone's behalf. On the way: a request for a missing
 * document answered from the checklist, and a lab report the console refuses with its reason
 * while the lab keeps the task. The journey starts in English; the evaluator switches the console
 * to Chinese with the header's toggle and everyone after works in Chinese. At the end the engine
 * clock moves past the first surveillance date of the shipped models (due-dates:
 * surveillanceInterval): the holder sees the surveillance request with its deadline and the mail.
 * Each step is saved in both languages to docs/screenshots/journey/{en,zh}/ and fails on a script
 * error, an unexpected problem, an unlabelled control or unreadable text (JourneyBrowser.step).
 * A second, shorter journey on the same stack: an appeal lodged and upheld in the browser; a third:
 * an operator sends a task completed outside ExportCert back to it from the case page.
 */
@KnownUserPasswords
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/ConsoleJourneyTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.local-stack.engine-grpc-port=0",
      "exportcert.workers.enabled=true",
      "exportcert.outbox.poll-interval=PT0.5S",
      // the build machine is shared: give the engine time rather than fail the journey on load
      "camunda.client.request-timeout=PT60S",
      "exportcert.security.users.applicant.organisation=" + ConsoleJourneyTest.ORGANISATION
    })
// the journey starts with an applicant who has no case yet; the appeal's applicant is another one
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleJourneyTest {

  static final String ORGANISATION = "深圳智言科技有限公司";
  static final String SERVICE = "智言客服助手";
  static final Duration WORKERS = Duration.ofSeconds(90);

  static {
    TestDataDirectories.fresh("ConsoleJourneyTest");
  }

  static JourneyBrowser browser;
  static Path files;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired io.camunda.client.CamundaClient camunda;
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void folders() throws Exception {
    files = Files.createTempDirectory("exportcert-journey-files");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
      JourneyBrowser.deleteQuietly(browser.profile());
    }
    if (files != null) {
      JourneyBrowser.deleteQuietly(files);
    }
  }

  @org.junit.jupiter.api.AfterEach
  void engineClockRunsAgain() {
    org.exportcert.api.e2e.EngineClock.reset(camunda);
  }

  @Test
  @Order(1)
  void oneApplicationGoesFromSubmissionToThePublicRegistryWithEveryRoleInTheBrowser() throws Exception {
    Path docs = Path.of("").toAbsolutePath().resolveSibling("docs");
    browser = JourneyBrowser.start("http://localhost:" + port,
        Files.isDirectory(docs) ? docs.resolve("screenshots/journey") : Path.of("target/screenshots/journey"));
    JourneyBrowser b = browser;

    // ------------------------------------------------------------ applicant applies
    b.signIn("applicant");
    // a first visit: no empty table, but what to do first
    b.open("/console/my-cases.html");
    assertThat(b.waitFor(By.cssSelector("[data-testid=no-cases] a[href='/console/apply.html']")).getText())
        .isEqualTo("Apply for certification");
    b.open("/console/apply.html");
    // filled from the account once the page knows who is signed in
    b.until(d -> ORGANISATION.equals(d.findElement(By.id("legalName")).getDomProperty("value")));
    b.waitFor(By.id("registrationNumber")).sendKeys("91440300MA5FXXXX1K");
    b.driver.findElement(By.id("contactName")).sendKeys("李雷");
    b.driver.findElement(By.id("contactEmail")).sendKeys("lilei@zhiyan.example.cn");
    b.driver.findElement(By.id("productName")).sendKeys(SERVICE);
    b.driver.findElement(By.id("versionLabel")).sendKeys("2.1");
    b.driver.findElement(By.id("deploymentBoundary")).sendKeys("阿里云新加坡区域");
    b.driver.findElement(By.id("intendedPurpose")).sendKeys("为跨境电商起草客服回复");
    // the market by its name, as the case, the registry and the certificate name it
    b.click(By.cssSelector("#targetMarkets label"), "Singapore");
    for (WebElement f : b.driver.findElements(By.cssSelector("input[name=frameworks]"))) {
      f.click();
    }
    b.driver.findElement(By.id("notLodgedElsewhere")).click();
    new org.openqa.selenium.support.ui.Select(b.waitFor(By.id("documentKind"))).selectByValue("ARCHITECTURE");
    // what the lab's report says in its own words is data, shown as the lab wrote it
    // as are the labs' names as allocated (proper names, shown in the case file)
    b.data.addAll(List.of("Alpha Test Lab", "Beta Test Lab", "ISO/IEC 17025 L-0001", "ExportCert AI SaaS test plan 2026.1, base suites",
        "Simple acceptance (ILAC-G8:09/2019, 4.2.1)", "tina.tester", "lars.labhead", "ALPHA-2026-J-1"));
    b.data.addAll(List.of("architecture.pdf", "data_flows.pdf", "ai_lifecycle.pdf", "security_attestation.pdf",
        "openapi.pdf", "test-report-17025.pdf", "test-results.json"));
    b.driver.findElement(By.id("document")).sendKeys(pdf("architecture.pdf", "System architecture of " + SERVICE).toString());
    b.step("apply-filled");
    b.driver.findElement(By.id("submit")).click();
    WebElement submitted = b.waitFor(By.cssSelector("[data-testid=submitted]"));
    String caseId = submitted.getText().replaceAll("(?s).*case (EC-\\d{4}-\\d{6}).*", "$1");
    assertThat(caseId).matches("EC-\\d{4}-\\d{6}");
    assertThat(b.driver.findElement(By.id("upload-progress")).isDisplayed()).as("no full bar beside the emptied file field")
        .isFalse();
    b.step("apply-submitted");

    // the case page: a checklist of the technical file; three more uploaded from it, one left out
    b.data.add(caseId);
    String myCase = "/console/my-cases.html?case=" + caseId;
    b.open(myCase);
    b.waitFor(By.cssSelector("#checklist li.present[data-kind=ARCHITECTURE]"));
    assertThat(b.driver.findElements(By.cssSelector("#checklist li.missing"))).hasSize(4);
    for (String kind : List.of("DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION")) {
      // the applicant sees the localized "choose file" button; the file goes into the native input behind it
      b.waitFor(By.id("doc-" + kind + "-choose"));
      b.driver.findElement(By.id("doc-" + kind)).sendKeys(pdf(kind.toLowerCase() + ".pdf", kind + " of " + SERVICE).toString());
      b.waitFor(By.id("doc-" + kind + "-chosen"), kind.toLowerCase() + ".pdf");
      b.driver.findElement(By.id("upload-" + kind)).click();
      b.waitFor(By.cssSelector("#checklist li.present[data-kind=" + kind + "]"));
    }
    b.step("checklist-one-missing");

    // ------------------------------------------------------------ eligibility review
    b.signIn("cbreviewer");
    b.open("/console/tasks.html");
    b.waitFor(By.cssSelector("[data-testid=landed-on-groups]")); // nothing is theirs yet
    WebElement review = claimTask(b, caseId, "Review application");
    b.step("eligibility-task-claimed");
    b.waitFor(By.cssSelector("#case-results [data-result=eligibilityCheck]"));
    assertThat(b.waitFor(By.cssSelector("#task-form [id$='Field_CaseId']")).getDomProperty("value")).isEqualTo(caseId);
    b.chooseRadio("Accept the application");
    b.chooseSelect("Risk level", "Medium");
    b.step("eligibility-form-filled");
    complete(b);
    b.step("eligibility-completed");
    assertThat(review).isNotNull();
    // the done task opened again (the back button, a link): it says so and offers nothing to complete
    // (it showed the form, and completing it again answered with an engine state conflict)
    String reviewPage = b.driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
    WebElement finished = b.reloadUntil(reviewPage, By.cssSelector("[data-testid=task-finished][data-state=COMPLETED]"),
        e -> true, WORKERS);
    assertThat(finished.getText()).contains("cbreviewer");
    assertThat(b.driver.findElements(By.id("complete"))).as("nothing to complete again").isEmpty();

    // ------------------------------------------------------------ applicant signs the agreement
    b.signIn("applicant");
    WebElement agreement = b.reloadUntil(myCase, By.cssSelector("#requests form[data-message=AgreementSigned]"), e -> true, WORKERS);
    assertThat(agreement.findElement(By.cssSelector("[data-testid=due]")).getText()).startsWith("Answer by");
    // the agreement is on the card to read, and signed only once accepted
    assertThat(agreement.findElements(By.cssSelector("[data-testid=agreement] li"))).hasSize(6);
    assertThat(agreement.findElement(By.id("accept-agreement")).getDomProperty("required")).isEqualTo("true");
    // signing asks for no document: the note says only that it is optional; the deadline is named
    // as the request, not as the model's waiting step
    assertThat(agreement.findElement(By.cssSelector("label[for^=note-]")).getText()).isEqualTo("Note (optional)");
    assertThat(b.waitFor(By.cssSelector("#deadlines li"), "Sign the certification agreement: ").getText())
        .doesNotContain("Wait for");
    b.step("agreement-requested");
    // signing unticked: the page says why beside the box, in its language (the browser's bubble spoke
    // the browser's language on a Chinese page), and signs nothing
    b.driver.findElement(By.id("answer-AgreementSigned")).click();
    assertThat(b.waitFor(By.id("accept-agreement-error")).getText())
        .isEqualTo("Tick the box to accept the agreement before signing it.");
    assertThat(b.driver.findElements(By.cssSelector("#requests form[data-message=AgreementSigned]"))).hasSize(1);
    b.driver.findElement(By.id("accept-agreement")).click();
    b.until(d -> d.findElements(By.id("accept-agreement-error")).isEmpty());
    // a double click signs once: the button is off while the answer is on its way (a second POST
    // found the request gone and showed a conflict)
    Object offWhileSending = ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript(
        "const s = document.getElementById('answer-AgreementSigned'); s.click(); s.click(); return s.disabled;");
    assertThat(offWhileSending).isEqualTo(Boolean.TRUE);
    b.until(WORKERS, d -> d.findElements(By.cssSelector("#requests form[data-message=AgreementSigned]")).isEmpty());

    // the completeness check asks for the missing document, saying which and by when
    WebElement documents = b.reloadUntil(myCase, By.cssSelector("#requests form[data-message=DocumentsResubmitted]"), e -> true, WORKERS);
    assertThat(documents.findElement(By.cssSelector("[data-testid=missing]")).getText()).contains("API specification");
    assertThat(documents.findElement(By.cssSelector("[data-testid=due]")).getText()).startsWith("Answer by");
    b.step("documents-requested");
    b.waitFor(By.id("doc-API_SPECIFICATION-choose"));
    b.driver.findElement(By.id("doc-API_SPECIFICATION")).sendKeys(pdf("openapi.pdf", "API of " + SERVICE).toString());
    b.driver.findElement(By.id("upload-API_SPECIFICATION")).click();
    b.waitFor(By.cssSelector("#checklist li.present[data-kind=API_SPECIFICATION]"));
    b.waitFor(By.cssSelector("#requests form[data-message=DocumentsResubmitted] textarea")).sendKeys("API spec v2.1 attached.");
    b.waitFor(By.id("answer-DocumentsResubmitted")).click();
    b.until(WORKERS, d -> d.findElements(By.cssSelector("#requests form[data-message=DocumentsResubmitted]")).isEmpty());
    b.step("documents-answered");

    // ------------------------------------------------------------ evaluator reads the technical file
    b.signIn("evaluator");
    b.open("/console/tasks.html");
    b.switchLanguage(); // from here on the console speaks Chinese, and the journey reads it
    b.step("language-switched");
    claimTask(b, caseId, "技术文件审查");
    // the applicant's note on the answer is read by the staff who asked
    assertThat(b.waitFor(By.cssSelector("#case-answers")).getText()).contains("API spec v2.1 attached.");
    WebElement architecture = b.waitFor(By.xpath("//ul[@id='case-documents']/li[.//strong[text()='architecture.pdf']]"));
    String openUrl = architecture.findElement(By.cssSelector("a[data-action=open]")).getDomAttribute("href");
    @SuppressWarnings("unchecked")
    List<Object> read = (List<Object>) b.js("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type'),"
        + " r.headers.get('content-disposition'), (await r.text()).slice(0, 5)]));", openUrl);
    assertThat(read).containsExactly(200L, "application/pdf", "inline; filename=\"architecture.pdf\"", "%PDF-");
    assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'evidence.read'"
        + " and actor = 'evaluator'", Integer.class, caseId)).isEqualTo(1);
    b.chooseRadio("文件符合要求");
    b.step("technical-file-review");
    complete(b);

    // ------------------------------------------------------------ lab: test plan, a refused report, the results
    b.signIn("lab");
    claimTask(b, caseId, "执行测试并提交报告");
    WebElement plan = b.waitFor(By.cssSelector("[data-testid=test-plan]"));
    assertThat(plan.getText()).containsPattern("委托编号 TQ-\\d+");
    assertThat(b.driver.findElements(By.cssSelector("#test-suites li"))).isNotEmpty();
    // the results file comes ready to fill in: this case, its version, one line per suite of the plan
    WebElement template = b.waitFor(By.id("results-template"));
    assertThat(template.getDomAttribute("download")).matches("TQ-\\d+-results\\.json");
    assertThat(template.getDomAttribute("href")).startsWith("blob:");
    String filled = b.driver.findElement(By.id("results-template-json")).getDomProperty("textContent");
    assertThat(filled).contains("\"format\": \"exportcert.test-report/1\"", "\"caseId\": \"" + caseId + "\"",
        "\"productVersion\": \"2.1\"");
    // the allocated lab by its Chinese name, the method a plan number the lab edits, said on the page
    assertThat(filled).containsPattern("\"name\": \"\\S+检测实验室").contains("\"accreditation\": \"L-000")
        .containsPattern("\"method\": \"TQ-\\d+\"").doesNotContain("ExportCert test plan");
    assertThat(b.driver.findElement(By.id("results-template-method")).getText()).contains("检测方法", "TQ-");
    for (WebElement suite : b.driver.findElements(By.cssSelector("#test-suites li"))) {
      assertThat(filled).contains("\"suite\": \"" + suite.getDomAttribute("data-suite") + "\"");
    }
    // the form says what it waits for, not an empty box
    b.waitFor(By.cssSelector("#task-form .fjs-form-field-text"), "测试结果文件：尚未上传");
    uploadEvidence(b, "TEST_REPORT", pdf("test-report-17025.pdf", "ISO/IEC 17025 test report for " + SERVICE));
    b.driver.findElement(By.id("complete")).click();
    // the results are missing: said at the top of the form, and the task stays with the lab
    WebElement refused = b.waitFor(By.cssSelector("#form-status .alert[role=alert]"));
    assertThat(refused.getText()).contains("未能完成", "测试报告未被接受", "JSON", "任务仍由您处理");
    b.step("lab-report-refused", "400");
    b.driver.navigate().refresh(); // the lab comes back later: the task is still theirs
    b.waitFor(By.id("complete"));
    uploadEvidence(b, "TEST_REPORT", results(caseId));
    b.until(d -> !d.findElement(By.cssSelector("#task-form [id$='Field_TestReportEvidenceId']")).getDomProperty("value").isBlank());
    // the lab reads the file it chose with its size (it read an evidence id); the id stays below as the reference
    assertThat(b.waitFor(By.cssSelector("#task-form .fjs-form-field-text"), "test-results.json").getText())
        .matches("测试结果文件：test-results\\.json · \\d+(\\.\\d)? ?(KiB|字节)");
    assertThat(b.driver.findElement(By.cssSelector("#task-form [id$='Field_TestReportEvidenceId']")).getDomProperty("value"))
        .startsWith("EV-");
    // the bar went with the upload: no full bar stays beside the emptied file field
    assertThat(b.driver.findElement(By.id("evidence-progress")).isDisplayed()).isFalse();
    b.step("lab-results-attached");
    // the signed report uploaded again after the results is the report: the results stay in the field
    // (it once took the PDF's place, and completing was refused for want of the JSON just uploaded)
    int listed = b.driver.findElements(By.cssSelector("#evidence-list li")).size();
    new org.openqa.selenium.support.ui.Select(b.waitFor(By.id("evidence-kind"))).selectByValue("TEST_REPORT");
    b.driver.findElement(By.id("evidence-file")).sendKeys(files.resolve("test-report-17025.pdf").toString());
    b.driver.findElement(By.id("upload-evidence")).click();
    b.until(d -> d.findElements(By.cssSelector("#evidence-list li")).size() > listed);
    assertThat(b.waitFor(By.cssSelector("#task-form .fjs-form-field-text"), "测试结果文件").getText()).contains("test-results.json");
    complete(b);

    // ------------------------------------------------------------ independent review and decision
    b.signIn("reviewer");
    claimTask(b, caseId, "认证档案复核");
    b.waitFor(By.cssSelector("#case-reports li"), "通过");
    // the lab by its name as allocated, not its account
    assertThat(b.waitFor(By.cssSelector("#case-requests li")).getText()).contains("检测实验室").doesNotContain("lab-").doesNotContain("Test Lab");
    b.chooseRadio("批准认证");
    b.step("independent-review");
    complete(b);

    b.signIn("committee");
    claimTask(b, caseId, "作出认证决定");
    b.waitFor(By.cssSelector("#case-results [data-result=reviewRecommendation]"), "批准认证");
    b.chooseRadio("批准认证");
    b.typeInto("理由", "技术文件符合要求；基础测试套件全部通过，无不符合项。");
    b.checkBox("本人确认未参与该案件的评价或测试");
    b.step("decision");
    complete(b);

    // ------------------------------------------------------------ registrar approves the listing
    b.signIn("registrar");
    claimTask(b, caseId, "批准公开登记");
    // what the form asks to check is on the page: the certificate's number, scope in words, validity
    WebElement issued = b.waitFor(By.cssSelector("#case-certificates li"), "认证范围");
    assertThat(issued.getText()).contains(SERVICE + " 2.1", "人工智能软件即服务", "有效期至", "无附加条件")
        .doesNotContain("AI_SAAS", "TYPE_6");
    b.checkBox("证书和白名单条目无误");
    b.step("listing-approval");
    complete(b);

    // ------------------------------------------------------------ the applicant's certificate, the public registry
    b.signIn("applicant");
    WebElement certificate = b.reloadUntil(myCase, By.cssSelector("[data-testid=certificate]"), e -> true, WORKERS);
    assertThat(certificate.getText()).contains("有效");
    // the decision the mail sends the holder to read, with the committee's reasons
    assertThat(b.waitFor(By.cssSelector("#decisions li[data-type=GRANT]")).getText())
        .contains("批准认证", "理由：技术文件符合要求；基础测试套件全部通过，无不符合项。");
    // granted today, surveilled within 12 months (due-dates: surveillanceInterval P12M)
    assertThat(b.waitFor(By.cssSelector("[data-testid=next-surveillance]")).getText())
        .startsWith("下次获证后监督：").contains(String.valueOf(LocalDate.now().plusYears(1).getYear()));
    assertThat(b.waitFor(By.cssSelector("#stepper li[aria-current=step]")).getDomAttribute("data-phase")).isEqualTo("MAINTENANCE");
    assertThat(b.waitFor(By.id("withdraw-warning")).getText()).contains("终止认证");
    // no partner body is configured for SG here: the applicant is told rather than left waiting
    b.reloadUntil(myCase, By.cssSelector("#recognitions li[data-market=SG]"), e -> e.getText().contains("尚无与合作机构的互认安排"), WORKERS);
    b.step("certified");

    // the public: signed out, nothing of the session left to lean on
    b.driver.findElement(By.id("sign-out")).click();
    b.until(d -> d.getCurrentUrl().contains("/login"));
    b.open("/console/registry.html?service=" + java.net.URLEncoder.encode(SERVICE, StandardCharsets.UTF_8));
    assertThat(b.driver.findElements(By.cssSelector("[data-testid=whoami]"))).isEmpty();
    WebElement line = b.waitFor(By.cssSelector("#results"), SERVICE);
    assertThat(line.getText()).contains(ORGANISATION);
    b.step("public-registry");
    // the certificate verified from its line: the scope reads in the page's language first
    line.findElement(By.cssSelector("a[href*='verify.html']")).click();
    assertThat(b.waitFor(By.id("scope")).getText()).startsWith(SERVICE + " 2.1 · ")
        .endsWith("人工智能软件即服务 / AI SaaS · 第 6 类认证方案 / ISO/IEC 17067 scheme type 6");
    b.click(By.id("lang-toggle"), "English");
    assertThat(b.waitFor(By.id("scope"), "AI SaaS /").getText()).startsWith(SERVICE + " 2.1 · ")
        .endsWith("AI SaaS / 人工智能软件即服务 · ISO/IEC 17067 scheme type 6 / 第 6 类认证方案");
    b.click(By.id("lang-toggle"), "中文");
    b.waitFor(By.id("scope"), "人工智能软件即服务 / AI SaaS");

    // ------------------------------------------------------------ a year later: surveillance is due
    // the engine clock moves past the first surveillance date (granted + surveillanceInterval P12M)
    EngineClock.pin(camunda, Instant.now().plus(Duration.ofDays(368)));
    b.signIn("applicant");
    WebElement surveillance = b.reloadUntil(myCase, By.cssSelector("#requests form[data-message=SurveillanceDataSubmitted]"), e -> true, WORKERS);
    assertThat(surveillance.findElement(By.cssSelector("[data-testid=due]")).getText()).startsWith("请于");
    b.step("surveillance-due");
    // the mail goes in the language the application was written in (English, before the switch)
    b.open("/console/mailbox.html");
    WebElement mail = b.waitFor(By.cssSelector("[data-testid=mail]"), "surveillance due");
    assertThat(mail.getText()).contains(caseId, "Prepare the surveillance evidence asked for in your case",
        "Please respond by", "/console/my-cases.html?case=" + caseId);
    assertThat(mail.getText()).doesNotContainPattern(ConsoleLanguageBrowserTest.RAW_CODE.pattern());
    b.step("surveillance-mail");
  }

  /**
   * An upheld appeal as the applicant lives it, on the shipped models and forms: a case brought to a
   * refusal over HTTP; in the browser the applicant appeals from the case page, the appeals officer
   * upholds it with the shipped form, and the applicant's page says the case is being decided
   * again, in English and in Chinese (the stored status stays "refused" until the new decision).
   * Screenshots go to target/screenshots/appeal/{en,zh}/.
   */
  @Test
  @Order(2)
  void anAppealUpheldInTheConsoleReadsAsBeingDecidedAgainInBothLanguages() throws Exception {
    String organisation = "Other Twin GmbH"; // applicant2's organisation (application.yaml)
    String service = "孪生运维助手";
    String refusal = "测试报告未覆盖多租户隔离要求，不予认证。";
    String grounds = "实验室报告第 S-2.1 项已证明租户隔离有效，拒绝理由与报告不符。";
    String rationale = "复核认定原决定误读了测试报告，应重新作出决定。";
    PipelineSteps http = new PipelineSteps(port, "applicant2", organisation);
    String caseId = http.apply(service);
    Map<String, byte[]> documents = http.uploadTechnicalFile(caseId);
    http.toDocumentReview(caseId);
    http.documentsConform(caseId);
    Map.Entry<Long, byte[]> report = http.labAttachesReport(caseId);
    http.testedToRefusal(caseId, report.getKey(), http.evidenceIdOf(caseId, PipelineSteps.sha256(report.getValue())), refusal);

    JourneyBrowser b = JourneyBrowser.start("http://localhost:" + port, Path.of("target/screenshots/appeal"));
    try {
      b.data.addAll(List.of(caseId, organisation, service, refusal, grounds, rationale));
      b.data.addAll(documents.keySet());
      // what PipelineSteps filled in and the lab's report says: data, shown as given
      b.data.addAll(List.of("Alpha Test Lab", "Beta Test Lab", "ISO/IEC 17025 L-0001", "ExportCert AI SaaS test plan 2026.1, base suites",
          "Simple acceptance (ILAC-G8:09/2019, 4.2.1)", "tina.tester", "lars.labhead", "ALPHA-BACKUP-" + caseId,
          "tenant isolation held", "Drafting customer-service replies", "EU region of the vendor's cloud",
          "1 Harbour Road", "Ada Vendor", "ada@example.com", "No ties to " + organisation,
          "Signed by the managing director", "test-report.json", service + "-1.0"));
      String myCase = "/console/my-cases.html?case=" + caseId;

      // the applicant appeals in the window's card, with the grounds
      b.signIn("applicant2");
      WebElement window = b.reloadUntil(myCase, By.cssSelector("#requests [data-message=AppealLodged]"), e -> true, WORKERS);
      // refused, as the page says before the appeal
      assertThat(b.waitFor(By.cssSelector("#detail .badge[data-code=REFUSED]")).getText()).isEqualTo("Refused");
      assertThat(b.driver.findElements(By.cssSelector("[data-state=APPEAL_UPHELD]"))).isEmpty();
      // the card itself takes the appeal: it sends nobody to look for another section
      assertThat(window.getText()).contains("lodge an appeal here before the deadline below").doesNotContain("Appeal section");
      window.findElement(By.id("appeal-text")).sendKeys(grounds);
      window.findElement(By.xpath(".//button[normalize-space()='Lodge appeal']")).click();
      b.reloadUntil(myCase, By.cssSelector("[data-testid=appeal-status]"), e -> e.getText().contains("Your appeal is being handled"), WORKERS);
      b.step("appeal-lodged");

      // the appeals officer upholds it on the shipped form
      b.signIn("appeals");
      claimTask(b, caseId, "Decide the appeal");
      b.chooseRadio("Upheld: the decision is taken again");
      b.typeInto("Rationale", rationale);
      b.step("appeal-decision");
      complete(b);

      // the applicant reads that the case is decided again, in English, then in Chinese
      b.signIn("applicant2");
      WebElement upheld = b.reloadUntil(myCase, By.cssSelector("#detail [data-state=APPEAL_UPHELD]"), e -> true, WORKERS);
      assertThat(upheld.getText()).isEqualTo("Appeal upheld — being decided again");
      // the list of the applicant's cases says the same, not "Refused"
      b.waitFor(By.xpath("//div[@id='list']//tr[td/a[text()='" + caseId + "']]//*[@data-state='APPEAL_UPHELD']"),
          "Appeal upheld — being decided again");
      assertThat(b.waitFor(By.cssSelector("#decisions li[data-type=APPEAL_UPHELD]")).getText()).contains("Appeal upheld", rationale);
      assertThat(b.waitFor(By.cssSelector("[data-testid=appeal-status]")).getText()).contains("Your appeal has been decided");
      b.step("appeal-upheld");
      b.switchLanguage();
      b.open(myCase);
      assertThat(b.waitFor(By.cssSelector("#detail [data-state=APPEAL_UPHELD]"), "申诉成立").getText()).isEqualTo("申诉成立，重新决定中");
      b.waitFor(By.xpath("//div[@id='list']//tr[td/a[text()='" + caseId + "']]//*[@data-state='APPEAL_UPHELD']"), "申诉成立，重新决定中");
      assertThat(b.waitFor(By.cssSelector("#decisions li[data-type=APPEAL_UPHELD]")).getText()).contains("申诉成立", rationale);
      assertThat(b.waitFor(By.cssSelector("[data-testid=appeal-status]")).getText()).contains("您的申诉已有决定");
    } finally {
      b.close();
      JourneyBrowser.deleteQuietly(b.profile());
    }
  }

  /**
   * A review completed outside ExportCert (with the Camunda client here, as on the engine's port or
   * in Tasklist) stops at its check step with an incident. The operator's case page offers what the
   * incidents page offers for it, "Send back to the task", not a retry its own message says fails
   * again (it offered only Retry); sent back with a reason, the evaluator has the task again. In Chinese.
   */
  @Test
  @Order(3)
  void anIncidentOfATaskCompletedOutsideExportCertIsSentBackFromTheCasePage() throws Exception {
    PipelineSteps http = new PipelineSteps(port, "applicant2", "Other Twin GmbH");
    String caseId = http.apply("孪生巡检助手");
    http.uploadTechnicalFile(caseId);
    http.toDocumentReview(caseId);
    long review = http.awaitTask("evaluator", caseId, "Task_ReviewTechnicalFile");
    camunda.newCompleteUserTaskCommand(review).variables(Map.of("documentReviewOutcome", "CONFORM")).send().join();

    JourneyBrowser b = JourneyBrowser.start("http://localhost:" + port, Path.of("target/screenshots/send-back"));
    try {
      b.signIn("operator");
      b.switchLanguage();
      String casePage = "/console/case.html?id=" + caseId;
      WebElement row = b.reloadUntil(casePage, By.cssSelector("#incidents tr[data-incident-row]"), e -> true, WORKERS);
      assertThat(row.getText()).contains("退回该任务重新办理", "技术文件审查");
      assertThat(row.findElements(By.cssSelector("button[id^=retry-]"))).isEmpty();
      // without a reason the page says so beside the field, in Chinese
      row.findElement(By.cssSelector("button[id^=send-back-]")).click();
      assertThat(b.waitFor(By.cssSelector("#incidents .field-error")).getText()).isEqualTo("此项为必填项。");
      row.findElement(By.cssSelector("input[id^=reason-]")).sendKeys("评价结论在引擎端口提交，退回评价员在 ExportCert 中重新办理");
      row.findElement(By.cssSelector("button[id^=send-back-]")).click();
      b.until(d -> d.switchTo().alert()).accept();
      b.waitFor(By.id("messages"), "已退回");
      b.waitFor(By.id("incidents"), "没有未处理的故障");
      assertThat(http.awaitTask("evaluator", caseId, "Task_ReviewTechnicalFile")).isNotEqualTo(review);
      assertThat(jdbc.queryForObject("select count(*) from audit_entry where subject_id = ? and action = 'incident.sent-back'",
          Integer.class, caseId)).isEqualTo(1);
    } finally {
      b.close();
      JourneyBrowser.deleteQuietly(b.profile());
    }
  }

  // ------------------------------------------------------------------ steps

  /** Opens the case's task from the groups' list and claims it with a declaration. */
  WebElement claimTask(JourneyBrowser b, String caseId, String taskName) {
    WebElement link = b.reloadUntil("/console/tasks.html?scope=groups",
        By.xpath("//tr[td[text()='" + caseId + "']]//a[starts-with(normalize-space(), '" + taskName + "')]"), e -> true, WORKERS);
    link.click();
    // the tab the user came from stays marked on the task page
    assertThat(b.waitFor(By.cssSelector("header.app nav a[aria-current=page]")).getDomAttribute("href"))
        .endsWith("scope=groups");
    b.waitFor(By.id("declaration")).sendKeys("与申请人无任何财务、家庭或咨询关系。No ties to the applicant.");
    b.driver.findElement(By.id("claim")).click();
    return b.waitFor(By.cssSelector("#task-form .fjs-form"));
  }

  void complete(JourneyBrowser b) {
    b.driver.findElement(By.id("complete")).click();
    b.waitFor(By.cssSelector("[data-testid=completed]"), "zh".equals(b.lang) ? "任务已完成" : "Task completed");
  }

  void uploadEvidence(JourneyBrowser b, String kind, Path file) {
    new org.openqa.selenium.support.ui.Select(b.waitFor(By.id("evidence-kind"))).selectByValue(kind);
    b.driver.findElement(By.id("evidence-file")).sendKeys(file.toString());
    b.driver.findElement(By.id("upload-evidence")).click();
    b.waitFor(By.cssSelector("#evidence-list li"), file.getFileName().toString());
  }

  static Path pdf(String name, String text) throws Exception {
    Path p = files.resolve(name);
    Files.write(p, ("%PDF-1.7\n% " + text + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8));
    return p;
  }

  /** The lab's results in the documented format (docs/domain.md), quoting the case. */
  Path results(String caseId) throws Exception {
    Map<String, Object> report = Map.ofEntries(
        Map.entry("format", "exportcert.test-report/1"), Map.entry("reportId", "ALPHA-2026-J-1"),
        Map.entry("caseId", caseId),
        Map.entry("lab", Map.of("name", "Alpha Test Lab", "accreditation", "ISO/IEC 17025 L-0001")),
        Map.entry("method", "ExportCert AI SaaS test plan 2026.1, base suites"),
        Map.entry("item", Map.of("productVersion", "2.1")),
        Map.entry("testedFrom", LocalDate.now().minusDays(3).toString()),
        Map.entry("testedTo", LocalDate.now().minusDays(1).toString()),
        Map.entry("testedBy", List.of("tina.tester")),
        Map.entry("results", List.of(Map.of("suite", "DATA_PROTECTION_AND_TENANT_ISOLATION", "requirement", "S-2.1",
            "verdict", "PASS", "detail", "租户隔离有效"))),
        Map.entry("decisionRule", "Simple acceptance (ILAC-G8:09/2019, 4.2.1)"), Map.entry("conformity", "PASS"),
        Map.entry("nonconformities", List.of()), Map.entry("authorizedBy", "lars.labhead"));
    Path p = files.resolve("test-results.json");
    Files.writeString(p, json.writeValueAsString(report));
    return p;
  }
}
