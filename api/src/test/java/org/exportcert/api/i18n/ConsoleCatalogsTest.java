package org.exportcert.api.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.Phase;
import org.exportcert.certification.casefile.SchemeType;
import org.exportcert.certification.casefile.StaffRole;
import org.exportcert.certification.eligibility.SchemeCatalog;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceRejectedException;
import org.exportcert.certification.recognition.Recognition;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.RegistryEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The console's two catalogs (console/js/i18n/en.js, zh.js) against what the pages use: every
 * data-i18n key and t('...') call of the HTML and JS has an English and a Chinese text, every code
 * the API sends (phases, statuses, scheme types, roles...) has words in both, and every label of
 * the shipped Camunda Forms and every user task of the shipped models reads in Chinese.
 */
class ConsoleCatalogsTest {

  static final Path STATIC = Path.of("src/main/resources/static");
  static final Path CONSOLE = STATIC.resolve("console");
  /** Chinese characters or full-width punctuation: what a Chinese text has and an English one has not. */
  static final Pattern HAN = Pattern.compile("[\\p{IsHan}\\u3000-\\u303F\\uFF00-\\uFFEF]");
  static final Pattern ENTRY = Pattern.compile("^\\s*'([^']+)':\\s*(.*)$", Pattern.MULTILINE);

  static Map<String, String> en;
  static Map<String, String> zh;
  static Map<String, String> zhForms;

  @BeforeAll
  static void readCatalogs() throws IOException {
    en = entries(read(CONSOLE.resolve("js/i18n/en.js")));
    String zhSource = read(CONSOLE.resolve("js/i18n/zh.js"));
    int forms = zhSource.indexOf("forms: {");
    assertThat(forms).as("zh.js has a forms section").isPositive();
    zh = entries(zhSource.substring(0, forms));
    zhForms = formEntries(zhSource.substring(forms));
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** key → the rest of its line (the text, or a plural function). */
  static Map<String, String> entries(String source) {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher x = ENTRY.matcher(source);
    while (x.find()) {
      assertThat(m.put(x.group(1), x.group(2))).as("duplicate key " + x.group(1)).isNull();
    }
    return m;
  }

  static Map<String, String> formEntries(String source) {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher x = Pattern.compile("^\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|\"([^\"]*)\"):\\s*'([^']*)',?$", Pattern.MULTILINE).matcher(source);
    while (x.find()) {
      String english = (x.group(1) != null ? x.group(1) : x.group(2)).replace("\\'", "'");
      m.put(english, x.group(3));
    }
    return m;
  }

  static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  static Set<String> usedKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    List<Path> pages = new ArrayList<>(files(STATIC, ".html"));
    pages.add(Path.of("src/main/java/org/exportcert/api/console/LoginPage.java"));
    Pattern attr = Pattern.compile("data-i18n(?:-[a-z-]+)?=\\\\?\"([^\"\\\\]+)\\\\?\"");
    for (Path p : pages) {
      Matcher m = attr.matcher(read(p));
      while (m.find()) {
        keys.add(m.group(1));
      }
    }
    Pattern call = Pattern.compile("\\bt\\('([^']+)'");
    Pattern head = Pattern.compile("tableHead\\(([^)]*)\\)");
    for (Path p : files(CONSOLE.resolve("js"), ".js")) {
      if (p.getParent().getFileName().toString().equals("i18n")) {
        continue;
      }
      String js = read(p);
      Matcher m = call.matcher(js);
      while (m.find()) {
        keys.add(m.group(1));
      }
      Matcher h = head.matcher(js);
      while (h.find()) {
        Matcher k = Pattern.compile("'([^']+)'").matcher(h.group(1));
        while (k.find()) {
          keys.add(k.group(1));
        }
      }
    }
    return keys;
  }

  /**
   * A badge is a label of its own: in English it starts with a capital, as the status badges do
   * ("Missing" beside "Eligibility review", not "missing").
   */
  @Test
  void everyEnglishBadgeStartsWithACapital() throws IOException {
    Pattern call = Pattern.compile("\\bbadge\\(t\\('([^']+)'");
    Set<String> keys = new TreeSet<>();
    for (Path p : files(CONSOLE.resolve("js"), ".js")) {
      Matcher m = call.matcher(read(p));
      while (m.find()) {
        keys.add(m.group(1));
      }
    }
    assertThat(keys).as("badge(t('...')) calls found").hasSizeGreaterThan(5);
    assertThat(keys).as("English badge texts starting lower-case")
        .allMatch(key -> en.get(key) != null && en.get(key).matches("'\\p{Lu}.*"));
  }

