package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven as a person uses the console, for the journey test: sign in,
 * open pages, fill the shipped Camunda Forms (form-js) by their labels, switch the language, and
 * after every step fail on what a person would notice is broken: a script error in the console, a
 * problem shown where none was expected, an unlabelled control, a label that reads "undefined" or
 * "null", a raw catalog key or code, mojibake, or (in Chinese) a heading, label or button left in
 * English. Each step is saved and checked in the current language and, in a second tab, in the
 * other one: docs/screenshots/journey/{en,zh}/NN-step.png.
 */
final class JourneyBrowser implements AutoCloseable {


  /** What a page must never show a person: template holes and raw objects. */
  static final List<String> UNREADABLE = List.of("undefined", "[object Object]", "NaN", "null ·", "Invalid Date");
  /** The words of a template hole, anywhere in the page's wording. */
  static final java.util.regex.Pattern HOLE = java.util.regex.Pattern.compile("\\b(?:null|undefined|NaN)\\b");
  /**
   * Text decoded with the wrong charset (UTF-8 read as Latin-1: "æ\u0099º", "â€") or not at all
   * (U+FFFD), and private-use code points, which every font draws as an empty box.
   */
  static final java.util.regex.Pattern MOJIBAKE =
      java.util.regex.Pattern.compile("\uFFFD|[\u00C2-\u00EF][\u0080-\u00BF]|â€|[\uE000-\uF8FF]");
  /** A program identifier (schemeType, reasonCode) where a person should read words. */
  static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("\\b[a-z]+[A-Z][A-Za-z]*\\b");
  /** Three English words in a row: what a Chinese page shows when a text fell back to English. */
  static final java.util.regex.Pattern ENGLISH_PHRASE =
      java.util.regex.Pattern.compile("\\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\\b");
  static final String LANGUAGE_STORE = "ec.lang";
  /** Between two checks of a wait: the default half second was much of the journey's time. */
  static final Duration POLL = Duration.ofMillis(100);

  final WebDriver driver;
  private final Path profile;
  private final Path screenshots;
  private final String base;
  private int step;
  /** The language the console shows now ("en" or "zh"); the switch changes it. */
  String lang;

  private JourneyBrowser(WebDriver driver, Path profile, Path screenshots, String base) {
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
    this.base = base;
    this.lang = "en";
  }

  static JourneyBrowser start(String base, Path screenshots) throws IOException {
    Path profile = Files.createTempDirectory("exportcert-journey-chromium");
    ChromeOptions options =
        org.exportcert.api.testing.Chromium.headless("The journey test", profile, "en-GB");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    Files.createDirectories(screenshots);
    ChromeDriver driver = new ChromeDriver(options);
    // every page of this tab counts its requests, so a reload can tell when a page has shown all it had
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", COUNT_REQUESTS));
    return new JourneyBrowser(driver, profile, screenshots, base);
  }

  @Override
  public void close() {
    driver.quit();
  }

  // ------------------------------------------------------------------ navigation

  void open(String path) {
    driver.get(base + path);
  }

