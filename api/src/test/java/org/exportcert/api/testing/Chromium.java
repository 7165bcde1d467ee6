package org.exportcert.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for console tests: a fresh profile, the browser language given, and
 * the steps a test repeats (open, sign in, wait for text, screenshot into docs/screenshots).
 * Skipped where Chromium is not installed, required when CI=true.
 */
public final class Chromium implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final WebDriver driver;
  private final Path profile;
  private final int port;

  private Chromium(WebDriver driver, Path profile, int port) {
    this.driver = driver;
    this.profile = profile;
    this.port = port;
  }

  /**
   * Headless Debian Chromium as every browser test runs it, with an explicit driver path so that
   * Selenium Manager never downloads anything. Where it is missing the caller is skipped, or failed
   * under CI=true.
   */
  public static ChromeOptions headless(String who, Path profile, String language) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String message = who + " need " + CHROMIUM + " and " + CHROMEDRIVER
          + " (apt-get install -y chromium chromium-driver); none found";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + ", and CI=true requires them.");
      }
      Assumptions.abort(message + ", so they are skipped.");
    }
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--window-size=1366,900", "--lang=" + language);
    return options;
  }

  /** A browser whose user prefers the given languages (Accept-Language and navigator.languages). */
  public static Chromium start(int port, String languages) throws IOException {
    Path profile = Files.createTempDirectory("exportcert-chromium");
    ChromeOptions options = headless("Console browser tests", profile, languages.split(",")[0]);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages));
    // console errors are part of a failure's message
    org.openqa.selenium.logging.LoggingPreferences logging = new org.openqa.selenium.logging.LoggingPreferences();
    logging.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    return new Chromium(new ChromeDriver(options), profile, port);
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String path) {
    driver.get("http://localhost:" + port + path);
  }

  /** Signs out by forgetting the session cookie; the language choice (localStorage) stays. */
  public void signOut() {
    open("/console/registry.html");
    driver.manage().deleteCookieNamed("JSESSIONID");
    driver.manage().deleteCookieNamed("XSRF-TOKEN");
  }

  /** Signs in through the sign-in page with the password of {@link KnownUserPasswords}. */
  public void signIn(String user) {
    signOut();
    open("/login");
    waitFor(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(user + "-pw");
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    until(d -> !d.getCurrentUrl().contains("/login"));
    if (!driver.getCurrentUrl().contains("/console/")) {
      open("/");
    }
    waitFor(By.cssSelector("[data-testid=whoami]"), user);
  }

  public <T> T until(Function<WebDriver, T> condition) {
    // checked every 100 ms: the default half second between checks added up over a journey
    return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
        .withMessage(() -> "on " + driver.getCurrentUrl() + ", page says: " + excerpt())
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  public WebElement waitFor(By by) {
    return until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** The first visible element matching by whose text contains text. */
  public WebElement waitFor(By by, String text) {
    return until(d -> d.findElements(by).stream()
        .filter(e -> e.isDisplayed() && e.getText().contains(text))
        .findFirst().orElse(null));
  }

  public void click(By by, String text) {
    until(d -> {
      waitFor(by, text).click();
      return true;
    });
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** How many lines the element's text takes as laid out (1: it did not wrap). */
  public static long textLines(WebDriver driver, WebElement element) {
    return (Long) ((JavascriptExecutor) driver).executeScript("""
        const range = document.createRange();
        range.selectNodeContents(arguments[0]);
        return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom))).size;
        """, element);
  }

  /** Whether the whole page scrolls sideways (a wide table should scroll in its own box instead). */
  public static boolean scrollsSideways(WebDriver driver) {
    return (Boolean) ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
  }

  /**
   * The text a reader sees, without what is data rather than wording: diagrams (bpmn-js draws
   * the models' own names), raw process variables, form inputs.
   */
  @SuppressWarnings("unchecked")
  public List<String> visibleTexts(String selector) {
    return (List<String>) script("""
        const skip = '.diagram, pre, #variables, script, style, [hidden], [data-raw]';
        return [...document.querySelectorAll(arguments[0])]
          .filter(e => e.offsetParent !== null || e.tagName === 'TITLE')
          .filter(e => !e.closest(skip))
          .map(e => e.innerText.trim()).filter(t => t.length);
        """, selector);
  }

  /** All the wording of the page's header and main, without the data parts visibleTexts leaves out. */
  public String wording() {
    return (String) script("""
        const skip = '.diagram, pre, #variables, script, style, [hidden], [data-raw], select, input, textarea';
        return [...document.querySelectorAll('header, main')].map(root => {
          const copy = root.cloneNode(true);
          copy.querySelectorAll(skip).forEach(e => e.remove());
          return copy.textContent;
        }).join('\\n');
        """);
  }

  private String excerpt() {
    try {
      String text = driver.findElement(By.tagName("body")).getText();
      StringBuilder logs = new StringBuilder();
      try {
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
            .forEach(e -> logs.append("\n[console ").append(e.getLevel()).append("] ").append(e.getMessage()));
      } catch (RuntimeException e) {
        logs.append("\n(no console log: ").append(e.getMessage()).append(')');
      }
      return (text.length() > 400 ? text.substring(0, 400) : text) + logs;
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** The whole page at laptop width into docs/screenshots/name.png (target/screenshots outside the repo). */
  public void screenshot(String name) throws IOException {
    long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
    driver.manage().window().setSize(new Dimension(1366, (int) Math.min(2000, height + 140)));
    script("window.scrollTo(0, 0)");
    Path docs = Path.of("").toAbsolutePath().resolveSibling("docs");
    Path dir = Files.isDirectory(docs) ? docs.resolve("screenshots") : Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new Dimension(1366, 900));
    assertThat(driver.getTitle()).as("page title of " + name).isNotBlank();
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