  @Test
  void everyKeyThePagesUseHasEnglishAndChinese() throws IOException {
    Set<String> used = usedKeys();
    assertThat(used).hasSizeGreaterThan(150);
    assertThat(used).as("keys missing from en.js").allMatch(en::containsKey);
    assertThat(used).as("keys missing from zh.js").allMatch(zh::containsKey);
  }

  /**
   * Text a page writes itself is in one language only and never reaches the other: every HTML
   * text and label attribute comes from a data-i18n key, and no page or script outside the
   * catalogs holds Chinese (no "English · 中文" inline pairs), except the switch to Chinese.
   */
  @Test
  void everyPageTakesItsTextFromTheCatalogs() throws IOException {
    List<String> inline = new ArrayList<>();
    List<Path> sources = new ArrayList<>(files(STATIC, ".html"));
    sources.addAll(files(CONSOLE.resolve("js"), ".js"));
    for (Path p : sources) {
      if (p.getParent().getFileName().toString().equals("i18n") || p.startsWith(STATIC.resolve("vendor"))) {
        continue;
      }
      String[] lines = read(p).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        // the switch to Chinese is labelled in Chinese; lists join with the Chinese comma
        boolean theSwitch = p.endsWith("i18n.js") && (line.contains("中文") || line.contains("'、'"));
        if (HAN.matcher(line).find() && !theSwitch) {
          inline.add(p.getFileName() + ":" + (i + 1) + " " + line.trim());
        }
      }
    }
    Pattern text = Pattern.compile("<(\\w+)((?:[^>\"]|\"[^\"]*\")*)>([^<]*\\p{L}[^<]*)<");
    Pattern label = Pattern.compile("\\s(aria-label|placeholder|title)=\"[^\"]*\\p{L}");
    for (Path p : files(STATIC, ".html")) {
      if (p.startsWith(STATIC.resolve("vendor"))) {
        continue;
      }
      Matcher m = text.matcher(read(p));
      while (m.find()) {
        String tag = m.group(1);
        String attrs = m.group(2);
        String words = m.group(3).trim();
        // names of standards and arrows read the same in both languages
        boolean same = words.matches("(?:&\\w+;|ISO/IEC \\d+|ITU-T Y\\.\\d+|ExportCert|\\s)*");
        if (!tag.equals("script") && !tag.equals("style") && !attrs.contains("data-i18n=") && !same) {
          inline.add(p.getFileName() + ": <" + tag + "> " + words);
        }
      }
      String html = read(p);
      Matcher a = label.matcher(html);
      while (a.find()) {
        String element = html.substring(html.lastIndexOf('<', a.start()), html.indexOf('>', a.end()) + 1);
        if (!element.contains("data-i18n-" + a.group(1) + "=")) {
          inline.add(p.getFileName() + ": " + a.group(1) + " without data-i18n-" + a.group(1) + " in " + element);
        }
      }
    }
    assertThat(inline).as("text outside the catalogs (console/js/i18n/en.js, zh.js)").isEmpty();
  }

  /** Operators filter cases by a status chosen in words, never by typing a code. */
  @Test
  void theCaseFilterOffersEveryStatusInWords() throws IOException {
    String cases = read(CONSOLE.resolve("cases.html"));
    for (CaseStatus status : CaseStatus.values()) {
      assertThat(cases).contains("<option value=\"" + status + "\" data-i18n=\"status." + status + "\">");
    }
  }

  /**
   * The operator's phase filter and counts list the phases in the order of the applicant's progress
   * stepper, with the same words (phase.*): the two read one case's journey the same way.
   */
  @Test
  void theCaseFilterListsThePhasesAsTheApplicantsStepperDoes() throws IOException {
    List<String> stepper = phasesOf(read(CONSOLE.resolve("js/my-cases.js")));
    assertThat(stepper).startsWith("ELIGIBILITY", "DOCUMENT_REVIEW").contains("REGISTRY", "MAINTENANCE");
    List<String> filter = new ArrayList<>(stepper);
    filter.add("CLOSED");
    assertThat(phasesOf(read(CONSOLE.resolve("js/cases.js")))).as("cases.js phase counts").isEqualTo(filter);
    String page = read(CONSOLE.resolve("cases.html"));
    Matcher select = Pattern.compile("<select id=\"f-phase\"[^>]*>(.*?)</select>").matcher(page);
    assertThat(select.find()).isTrue();
    List<String> options = Pattern.compile("<option value=\"([A-Z_]+)\" data-i18n=\"phase\\.\\1\">").matcher(select.group(1))
        .results().map(m -> m.group(1)).toList();
    assertThat(options).as("cases.html phase filter").isEqualTo(filter);
    assertThat(read(CONSOLE.resolve("js/my-cases.js"))).as("the stepper's words").contains("code('phase', p)").doesNotContain("code('step'");
    assertThat(Arrays.stream(Phase.values()).map(Enum::name).toList()).containsExactlyInAnyOrderElementsOf(filter);
  }

  static List<String> phasesOf(String js) {
    Matcher m = Pattern.compile("const PHASES = \\[([^\\]]*)\\]").matcher(js);
    assertThat(m.find()).as("a PHASES list").isTrue();
    return Pattern.compile("'([A-Z_]+)'").matcher(m.group(1)).results().map(r -> r.group(1)).toList();
  }

  /**
   * A label and its value are separated by the language's own mark (a Chinese page read
   * "认证方案类型: 6"), the scheme type reads as words, and a decision names its kind before its
   * outcome (it read "批准认证 认证 · 日期").
   */
  @Test
  void labelsValuesAndDecisionsReadAsTheLanguageWritesThem() throws IOException {
    assertThat(en.get("common.labelSeparator")).isEqualTo("': ',");
    assertThat(zh.get("common.labelSeparator")).isEqualTo("'：',");
    for (Path js : files(CONSOLE.resolve("js"), ".js")) {
      if (!js.getParent().getFileName().toString().equals("i18n")) {
        // a value after a label in a template: `${label}: ${value}`
        assertThat(read(js)).as(js + " joins a label and its value with an ASCII colon").doesNotContain("}: ${");
      }
    }
    String casefile = read(CONSOLE.resolve("js/casefile.js"));
    assertThat(casefile).contains("k === 'schemeType' ? schemeType(x)", "code('scheme',");
    assertThat(casefile).contains("t('decision.ofKind', { kind: code('decisionKind', d.kind) })")
        .doesNotContain("` ${code('decisionKind'");
    assertThat(read(CONSOLE.resolve("js/my-cases.js"))).contains("decisionLine(d)").doesNotContain("code('decisionKind'");
    assertThat(zh.get("decision.ofKind")).isEqualTo("'{kind}决定',");
    assertThat(en.get("decision.ofKind")).isEqualTo("'{kind} decision',");
  }

  /**
   * An empty list says so once: a server-paged table with its own "no items" row has no pager
   * beside it, and a filter that leaves nothing is what the pager names.
   */
  @Test
  void anEmptyListSaysSoOnce() throws IOException {
    String pager = read(CONSOLE.resolve("js/pager.js"));
    assertThat(pager).contains("if (!total) return null;", "t('pager.noMatch')", "nav.hidden = !shown.total && !state.q;");
    assertThat(en).doesNotContainKey("pager.nothing");
    assertThat(zh.get("pager.noMatch")).contains("没有符合筛选条件");
    assertThat(read(CONSOLE.resolve("css/console.css"))).contains(".pager[hidden] { display: none; }");
  }

  /** The version the models page shows is in the address, so the language switch (a reload) keeps it. */
  @Test
  void theModelsPageKeepsTheChosenVersionInTheAddress() throws IOException {
    String models = read(CONSOLE.resolve("js/models.js"));
    assertThat(models).contains("q.mv = String(d.key)", "readQuery().mv");
  }

  @Test
  void theCatalogsHaveTheSameKeys() {
    // element names are not here: the models carry them in both languages (name and name.zh)
    assertThat(new TreeSet<>(zh.keySet())).isEqualTo(new TreeSet<>(en.keySet()));
    assertThat(zh.keySet()).noneMatch(k -> k.startsWith("element."));
  }

  @Test
  void chineseTextsAreChinese() {
    Set<String> notText = Set.of("common.prefixed");
    zh.forEach((k, v) -> {
      if (!notText.contains(k)) {
        assertThat(HAN.matcher(v).find()).as("zh " + k + " = " + v).isTrue();
      }
    });
  }

  @Test
  void everyCodeTheApiSendsReadsAsWordsInBothLanguages() {
    Consumer<String> both = key -> {
      assertThat(en).as("en.js").containsKey(key);
      assertThat(zh).as("zh.js").containsKey(key);
    };
    Arrays.stream(Phase.values()).forEach(p -> both.accept("phase." + p));
    Arrays.stream(CaseStatus.values()).forEach(s -> both.accept("status." + s));
    Arrays.stream(SchemeType.values()).forEach(s -> both.accept("scheme." + s));
    Arrays.stream(StaffRole.values()).forEach(r -> both.accept("role." + r));
    Arrays.stream(Evidence.ReviewStatus.values()).forEach(s -> both.accept("review." + s));
    Arrays.stream(RegistryEntry.Status.values()).forEach(s -> both.accept("certStatus." + s));
    Arrays.stream(Certificate.Status.values()).forEach(s -> both.accept("certStatus." + s));
    Arrays.stream(EvidenceRejectedException.Reason.values()).forEach(r -> both.accept("reason." + r));
    Arrays.stream(Recognition.Outcome.values()).forEach(o -> {
      both.accept("outcome." + o);
      both.accept("recognition." + o);
    });
    List.of("AI_SAAS", "INTELLIGENT_OPERATIONS_PLATFORM", "INDUSTRIAL_DIGITAL_TWIN")
        .forEach(c -> both.accept("category." + c));
    // every request the applicant can be shown has a title and says what to do (the corrective
    // action after the lab's nonconformities had neither, and was not shown at all)
    Arrays.stream(org.exportcert.api.process.WaitingPoint.values()).forEach(w -> {
      both.accept("requestTitle." + w.message());
      both.accept("requestReason." + w.message());
    });
    // the case file lists every answer under its title (a change read "Changenotified")
    org.exportcert.api.process.Messages.APPLICANT_ANSWERS.forEach(m -> both.accept("requestTitle." + m));
  }

  /**
   * The public and applicants pick a market (and an applicant a category and a framework) by its
   * name in their language, never by typing a code, from the one catalog that names them (market.*,
   * category.*, framework.*): no page keeps a list of its own, and the API takes every code offered.
   */
  @Test
  void marketsCategoriesAndFrameworksAreChosenByNameFromTheCatalog() throws IOException {
    // the operator's case search too (a typed code found nothing when a name was typed)
    assertThat(read(CONSOLE.resolve("cases.html"))).contains("<select id=\"f-market\" name=\"market\">")
        .doesNotContain("<input id=\"f-market\"");
    String cases = read(CONSOLE.resolve("js/cases.js"));
    assertThat(cases).contains("codesByName('market')");
    assertThat(cases.indexOf("codesByName('market')")).as("options there before the query string is read")
        .isLessThan(cases.indexOf("bindFilters(filters"));
    String registry = read(CONSOLE.resolve("js/registry.js"));
    assertThat(read(CONSOLE.resolve("registry.html"))).contains("<select id=\"f-market\" name=\"market\">");
    assertThat(registry).contains("codesByName('market')");
    String apply = read(CONSOLE.resolve("js/apply.js"));
    assertThat(apply).contains("codesByName('market')", "catalogCodes('category')", "catalogCodes('framework')");
    String applyPage = read(CONSOLE.resolve("apply.html"));
    assertThat(applyPage).as("no market or category typed or listed in the page itself")
        .doesNotContain("placeholder=\"SG", "value=\"AI_SAAS\"", "value=\"ISO_IEC_27001\"")
        .contains("<fieldset id=\"targetMarkets\"");
    // a second list of market codes anywhere in the console's scripts
    Pattern marketList = Pattern.compile("\\[\\s*'[A-Z]{2}'\\s*,\\s*'[A-Z]{2}'");
    for (Path js : files(CONSOLE.resolve("js"), ".js")) {
      if (!js.getParent().getFileName().toString().equals("i18n")) {
        assertThat(marketList.matcher(read(js)).find()).as(js + " keeps a list of market codes").isFalse();
      }
    }

    SchemeCatalog scheme = SchemeCatalog.defaults();
    List<String> markets = codesOf("market");
    assertThat(markets).hasSizeGreaterThanOrEqualTo(10).contains("SG", "EU");
    assertThat(scheme.markets()).as("every market the console offers is one the API takes").containsAll(markets);
    assertThat(scheme.categories()).containsAll(codesOf("category"));
    assertThat(codesOf("framework")).as("every framework of the scheme can be ticked")
        .containsExactlyInAnyOrderElementsOf(scheme.referenceFrameworks());
    markets.forEach(m -> assertThat(HAN.matcher(zh.get("market." + m)).find()).as("zh market." + m).isTrue());
  }

  /** The codes a catalog names in a group (market.SG → SG), as the console's catalogCodes() reads them. */
  static List<String> codesOf(String group) {
    return en.keySet().stream().filter(k -> k.startsWith(group + ".")).map(k -> k.substring(group.length() + 1)).toList();
  }

  @Test
  void everyTextOfTheShippedFormsHasAChineseTranslation() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Set<String> missing = new TreeSet<>();
    Resource[] forms = new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form");
    assertThat(forms).isNotEmpty();
    for (Resource r : forms) {
      try (InputStream in = r.getInputStream()) {
        collect(json.readTree(in), missing);
      }
    }
    assertThat(missing).as("form texts without a Chinese translation in zh.js forms").isEmpty();
  }

  /** The same walk as i18n.js translateFormSchema: labels, descriptions, option labels, text blocks. */
  private void collect(JsonNode component, Set<String> missing) {
    for (String field : List.of("label", "description", "placeholder")) {
      if (component.path(field).isTextual()) {
        check(component.get(field).asText(), missing);
      }
    }
    if ("text".equals(component.path("type").asText()) && component.path("text").isTextual()) {
      for (String block : component.get("text").asText().split("\n\n")) {
        check(block.replaceFirst("^#+\\s*", ""), missing);
      }
    }
    component.path("values").forEach(v -> check(v.path("label").asText(), missing));
    component.path("components").forEach(c -> collect(c, missing));
  }

  private void check(String english, Set<String> missing) {
    String key = english.trim();
    if (!key.isEmpty() && !zhForms.containsKey(key)) {
      missing.add(key);
    }
  }

  /** The lab reads its test plan: every suite the shipped test-plan table can plan reads as words in both. */
  @Test
  void everyTestSuiteAndScopeOfTheShippedModelsReadsAsWordsInBothLanguages() throws IOException {
    Set<String> codes = new TreeSet<>();
    for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:models/test-plan.dmn")) {
      try (InputStream in = r.getInputStream()) {
        String dmn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<outputEntry id=\"[^\"]+\"><text>\"([A-Z0-9_]+)\"</text>").matcher(dmn);
        while (m.find()) {
          codes.add("suite." + m.group(1));
        }
      }
    }
    assertThat(codes).as("suites in test-plan.dmn").hasSizeGreaterThan(10);
    for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:models/*.bpmn")) {
      try (InputStream in = r.getInputStream()) {
        Matcher m = Pattern.compile("source='=\"([A-Z]+)\"' target=\"testingScope\"")
            .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (m.find()) {
          codes.add("testScope." + m.group(1));
        }
      }
    }
    assertThat(codes).contains("testScope.BASE", "testScope.MARKET", "testScope.CHANGE");
    assertThat(codes).as("missing from en.js").allMatch(en::containsKey);
    assertThat(codes).as("missing from zh.js").allMatch(zh::containsKey);
  }

  // every named element of the shipped models has a Chinese name: ChineseNamesTest (bpmn module)

  /**
   * Every audit action the server records reads as words on the operator's case page: a fixed
   * action has action.<name> in both catalogs, one ending in a code ("staff.assigned." + role) is
   * one of the prefixes auditAction() in i18n.js turns into words, and the outbox's channels each
   * have their own text. The action is the second argument of every record(...) call.
   */
  @Test
  void everyAuditActionTheServerRecordsReadsAsWords() throws IOException {
    Pattern fixed = Pattern.compile("\"([a-z_]+(?:\\.[a-z_]+)+)\"");
    Pattern prefix = Pattern.compile("\"([a-z_]+(?:\\.[a-z_]+)*\\.)\"\\s*\\+.*", Pattern.DOTALL);
    String i18n = read(CONSOLE.resolve("js/i18n.js"));
    Set<String> seen = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (String module : List.of("../certification", "../workers", ".")) {
      try (Stream<Path> files = Files.walk(Path.of(module, "src/main/java"))) {
        for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
          for (String action : secondArguments(read(f), ".record(")) {
            Matcher whole = fixed.matcher(action);
            Matcher start = prefix.matcher(action);
            if (whole.matches()) {
              seen.add(whole.group(1));
              if (!en.containsKey("action." + whole.group(1)) || !zh.containsKey("action." + whole.group(1))) {
                missing.add(whole.group(1));
              }
            } else if (start.matches() && start.group(1).equals("outbox.sent.")) {
              seen.add("outbox.sent.*");
              Arrays.stream(org.exportcert.certification.outbox.OutboxMessage.Channel.values())
                  .map(c -> "action.outbox.sent." + c.name().toLowerCase())
                  .filter(k -> !en.containsKey(k) || !zh.containsKey(k)).forEach(missing::add);
            } else if (start.matches()) {
              seen.add(start.group(1) + "*");
              if (!i18n.contains("['" + start.group(1) + "'")) {
                missing.add(start.group(1) + "*");
              }
            }
          }
        }
      }
    }
    assertThat(seen).as("the scan finds the actions").contains("evidence.stored", "staff.assigned.*", "decision.*");
    assertThat(missing).as("audit actions shown as raw codes on the case page").isEmpty();
  }

  /**
   * Who did it reads as words too: every actor the server names itself in record(...) (a literal
   * first argument, or a constant ..._ACTOR) is one actorName() in i18n.js words, as itself or by
   * its prefix ("system:…"), not "outbox" or "system:case-start-retry" beside a Chinese action.
   */
  @Test
  void everyActorTheServerNamesItselfReadsAsWords() throws IOException {
    Pattern literal = Pattern.compile("\\.record\\(\\s*\"([a-z][a-z-]*(?::[a-z-]*)?)\"\\s*[,)]");
    Pattern constant = Pattern.compile("static final String \\w*ACTOR\\w* = \"([a-z][a-z-]*(?::[a-z-]+)?)\"");
    String actorName = read(CONSOLE.resolve("js/i18n.js"));
    actorName = actorName.substring(actorName.indexOf("export function actorName"));
    actorName = actorName.substring(0, actorName.indexOf("\n}"));
    Set<String> actors = new TreeSet<>();
    for (String module : List.of("../certification", "../workers", ".")) {
      try (Stream<Path> files = Files.walk(Path.of(module, "src/main/java"))) {
        for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
          for (Pattern p : List.of(literal, constant)) {
            Matcher m = p.matcher(read(f));
            while (m.find()) {
              actors.add(m.group(1));
            }
          }
        }
      }
    }
    assertThat(actors).as("the scan finds the actors").contains("system", "outbox", "system:case-start-retry");
    String words = actorName;
    assertThat(actors).as("actors shown as raw names on the case page").allMatch(a -> words.contains("'" + a + "'")
        || (a.contains(":") && words.contains("'" + a.substring(0, a.indexOf(':') + 1) + "'")));
  }

  /** The second top-level argument of every call starting with `call` (strings and nesting respected). */
  static List<String> secondArguments(String source, String call) {
    List<String> out = new ArrayList<>();
    for (int at = source.indexOf(call); at >= 0; at = source.indexOf(call, at + 1)) {
      int depth = 0;
      int arg = 0;
      StringBuilder second = new StringBuilder();
      for (int i = at + call.length(); i < source.length(); i++) {
        char c = source.charAt(i);
        if (c == '"') {
          int close = i + 1;
          while (close < source.length() && source.charAt(close) != '"') {
            close += source.charAt(close) == '\\' ? 2 : 1;
          }
          if (arg == 1) {
            second.append(source, i, Math.min(close + 1, source.length()));
          }
          i = close;
          continue;
        }
        if (depth == 0 && (c == ')' || (c == ',' && arg == 1))) {
          break;
        }
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (c == ',' && depth == 0) {
          arg++;
          continue;
        }
        if (arg == 1) {
          second.append(c);
        }
      }
      if (arg >= 1) {
        out.add(second.toString().trim());
      }
    }
    return out;
  }
  // ------------------------------------------------------------------ the modeler's editors in Chinese

  /**
   * The embedded editors' Chinese (js/i18n/modeler-zh.js) loads as a module of plain entries, and
   * each of its keys is a text the shipped bpmn-js / dmn-js distributions pass to translate() as
   * written: a key that differs by a letter or a space would silently leave the English.
   */
  @Test
  void theModelersChineseDictionaryLoadsAndItsKeysAreTheEditorsOwnTexts() throws IOException {
    String source = read(CONSOLE.resolve("js/i18n/modeler-zh.js"));
    Pattern entry = Pattern.compile("^  '((?:[^'\\\\]|\\\\.)+)': '((?:[^'\\\\]|\\\\.)*)',$");
    Map<String, String> strings = new LinkedHashMap<>();
    Map<String, String> typeLabels = new LinkedHashMap<>();
    Map<String, String> templateTexts = new LinkedHashMap<>();
    Map<String, String> into = null;
    List<String> notAnEntry = new ArrayList<>();
    for (String line : source.split("\n")) {
      if (line.startsWith("export const strings = {")) {
        into = strings;
      } else if (line.startsWith("export const typeLabels = {")) {
        into = typeLabels;
      } else if (line.startsWith("export const templateTexts = {")) {
        into = templateTexts;
      } else if (line.equals("};")) {
        into = null;
      } else if (into != null && !line.isBlank() && !line.trim().startsWith("//")) {
        Matcher m = entry.matcher(line);
        if (m.matches()) {
          assertThat(into.put(m.group(1), m.group(2))).as("duplicate key " + m.group(1)).isNull();
        } else {
          notAnEntry.add(line);
        }
      }
    }
    assertThat(notAnEntry).as("lines of modeler-zh.js that are not 'English': 'Chinese',").isEmpty();
    assertThat(source).contains("export default { ...typeLabels, ...templateTexts, ...strings };");
    assertThat(strings).hasSizeGreaterThan(300);
    strings.forEach((k, v) -> assertThat(v).as(k).containsPattern(HAN));
    typeLabels.forEach((k, v) -> assertThat(v).as(k).containsPattern(HAN));
    templateTexts.forEach((k, v) -> assertThat(v).as(k).containsPattern(HAN));
    // what a program manager meets first: palette, context pad, properties panel, decision table
    assertThat(strings).containsKeys("Create task", "Append element", "Change element", "General", "Name",
        "Documentation", "Input mapping", "Output mapping", "Task definition", "Timer", "Condition expression",
        "Called element", "Form", "Assignment", "Execution listeners", "Extension properties", "Add rule",
        "Hit policy", "Add input", "Add output", "Search in diagram");
    assertThat(typeLabels).containsKeys("Service Task", "User Task", "Exclusive Gateway", "Process");

    // the editors as the build serves them (copied from npm into target/classes by process-resources)
    Path vendor = Path.of("target/classes/static/vendor");
    String bundles = read(vendor.resolve("camunda-bpmn-js/camunda-cloud-modeler.production.min.js"))
        + read(vendor.resolve("camunda-dmn-js/camunda-cloud-modeler.production.min.js"));
    assertThat(strings.keySet()).as("keys no shipped editor translates")
        .allMatch(k -> bundles.contains("'" + k.replace("\\'", "'") + "'")
            || bundles.contains("\"" + k.replace("\\'", "'") + "\""));

    // every element template's name reads in Chinese; each template text is a template's name or group
    // (the properties panel translates those, not the fields' own labels)
    Set<String> templateWords = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    for (Path f : files(Path.of("../bpmn/element-templates"), ".json")) {
      JsonNode root = json.readTree(f.toFile());
      for (JsonNode t : root.isArray() ? root : json.createArrayNode().add(root)) {
        assertThat(templateTexts).as(f.toString()).containsKey(t.path("name").asText());
        templateWords.add(t.path("name").asText());
        t.path("groups").forEach(g -> templateWords.add(g.path("label").asText()));
      }
    }
    assertThat(templateTexts.keySet()).as("texts no element template has").allMatch(templateWords::contains);
  }
}