  void signIn(String user) {
    // the sign-in page makes no requests of its own: no late response can set a new CSRF cookie
    // after the cookies are gone and so mismatch the token in the form
    open("/login");
    // signing out forgets the session, not the language the person chose
    driver.manage().getCookies().stream().filter(c -> !"ec-lang".equals(c.getName()))
        .forEach(c -> driver.manage().deleteCookie(c));
    open("/login");
    waitFor(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(user + "-pw");
    driver.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
    until(d -> !d.getCurrentUrl().contains("/login"));
    if (!driver.getCurrentUrl().contains("/console/")) {
      open("/");
    }
    waitFor(By.cssSelector("[data-testid=whoami]"), user);
    consoleErrors(); // the sign-in page's own messages are not the journey's
  }

  <T> T until(Function<WebDriver, T> condition) {
    return until(Duration.ofSeconds(60), condition);
  }

  <T> T until(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, POLL)
        .withMessage(() -> "on " + driver.getCurrentUrl() + ", page says: " + pageText(600))
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  WebElement waitFor(By by) {
    return until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** The first visible element matching by whose text contains text. */
  WebElement waitFor(By by, String text) {
    return until(d -> d.findElements(by).stream()
        .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
  }

  /**
   * Reloads the page until the condition holds: for what workers and the engine do meanwhile. A
   * page is reloaded once it has shown what it had (its requests answered, at least a second after
   * the load) or after 5 s, not after a fixed 5 s: workers usually finish within that second.
   */
  WebElement reloadUntil(String path, By by, Predicate<WebElement> holds, Duration timeout) {
    return until(timeout, d -> {
      open(path);
      long loaded = System.nanoTime();
      try {
        return new WebDriverWait(d, Duration.ofSeconds(5), POLL).ignoring(StaleElementReferenceException.class)
            .until(x -> {
              WebElement e = x.findElements(by).stream().filter(el -> el.isDisplayed() && holds.test(el)).findFirst().orElse(null);
              if (e != null) {
                return java.util.Optional.of(e);
              }
              boolean settled = System.nanoTime() - loaded > 1_000_000_000L
                  && Boolean.TRUE.equals(((JavascriptExecutor) x).executeScript(QUIET));
              return settled ? java.util.Optional.<WebElement>empty() : null;
            }).orElse(null);
      } catch (org.openqa.selenium.TimeoutException notYet) {
        return null;
      }
    });
  }

  void click(By by, String text) {
    until(d -> {
      waitFor(by, text).click();
      return true;
    });
  }

  String pageText(int max) {
    try {
      String text = driver.findElement(By.tagName("body")).getText();
      return text.length() > max ? text.substring(0, max) : text;
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  // ------------------------------------------------------------------ the shipped forms (form-js)

  /** Clicks the option of a radio group, found by the option's label as the form shows it. */
  void chooseRadio(String optionLabel) {
    By option = By.xpath("//div[@id='task-form']//label[normalize-space()='" + optionLabel + "']"
        + " | //div[@id='task-form']//label[.//text()[normalize-space()='" + optionLabel + "']]");
    WebElement label = waitFor(option);
    label.click();
  }

  /** Opens a form-js select by the field's label and picks the option shown with optionLabel. */
  void chooseSelect(String fieldLabel, String optionLabel) {
    WebElement field = waitFor(By.xpath("//div[@id='task-form']//div[contains(@class,'fjs-form-field')]"
        + "[.//label[starts-with(normalize-space(),'" + fieldLabel + "')]]//div[contains(@class,'fjs-input-group')]"));
    new org.openqa.selenium.interactions.Actions(driver).moveToElement(field).click().perform();
    click(By.cssSelector("#task-form .fjs-dropdownlist-item"), optionLabel);
  }

  void checkBox(String label) {
    waitFor(By.xpath("//div[@id='task-form']//label[starts-with(normalize-space(),'" + label + "')]"
        + " | //div[@id='task-form']//label[.//text()[starts-with(normalize-space(),'" + label + "')]]")).click();
  }

  void typeInto(String fieldLabel, String text) {
    WebElement field = waitFor(By.xpath("//div[@id='task-form']//div[contains(@class,'fjs-form-field')]"
        + "[.//label[starts-with(normalize-space(),'" + fieldLabel + "')]]//*[self::textarea or self::input]"));
    field.sendKeys(text);
  }

  // ------------------------------------------------------------------ languages

  static String other(String lang) {
    return "zh".equals(lang) ? "en" : "zh";
  }

  /** Switches the console's language with the toggle in the page header, as a person does. */
  void switchLanguage() {
    String next = other(lang);
    WebElement toggle = waitFor(By.id("lang-toggle"));
    assertThat(toggle.getText()).isEqualTo("zh".equals(next) ? "中文" : "English");
    toggle.click();
    until(d -> ("zh".equals(next) ? "zh-CN" : "en").equals(
        ((JavascriptExecutor) d).executeScript("return document.documentElement.lang")));
    waitFor(By.cssSelector("[data-testid=whoami]"));
    lang = next;
  }

  /** Sets the remembered language without reloading: pages opened from now on use it. */
  private void remember(String language) {
    ((JavascriptExecutor) driver).executeScript(
        "localStorage.setItem(arguments[0], arguments[1]);"
            + "document.cookie = 'ec-lang=' + arguments[1] + '; path=/; max-age=31536000; SameSite=Lax';",
        LANGUAGE_STORE, language);
  }

  /**
   * The page of this step in the other language: opened in a second tab (the first keeps what is
   * typed in it), saved, checked the same way, closed. Waits until the page's requests are answered.
   */
  private void inTheOtherLanguage(String file, String name, String... expectedConsoleErrors) throws IOException {
    String url = driver.getCurrentUrl();
    String here = driver.getWindowHandle();
    String language = other(lang);
    remember(language);
    try {
      driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
      ((org.openqa.selenium.chromium.HasCdp) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
          Map.of("source", COUNT_REQUESTS));
      driver.get(url);
      until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(QUIET)));
      save(language, file);
      check(name + " (" + language + ")", language, expectedConsoleErrors);
      driver.close();
    } finally {
      driver.switchTo().window(here);
      remember(lang);
    }
  }

  /** Counts the page's requests in flight and when the last one ended, for {@link #QUIET}. */
  private static final String COUNT_REQUESTS = """
      window.__pending = 0; window.__settled = performance.now();
      const settle = () => { window.__pending--; window.__settled = performance.now(); };
      const fetch0 = window.fetch;
      window.fetch = (...a) => { window.__pending++; return fetch0(...a).finally(settle); };
      const send0 = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function (...a) { window.__pending++; this.addEventListener('loadend', settle); return send0.apply(this, a); };
      """;
  /** Loaded, no request in flight, none ended in the last 400 ms (a page may chain requests). */
  private static final String QUIET = "return document.readyState === 'complete' && window.__pending === 0"
      + " && performance.now() - window.__settled > 400;";

  // ------------------------------------------------------------------ what a person notices

  /** SEVERE console entries since the last call, except those matching one of expected. */
  List<String> consoleErrors(String... expected) {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
          && java.util.Arrays.stream(expected).noneMatch(e.getMessage()::contains)) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  /**
   * Saves the screenshot of one step in the current language and in the other one, and checks
   * both pages as a person would read them (see {@link #check}).
   */
  void step(String name, String... expectedConsoleErrors) throws IOException {
    step++;
    String file = String.format("%02d-%s.png", step, name);
    save(lang, file);
    check(name, lang, expectedConsoleErrors);
    inTheOtherLanguage(file, name, expectedConsoleErrors);
  }

  private void save(String language, String file) throws IOException {
    var js = (JavascriptExecutor) driver;
    long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, (int) Math.min(2400, Math.max(900, height + 140))));
    js.executeScript("window.scrollTo(0, 0)");
    Path folder = screenshots.resolve(language);
    Files.createDirectories(folder);
    Files.write(folder.resolve(file), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
  }

  /**
   * No script errors, no problem box (unless errors are expected), every control labelled, and
   * the wording readable: no template hole, raw catalog key, raw code or mojibake, and in Chinese
   * no heading, label, button or column left in English.
   */
  private void check(String name, String language, String... expectedConsoleErrors) {
    var js = (JavascriptExecutor) driver;
    assertThat(js.executeScript("return document.documentElement.lang")).as("page language at step " + name)
        .isEqualTo("zh".equals(language) ? "zh-CN" : "en");
    assertThat(consoleErrors(expectedConsoleErrors)).as("console errors at step " + name).isEmpty();
    if (expectedConsoleErrors.length == 0) {
      assertThat(driver.findElements(By.cssSelector(".alert[role=alert]")).stream()
          .filter(WebElement::isDisplayed).map(WebElement::getText).toList())
          .as("problems shown at step " + name).isEmpty();
    }
    @SuppressWarnings("unchecked")
    List<String> unlabelled = (List<String>) js.executeScript(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
            + ".filter(e => e.offsetParent !== null)"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            + " && !e.getAttribute('aria-labelledby') && !e.closest('.fjs-form-field'))"
            + ".map(e => e.outerHTML.slice(0, 120));");
    assertThat(unlabelled).as("unlabelled controls at step " + name).isEmpty();
    String text = pageText(Integer.MAX_VALUE);
    for (String hole : UNREADABLE) {
      assertThat(text).as("unreadable text at step " + name).doesNotContain(hole);
    }
    String wording = (String) js.executeScript(WORDING);
    List<String> unreadable = new ArrayList<>();
    String words = wording;
    for (String given : data) {
      words = words.replace(given, " ");
    }
    List<java.util.regex.Pattern> patterns = new ArrayList<>(List.of(HOLE, MOJIBAKE, IDENTIFIER,
        ConsoleLanguageBrowserTest.RAW_CODE, ConsoleLanguageBrowserTest.RAW_KEY));
    if ("zh".equals(language)) {
      patterns.add(ENGLISH_PHRASE);
    }
    for (var pattern : patterns) {
      pattern.matcher(words).results().forEach(r -> unreadable.add(r.group()));
    }
    assertThat(unreadable).as("unreadable words at step " + name + ": template holes, raw codes or keys, mojibake").isEmpty();
    if ("zh".equals(language)) {
      @SuppressWarnings("unchecked")
      List<String> labels = (List<String>) js.executeScript(VISIBLE_LABELS, ConsoleLanguageBrowserTest.LABELS);
      List<String> english = labels.stream()
          .flatMap(t -> java.util.Arrays.stream(t.split("\n"))).map(String::trim)
          .filter(t -> !t.isEmpty() && !ConsoleLanguageBrowserTest.HAN.matcher(t).find()
              && !ConsoleLanguageBrowserTest.NOT_WORDING.matcher(t).matches() && !data.contains(t))
          .toList();
      assertThat(english).as("labels left in English at step " + name).isEmpty();
    }
  }

  /** What the journey typed or uploaded (file names, ids): data, shown as it was given. */
  final java.util.Set<String> data = new java.util.HashSet<>();

  /**
   * The wording of the page's header and main, text node by text node (so that "My cases" and
   * "Apply" in two links stay two words), without what is data: diagrams, raw variables, inputs.
   */
  private static final String WORDING = """
      const skip = '.diagram, pre, #variables, script, style, [hidden], [data-raw], select, input, textarea';
      const out = [];
      for (const root of document.querySelectorAll('header, main')) {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (!n.parentElement.closest(skip)) out.push(n.textContent);
        }
      }
      return out.join(' ');
      """;

  private static final String VISIBLE_LABELS = """
      const skip = '.diagram, pre, #variables, script, style, [hidden], [data-raw]';
      return [...document.querySelectorAll(arguments[0])]
        .filter(e => e.offsetParent !== null || e.tagName === 'TITLE')
        .filter(e => !e.closest(skip))
        .map(e => e.innerText.trim()).filter(t => t.length);
      """;

  static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }

  Path profile() {
    return profile;
  }
}
