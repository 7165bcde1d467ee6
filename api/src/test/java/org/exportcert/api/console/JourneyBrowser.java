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
 * open pages, fill the shipped Camunda Forms (form-js) by their labels, and after every step fail
 * on what a person would notice is broken: a script error in the console, a problem shown where
 * none was expected, an unlabelled control or a label that reads "undefined".
 */
final class JourneyBrowser implements AutoCloseable {


  /** What a page must never show a person: template holes and raw objects. */
  static final List<String> UNREADABLE = List.of("undefined", "[object Object]", "NaN", "null ·", "Invalid Date");

  final WebDriver driver;
  private final Path profile;
  private final Path screenshots;
  private final String base;
  private int step;

  private JourneyBrowser(WebDriver driver, Path profile, Path screenshots, String base) {
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
    this.base = base;
  }

  static JourneyBrowser start(String base, Path screenshots) throws IOException {
    Path profile = Files.createTempDirectory("exportcert-journey-chromium");
    ChromeOptions options =
        org.exportcert.api.testing.Chromium.headless("The journey test", profile, "en-GB");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    Files.createDirectories(screenshots);
    return new JourneyBrowser(new ChromeDriver(options), profile, screenshots, base);
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
    driver.manage().deleteAllCookies();
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
    return new WebDriverWait(driver, timeout)
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

  /** Reloads the page until the condition holds: for what workers and the engine do meanwhile. */
  WebElement reloadUntil(String path, By by, Predicate<WebElement> holds, Duration timeout) {
    return until(timeout, d -> {
      open(path);
      try {
        WebElement e = new WebDriverWait(d, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
            .until(x -> x.findElements(by).stream().filter(el -> el.isDisplayed() && holds.test(el)).findFirst().orElse(null));
        return e;
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
   * Saves the screenshot of one step and checks the page as a person would read it: no script
   * errors, no problem box, every control labelled, no unreadable text.
   */
  void step(String name, String... expectedConsoleErrors) throws IOException {
    step++;
    var js = (JavascriptExecutor) driver;
    long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, (int) Math.min(2400, Math.max(900, height + 140))));
    js.executeScript("window.scrollTo(0, 0)");
    Files.write(screenshots.resolve(String.format("%02d-%s.png", step, name)),
        ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
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
  }

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
