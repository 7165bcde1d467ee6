package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exportcert.api.localstack.TestDataDirectories;
import org.exportcert.api.testing.Chromium;
import org.exportcert.api.testing.KnownUserPasswords;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.Phase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
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
 * The console in Chinese and English, in headless Chromium against the whole application on the
 * local stack with the SHIPPED models and forms. The browser prefers Chinese: pages open in
 * Chinese, the switch turns them English and back, and the choice is remembered. An applicant
 * whose organisation and service have Chinese names applies; the application reviewer works the
 * shipped form in Chinese; operator and program manager pages read in Chinese. On each page no
 * code (AI_SAAS, ELIGIBILITY_REVIEW, SUBMITTED...) and no catalog key shows raw, and every
 * heading, label, button and column reads in Chinese. Screenshots: docs/screenshots/zh-*.png.
 */
@KnownUserPasswords
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/ConsoleLanguageBrowserTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.local-stack.engine-grpc-port=0",
      // the shipped models deploy at start; on a busy shared machine that can take over 10 s
      "camunda.client.request-timeout=PT60S",
      "exportcert.security.users.applicant.organisation=" + ConsoleLanguageBrowserTest.ORGANISATION
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleLanguageBrowserTest {

  static final String ORGANISATION = "深圳智算科技有限公司";
  static final String SERVICE = "灵犀智能客服大模型";
  static final Pattern HAN = Pattern.compile("[\\p{IsHan}\\u3000-\\u303F\\uFF00-\\uFFEF]");
  /** What may stay as it is in a Chinese label: brand, standards, ids, numbers, the required mark, the switch to English. */
  static final Pattern NOT_WORDING = Pattern.compile(
      "(ExportCert|English|ISO/IEC \\d+|ITU-T Y\\.\\d+|v\\d+.*|[A-Z]{2,4}-[\\d/R-]+|[\\d\\s.:,/()+*-]*)");
  static final Pattern RAW_CODE = Pattern.compile("\\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\\b");
  static final Pattern RAW_KEY = Pattern.compile(
      "\\b(?:nav|common|apply|case|cases|models|myCases|pipeline|registry|task|tasks|verify|error|legend|home|login"
          + "|status|certStatus|phase|step|kind|market|category|scheme|role|group|state|review|action)"
          // a key names a text in camelCase or a code in capitals; "the models.File" is a sentence end
          + "\\.(?:[a-z][A-Za-z]*|[A-Z][A-Z0-9_]+)\\b");
  static final String LABELS = "title, h1, h2, h3, label, legend, button, th, caption, dt, nav a, .badge, "
      + ".stepper li, .alert strong, .fjs-form-field-text";

  static {
    TestDataDirectories.fresh("ConsoleLanguageBrowserTest");
  }

  static Chromium browser;
  static String caseId;
  static long formDraft;

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void browserPreferringChinese() throws IOException {
    if (browser == null) {
      browser = Chromium.start(port, "zh-CN,zh");
    }
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @Order(1)
  void theBrowserLanguageIsTheDefaultAndTheSwitchIsRemembered() throws IOException {
    browser.open("/console/registry.html");
    browser.waitFor(By.tagName("h1"), "公开白名单");
    assertThat(browser.script("return document.documentElement.lang")).isEqualTo("zh-CN");
    browser.waitFor(By.cssSelector("#results caption"), "共 0 项服务列入白名单");
    assertReadsInChinese("zh-registry");

    browser.click(By.id("lang-toggle"), "English");
    browser.waitFor(By.tagName("h1"), "Public registry");
    browser.waitFor(By.cssSelector("#results caption"), "0 listed services");
    browser.open("/console/verify.html");
    browser.waitFor(By.tagName("h1"), "Verify a certificate");
    assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");

    browser.click(By.id("lang-toggle"), "中文");
    browser.waitFor(By.tagName("h1"), "证书查验");
    // no space before the hint's full-width bracket (the markup's space is for English)
    assertThat((String) browser.script("return document.querySelector('label[for=number]').textContent"))
        .isEqualTo("证书编号（按证书上所印，例如 ECC-2026-000001/R1）");
    browser.open("/login");
    browser.waitFor(By.tagName("h1"), "登录");
    assertReadsInChinese("zh-login");
  }

  @Test
  @Order(2)
  void anApplicantWithAChineseNameAppliesInChinese() throws IOException {
    browser.signIn("applicant");
    browser.open("/console/apply.html");
    browser.waitFor(By.tagName("h1"), "申请认证");
    browser.until(d -> ORGANISATION.equals(d.findElement(By.id("legalName")).getDomProperty("value")));
    // every market by its Chinese name, in the catalog's words (the same that show the case's markets)
    List<String> markets = browser.visibleTexts("#targetMarkets label");
    assertThat(markets).contains("新加坡", "欧盟", "马来西亚", "阿联酋", "中国香港").hasSizeGreaterThanOrEqualTo(14)
        .allMatch(m -> HAN.matcher(m).find());
    assertThat(browser.visibleTexts("#targetMarkets legend")).singleElement().asString().contains("目标市场", "可多选");
    assertThat((List<Object>) browser.script("return [...document.querySelectorAll('#category option')].map((o) => o.textContent)"))
        .containsExactly("人工智能软件即服务（AI SaaS）", "智能运维平台", "工业数字孪生");
    assertThat(browser.visibleTexts("#referenceFrameworks label")).contains("ISO/IEC 27001 — 信息安全管理体系");
    assertReadsInChinese("zh-apply");

    type("registrationNumber", "91440300MA5G123456");
    type("contactName", "李明");
    type("contactEmail", "liming@example.cn");
    type("productName", SERVICE);
    type("versionLabel", "2.1");
    type("intendedPurpose", "为东南亚跨境电商提供多语种智能客服。");
    // none chosen: said in Chinese at the markets, not in the browser's own bubble
    browser.driver().findElement(By.id("submit")).click();
    assertThat(browser.waitFor(By.id("targetMarkets-error")).getText()).isEqualTo("请至少选择一个目标市场。");
    assertThat(browser.driver().findElements(By.cssSelector("[data-testid=submitted]"))).isEmpty();
    chooseMarket("新加坡");
    browser.until(d -> d.findElements(By.id("targetMarkets-error")).isEmpty());
    chooseMarket("欧盟");
    // two of the three frameworks the eligibility rules look for: the third is asked for, and given, below
    for (String framework : List.of("ISO_IEC_27001", "ITU_T_Y3174")) {
      browser.driver().findElement(By.cssSelector("input[value=" + framework + "]")).click();
    }
    browser.driver().findElement(By.id("notLodgedElsewhere")).click();
    browser.driver().findElement(By.id("submit")).click();
    WebElement done = browser.waitFor(By.cssSelector("[data-testid=submitted]"), "申请已提交");
    Matcher id = Pattern.compile("案件编号 (\\S+?)。").matcher(done.getText());
    assertThat(id.find()).as(done.getText()).isTrue();
    caseId = id.group(1);
    assertThat(jdbc.queryForObject("select p.name from certification_case c join product p on p.id = c.product_id"
        + " where c.id = ?", String.class, caseId)).isEqualTo(SERVICE);

    done.findElement(By.tagName("a")).click();
    browser.waitFor(By.cssSelector("#detail .stepper li.current"), "资格审查");
    browser.waitFor(By.cssSelector("#detail h2"), SERVICE);
    browser.waitFor(By.cssSelector("#list td"), "资格审查");
    browser.waitFor(By.cssSelector("#list [data-testid=page-info]"), "第 1 / 1 页");
    assertThat(browser.visibleTexts("#detail")).anyMatch(t -> t.contains("新加坡、欧盟"));

    // the rules ask for ISO/IEC 23053 and say so in Chinese; ticking it in the answer puts it right
    WebElement why = browser.waitFor(By.cssSelector("[data-message=ApplicationInformationProvided] [data-testid=request-reason]"),
        "ISO/IEC 23053");
    assertThat(why.getText()).contains("原因", "申请中未说明");
    assertReadsInChinese("zh-my-cases");
    // answered without the tick, the rules would find the same gap and ask again: the page says so instead
    browser.driver().findElement(By.id("answer-ApplicationInformationProvided")).click();
    assertThat(browser.waitFor(By.id("add-framework-ISO_IEC_23053-error")).getText())
        .isEqualTo("请先勾选，将其补入申请：未补入即答复，资格规则将再次要求补充。");
    assertThat(browser.visibleTexts("[data-message=ApplicationInformationProvided]")).noneMatch(t -> t.contains("答复已发送"));
    browser.driver().findElement(By.cssSelector("input[name=add-framework][value=ISO_IEC_23053]")).click();
    browser.until(d -> d.findElements(By.id("add-framework-ISO_IEC_23053-error")).isEmpty());
    browser.driver().findElement(By.id("answer-ApplicationInformationProvided")).click();
    browser.waitFor(By.cssSelector("[data-message=ApplicationInformationProvided]"), "答复已发送");
    assertThat(jdbc.queryForObject("select reference_frameworks from certification_case where id = ?", String.class, caseId))
        .contains("ISO_IEC_23053");
  }

  @Test
  @Order(3)
  void theApplicationReviewerWorksTheShippedFormInChinese() throws Exception {
    long task = await("Task_ReviewApplication offered").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .until(() -> taskOf("cbreviewer", caseId), k -> k != null);
    browser.signIn("cbreviewer");
    browser.open("/console/tasks.html?scope=groups");
    browser.waitFor(By.cssSelector("tr[data-task-key='" + task + "']"), "申请评审");
    WebElement priority = browser.driver().findElement(By.cssSelector("tr[data-task-key='" + task + "'] [data-priority]"));
    assertThat(priority.getText()).isEqualTo("优先");
    assertThat(priority.getDomAttribute("title")).isEqualTo("优先级 60/100：决定或案件暂停事项，应先于常规工作处理");
    assertReadsInChinese("zh-tasks");

    browser.open("/console/task.html?key=" + task);
    browser.waitFor(By.id("declaration")).sendKeys("本人与申请人无任何关联。");
    browser.driver().findElement(By.id("claim")).click();
    browser.waitFor(By.cssSelector("#task-form .fjs-form label"), "结论");
    browser.waitFor(By.cssSelector("#task-form .fjs-form label"), "受理申请");
    // the risk level shows once the application is accepted: a form-js condition, in Chinese too
    browser.click(By.cssSelector("#task-form .fjs-form label"), "受理申请");
    browser.waitFor(By.cssSelector("#task-form .fjs-form label"), "风险等级（决定测试方案）");
    browser.waitFor(By.cssSelector("#task-form .fjs-form"), "请选择");
    browser.waitFor(By.id("casefile"), ORGANISATION);
    browser.waitFor(By.id("casefile"), "人工智能软件即服务（AI SaaS）");
    // the form in the console's font, not form-js's IBM Plex Sans (installed nowhere)
    assertThat(browser.script("return getComputedStyle(document.querySelector('#task-form .fjs-form')).fontFamily"))
        .isEqualTo(browser.script("return getComputedStyle(document.body).fontFamily"));
    assertReadsInChinese("zh-task");
  }

  @Test
  @Order(4)
  void operatorAndProgramManagerPagesReadInChinese() throws IOException {
    browser.signIn("operator");
    // a Chinese search term finds the Chinese service name
    browser.open("/console/cases.html?text=" + java.net.URLEncoder.encode("灵犀", java.nio.charset.StandardCharsets.UTF_8));
    browser.waitFor(By.cssSelector("#list td"), SERVICE);
    browser.waitFor(By.cssSelector("#counts"), "资格审查：");
    assertReadsInChinese("zh-cases");
    // on a narrow screen the case number stays whole and a Chinese word (the phase) is not broken
    // one character a line; the table scrolls in its box
    browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(800, 900));
    try {
      WebElement row = browser.driver().findElement(By.xpath("//tr[td[a[text()='" + caseId + "']]]"));
      assertThat(Chromium.textLines(browser.driver(), row.findElement(By.tagName("a")))).isEqualTo(1);
      assertThat(Chromium.textLines(browser.driver(), row.findElement(By.xpath("td[text()='资格审查']")))).isEqualTo(1);
      assertThat(Chromium.scrollsSideways(browser.driver())).isFalse();
    } finally {
      browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    }

    // the case page opened without a case says how to get to one (it asked the server for case "undefined")
    browser.open("/console/case.html");
    browser.waitFor(By.id("messages"), "未选择案件");
    assertThat((String) browser.script("return document.querySelector('#messages a').getAttribute('href')")).isEqualTo("/console/cases.html");

    browser.open("/console/case.html?id=" + caseId);
    browser.waitFor(By.id("title"), SERVICE);
    browser.waitFor(By.id("summary"), "人工智能软件即服务");
    browser.waitFor(By.id("audit"), "提交申请");
    // the current position in the models' own Chinese names (name.zh), in words and on the diagram
    browser.waitFor(By.id("diagram-summary"), "认证案件");
    browser.waitFor(By.id("diagram-summary"), "资格审查");
    assertThat((String) browser.script("return [...document.querySelectorAll('#diagram text')].map((t) => t.textContent).join('|')"))
        .contains("申请评定（可撤回）", "资格审查").doesNotContain("Eligibility");
    assertReadsInChinese("zh-case");

    browser.open("/console/pipeline.html");
    browser.waitFor(By.cssSelector("#table caption"), "案件等待位置");
    browser.waitFor(By.cssSelector("#table td"), "资格审查");
    assertReadsInChinese("zh-pipeline");

    browser.signIn("manager");
    browser.open("/console/models.html");
    browser.waitFor(By.cssSelector("#models th"), "流程");
    // each process by its Chinese name (the model's name.zh), its id beside it
    browser.waitFor(By.cssSelector("#models td .process-name"), "认证案件");
    // the deployed versions are paged by the server, the pager in Chinese too
    browser.waitFor(By.cssSelector("#models [data-testid=mpage-info]"), "第 1 / 1 页");
    // the file input says what to do and what is chosen in the page's language, not Chromium's
    assertThat(browser.waitFor(By.id("files-choose")).getText()).isEqualTo("选择文件…");
    assertThat(browser.waitFor(By.id("files-chosen")).getText()).isEqualTo("未选择文件");
    java.nio.file.Path model = java.nio.file.Files.createTempFile("审查", ".bpmn");
    browser.driver().findElement(By.id("files")).sendKeys(model.toString());
    browser.waitFor(By.id("files-chosen"), model.getFileName().toString());
    assertReadsInChinese("zh-models");
    java.nio.file.Files.delete(model);

    // the modeler: the editors' own palette, context pad, properties panel and decision table in
    // Chinese, and the elements by their Chinese names (name.zh) on the canvas
    browser.open("/console/modeler.html");
    // the new draft's fields and its button end level
    WebElement draftName = browser.waitFor(By.id("draft-name"));
    WebElement createDraft = browser.driver().findElement(By.id("create-draft"));
    assertThat(createDraft.getRect().getY() + createDraft.getRect().getHeight())
        .isEqualTo(draftName.getRect().getY() + draftName.getRect().getHeight());
    // a draft without a name is said beside the field in Chinese, not in Chromium's own bubble
    browser.waitFor(By.cssSelector("#releases li button"), "查看");
    browser.driver().findElement(By.id("create-draft")).click();
    assertThat(browser.waitFor(By.id("draft-name-error")).getText()).isEqualTo("此项为必填项。");
    assertThat((String) browser.script("return document.activeElement.id")).isEqualTo("draft-name");
    browser.driver().findElement(By.id("draft-name")).sendKeys("草稿");
    browser.until(d -> d.findElements(By.id("draft-name-error")).isEmpty());
    browser.driver().findElement(By.id("draft-name")).clear();
    browser.click(By.cssSelector("#releases li button"), "查看");
    browser.until(d -> "true".equals(d.findElement(By.id("canvas")).getDomAttribute("data-ready")));
    browser.waitFor(By.cssSelector("#canvas .djs-palette [aria-label='创建任务']"));
    browser.waitFor(By.cssSelector("#canvas [data-element-id='Task_RecordAppeal'] text"), "登记申诉");
    assertThat(browser.waitFor(By.id("names-hint")).getText()).contains("name.zh");
    new org.openqa.selenium.interactions.Actions(browser.driver())
        .moveToElement(browser.driver().findElement(By.cssSelector("#canvas [data-element-id='Task_RecordAppeal']"))).click().perform();
    browser.waitFor(By.cssSelector("#properties .bio-properties-panel-group-header-title"), "常规");
    browser.waitFor(By.cssSelector("#properties .bio-properties-panel-header-type"), "登记申诉");
    browser.waitFor(By.cssSelector(".djs-context-pad [aria-label='追加任务'], .djs-context-pad [title='追加任务']"));
    // the element template's own fields too (camunda-bpmn-js shows them without translate()),
    // variable names as they are
    assertThat((String) browser.script("return document.getElementById('properties').textContent"))
        .contains("在案卷中登记申请人对拒绝决定的申诉。", "案件编号（ExportCert 案件 id）（字符串）", "将 appealId 保存为", "caseId");
    browser.screenshot("zh-modeler");
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("file"))).selectByValue("due-dates.dmn");
    browser.until(d -> "due-dates.dmn".equals(d.findElement(By.id("canvas")).getDomAttribute("data-file")));
    browser.waitFor(By.cssSelector("#canvas .hit-policy"), "命中策略");
    browser.waitFor(By.cssSelector("#canvas"), "查看决策需求图");

    // the form editor (form-js, no translate hook) on a shipped form: palette and properties panel
    // in Chinese, the form's own texts as written; a label typed there is saved as typed, even one
    // that is also an editor word ("Required", the panel's 必填)
    long draft = asManager(HttpMethod.POST, "/api/models/drafts", "{\"name\":\"表单标签\"}").path("id").asLong();
    formDraft = draft;
    browser.open("/console/modeler.html?draft=" + draft + "&file=review-application.form");
    browser.until(d -> "review-application.form".equals(d.findElement(By.id("canvas")).getDomAttribute("data-file")));
    browser.waitFor(By.cssSelector("#canvas .fjs-palette-group-title"), "输入");
    browser.waitFor(By.cssSelector("#canvas .fjs-palette-field-text"), "文本框");
    assertThat(browser.waitFor(By.cssSelector("#canvas .fjs-palette-search")).getDomAttribute("placeholder")).isEqualTo("搜索组件");
    browser.waitFor(By.cssSelector("#canvas .fjs-form-field-label"), "Risk level (drives the test plan)");
    browser.waitFor(By.cssSelector("#canvas .fjs-element[data-id='Field_RiskLevel']")).click();
    browser.waitFor(By.cssSelector("#properties .bio-properties-panel-header-type"), "下拉选择");
    browser.waitFor(By.cssSelector("#properties .bio-properties-panel-header-label"), "Risk level (drives the test plan)");
    browser.waitFor(By.cssSelector("#properties .bio-properties-panel-group-header-title"), "选项来源");
    browser.click(By.cssSelector("#properties .bio-properties-panel-group-header"), "常规");
    browser.waitFor(By.cssSelector("#properties [data-entry-id='label'] .bio-properties-panel-label"), "字段标签");
    browser.waitFor(By.cssSelector("#properties [data-entry-id='key'] .bio-properties-panel-description"), "绑定到一个表单变量");
    WebElement label = browser.waitFor(By.cssSelector("#properties [data-entry-id='label'] .cm-content"));
    label.click();
    label.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "Required");
    browser.waitFor(By.cssSelector("#properties .bio-properties-panel-header-label"), "Required");
    browser.until(d -> ((List<?>) browser.script("return [...document.querySelectorAll('#canvas .fjs-form-field-label')]"
        + ".map((l) => l.textContent)")).contains("Required*"));
    assertThat(browser.visibleTexts("#canvas .fjs-form-field-label")).noneMatch(t -> t.contains("必填"));
    browser.until(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(By.id("save"))).click();
    browser.until(org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(By.id("draft-state"), "data-revision", "2"));
    String saved = asManager(HttpMethod.GET, "/api/models/drafts/" + draft, null).path("files").path("review-application.form").asText();
    assertThat(saved).as("no editor word written into the form").doesNotContainPattern(HAN);
    List<String> labels = new ArrayList<>();
    json.readTree(saved).path("components").forEach(c -> labels.add(c.path("label").asText()));
    assertThat(labels).containsExactly("", "Case", "Outcome", "Required", "Reason for refusal", "What the applicant must provide");
  }

  @Test
  @Order(5)
  void switchingBackGivesTheSamePageInEnglish() {
    browser.signIn("applicant");
    browser.open("/console/my-cases.html?case=" + caseId);
    browser.waitFor(By.cssSelector("#detail .stepper li.current"), "资格审查");
    browser.click(By.id("lang-toggle"), "English");
    browser.waitFor(By.tagName("h1"), "My cases");
    browser.waitFor(By.cssSelector("#detail .stepper li.current"), "Eligibility");
    browser.waitFor(By.cssSelector("#detail h2"), SERVICE);
    assertThat(browser.visibleTexts("#detail")).anyMatch(t -> t.contains("Singapore, European Union"));
    assertNoRawCodeOrKey("my-cases in English");

    // in English the form editor is form-js's own English, the user's label as saved
    Assumptions.assumeTrue(formDraft > 0, "needs the draft of the Chinese modeler above");
    browser.signIn("manager");
    browser.open("/console/modeler.html?draft=" + formDraft + "&file=review-application.form");
    browser.waitFor(By.cssSelector("#canvas .fjs-palette-group-title"), "Input");
    browser.waitFor(By.cssSelector("#canvas .fjs-palette-field-text"), "Text field");
    browser.waitFor(By.cssSelector("#canvas .fjs-form-field-label"), "Required");
    browser.waitFor(By.cssSelector("#properties .bio-properties-panel-group-header-title"), "General");
    assertThat(browser.visibleTexts("#canvas .fjs-palette, #properties")).noneMatch(t -> HAN.matcher(t).find());
  }

  @Test
  @Order(6)
  void problemsOverHttpSpeakTheCallersLanguage() throws IOException {
    JsonNode zh = refusedApplication("zh-CN,zh;q=0.9");
    assertThat(zh.path("type").asText()).isEqualTo("urn:exportcert:problem:validation");
    assertThat(zh.path("title").asText()).isEqualTo("校验未通过");
    assertThat(zh.path("detail").asText()).isEqualTo("有一个或多个字段不符合要求。");
    assertThat(zh.path("errors").get(0).path("message").asText()).containsPattern(HAN);

    JsonNode en = refusedApplication("en-GB");
    assertThat(en.path("type").asText()).isEqualTo("urn:exportcert:problem:validation");
    assertThat(en.path("title").asText()).isEqualTo("Validation failed");
    assertThat(en.path("detail").asText()).isEqualTo("One or more fields are invalid.");
    assertThat(en.path("errors").get(0).path("message").asText()).doesNotContainPattern(HAN);
  }

  // ------------------------------------------------------------------------------ checks

  /** No raw code or catalog key anywhere, and every heading, label, button and column in Chinese. */
  void assertReadsInChinese(String screenshot) throws IOException {
    browser.screenshot(screenshot);
    assertNoRawCodeOrKey(screenshot);
    List<String> english = browser.visibleTexts(LABELS).stream()
        .flatMap(t -> Arrays.stream(t.split("\n")))
        .map(String::trim)
        .filter(t -> !t.isEmpty() && !HAN.matcher(t).find() && !NOT_WORDING.matcher(t).matches())
        .toList();
    assertThat(english).as("untranslated labels on " + screenshot).isEmpty();
  }

  void assertNoRawCodeOrKey(String page) {
    String text = browser.wording();
    List<String> codes = new ArrayList<>();
    RAW_CODE.matcher(text).results().forEach(r -> codes.add(r.group()));
    Stream.concat(Arrays.stream(Phase.values()).map(Enum::name), Arrays.stream(CaseStatus.values()).map(Enum::name))
        .filter(c -> Pattern.compile("\\b" + c + "\\b").matcher(text).find())
        .forEach(codes::add);
    RAW_KEY.matcher(text).results().forEach(r -> codes.add(r.group()));
    assertThat(codes).as("raw codes or catalog keys on " + page).isEmpty();
  }

  // ------------------------------------------------------------------------------ HTTP

  /** Ticks a target market on the apply page by the name it shows. */
  void chooseMarket(String name) {
    browser.waitFor(By.xpath("//fieldset[@id='targetMarkets']//label[normalize-space()='" + name + "']")).click();
  }

  void type(String id, String text) {
    WebElement input = browser.driver().findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  JsonNode asManager(HttpMethod method, String path, String body) throws IOException {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> r = http.withBasicAuth("manager", "manager-pw").exchange(path, method,
        new HttpEntity<>(body, headers), String.class);
    assertThat(r.getStatusCode().is2xxSuccessful()).as(r.getBody()).isTrue();
    return json.readTree(r.getBody());
  }

  Long taskOf(String user, String caseId) throws IOException {
    ResponseEntity<String> r = http.withBasicAuth(user, user + "-pw").getForEntity("/api/tasks?scope=groups", String.class);
    for (JsonNode item : json.readTree(r.getBody())) {
      if (caseId.equals(item.path("caseId").asText())
          && "Task_ReviewApplication".equals(item.path("task").path("elementId").asText())) {
        return item.path("task").path("key").asLong();
      }
    }
    return null;
  }

  /** A whole application but for the service name, which must not be blank. */
  static final String BLANK_SERVICE_NAME = """
      {"legalName":"%s","registrationNumber":"91440300MA5G123456","contactEmail":"c@example.cn",
       "productName":" ","versions":[{"label":"1.0"}],"category":"AI_SAAS","schemeType":"TYPE_6",
       "schemeVersion":"2026.1","targetMarkets":["SG"],"notLodgedElsewhere":true}
      """.formatted(ORGANISATION);

  JsonNode refusedApplication(String acceptLanguage) throws IOException {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set(HttpHeaders.ACCEPT_LANGUAGE, acceptLanguage);
    ResponseEntity<String> r = http.withBasicAuth("applicant", "applicant-pw").exchange("/api/applications",
        HttpMethod.POST, new HttpEntity<>(BLANK_SERVICE_NAME, headers), String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getHeaders().getContentType()).isNotNull()
        .matches(t -> t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    return json.readTree(r.getBody());
  }
}
