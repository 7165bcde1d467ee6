package org.exportcert.api.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.decision.DecisionType;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * What ExportCert writes as a reason reads in the reader's language: every code the services,
 * workers and models use has an English and a Chinese text, and older free text stays as it was.
 */
public class AuditReasonsTest {

  static final Pattern REASON_OF = Pattern.compile("Reason\\.of\\(\\s*\"(audit\\.reason\\.[a-z0-9-]+)\"");
  /** Reasons the shipped models hand to exportcert.case.record-status and the certificate workers. */
  static final Pattern MODEL_REASON = Pattern.compile(
      "source=\"([A-Z][A-Z0-9_]+)\" target=\"(?:statusReason|withdrawalReason)\"");

  /** The application's MessageSource, as spring.messages configures it. */
  public static AuditReasons messages() {
    ResourceBundleMessageSource m = new ResourceBundleMessageSource();
    m.setBasename("i18n/messages");
    m.setDefaultEncoding("UTF-8");
    m.setFallbackToSystemLocale(false);
    return new AuditReasons(m, new org.exportcert.certification.evidence.EvidenceKindCatalog());
  }

  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = AuditReasonsTest.class.getResourceAsStream("/i18n/" + name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  static Set<String> matches(Pattern pattern, Stream<Path> files) {
    Set<String> found = new TreeSet<>();
    files.forEach(f -> {
      try {
        Matcher m = pattern.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          found.add(m.group(1));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return found;
  }

  static Stream<Path> sources(String... roots) throws IOException {
    Stream<Path> all = Stream.empty();
    for (String root : roots) {
      all = Stream.concat(all, Files.walk(Path.of(root)).filter(p -> p.toString().endsWith(".java")).toList().stream());
    }
    return all;
  }

  @Test
  void everyReasonCodeWrittenHasEnglishAndChineseText() throws IOException {
    Set<String> codes = matches(REASON_OF,
        sources("src/main/java", "../certification/src/main/java", "../workers/src/main/java"));
    assertThat(codes).as("Reason.of codes found in the sources").hasSizeGreaterThan(10);
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh.properties");
    assertThat(codes).allSatisfy(c -> {
      assertThat(en.getProperty(c)).as("English " + c).isNotBlank();
      assertThat(zh.getProperty(c)).as("Chinese " + c).isNotBlank();
    });
  }

  @Test
  void everyCodeTheModelsAndDecisionsGiveAsAReasonHasEnglishAndChineseText() throws IOException {
    Set<String> codes;
    try (Stream<Path> models = Files.list(Path.of("../bpmn/src/main/resources/models"))) {
      codes = matches(MODEL_REASON, models.filter(p -> p.toString().endsWith(".bpmn")));
    }
    codes.addAll(Set.of("CONFORM", "INFORMATION_REQUESTED", "OUT_OF_SCOPE", "CATEGORY_OUT_OF_SCOPE",
        "INFORMATION_NEEDED", "DECLARATIONS_MISSING"));
    Stream.of(DecisionType.values()).map(Enum::name).forEach(codes::add);
    assertThat(codes).contains("NO_RESPONSE_BY_DEADLINE", "HOLDER_REQUEST", "TERMINATED_BY_HOLDER");
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh.properties");
    assertThat(codes).allSatisfy(c -> {
      assertThat(en.getProperty("audit.reason-code." + c)).as("English " + c).isNotBlank();
      assertThat(zh.getProperty("audit.reason-code." + c)).as("Chinese " + c).isNotBlank();
    });
  }

  @Test
  void aCodedReasonReadsInTheReadersLanguageAndOldFreeTextAsItWas() {
    AuditReasons reasons = messages();
    String listed = Reason.of("audit.reason.listed-as", "CN-AIS-2026-000001");
    assertThat(reasons.text(listed, Locale.SIMPLIFIED_CHINESE)).isEqualTo("登记为 CN-AIS-2026-000001");
    assertThat(reasons.text(listed, Locale.ENGLISH)).isEqualTo("Listed as CN-AIS-2026-000001");
    // a code inside the arguments is worded too
    assertThat(reasons.text(Reason.of("audit.reason.document-review", "CONFORM"), Locale.SIMPLIFIED_CHINESE))
        .isEqualTo("文件审查：文件符合要求");
    assertThat(reasons.text("NO_RESPONSE_BY_DEADLINE", Locale.SIMPLIFIED_CHINESE)).isEqualTo("期限内未答复");
    assertThat(reasons.text("application received", Locale.SIMPLIFIED_CHINESE)).isEqualTo("application received");
    assertThat(reasons.text("SOME_NEW_CODE", Locale.ENGLISH)).isEqualTo("SOME_NEW_CODE");
    // notification.queued records the notice's code: the operator reads what was sent, not CERTIFICATE_ISSUED
    assertThat(reasons.text("CERTIFICATE_ISSUED", Locale.SIMPLIFIED_CHINESE)).isEqualTo("证书已颁发");
    assertThat(reasons.text("DECISION_MADE", Locale.ENGLISH)).isEqualTo("Certification decision made");
    assertThat(reasons.text("INFORMATION_REQUESTED", Locale.ENGLISH)).isEqualTo("Information requested from the applicant");
    assertThat(reasons.text(null, Locale.ENGLISH)).isNull();
    // the problems a registry check found, each in the reader's language
    String held = Reason.of("audit.reason.registry-check-failed", Reason.list(java.util.List.of(
        Reason.of("audit.reason.registry-expired", "2026-01-31"), Reason.of("audit.reason.registry-pdf-missing"))));
    assertThat(reasons.text(held, Locale.SIMPLIFIED_CHINESE))
        .isEqualTo("白名单登记检查未通过：证书已于 2026-01-31 过期；证书 PDF 未存储");
    assertThat(reasons.text(held, Locale.ENGLISH))
        .isEqualTo("Registry check failed: certificate expired on 2026-01-31; certificate PDF not stored");
    assertThat(reasons.text(Reason.of("audit.reason.model-draft-saved-voiding", 4, 3), Locale.SIMPLIFIED_CHINESE))
        .isEqualTo("修订版 4；修订版 3 的批准已作废");
    // a code a newer release wrote still shows its values
    assertThat(reasons.text(Reason.of("audit.reason.from-the-future", "X-1"), Locale.ENGLISH))
        .contains("X-1");
  }

  /**
   * Reasons written as keys rather than coded reasons read as words too: every "prefix:" + … the
   * sources build (the outbox's keys, the reason of outbox.sent.* and outbox.failed) and an answer's
   * " evidence=[…]". Prefixes that are no reason (actors, a model diff's unit) are named here.
   */
  @Test
  void everyKeyLikeReasonTheSourcesWriteReadsAsWords() throws IOException {
    Pattern keyPrefix = Pattern.compile("\"([a-z][a-z-]+:)\"\\s*\\+");
    Set<String> prefixes = matches(keyPrefix,
        sources("src/main/java", "../certification/src/main/java", "../workers/src/main/java"));
    // actors (worker:<type>, partner:<code>) are worded by actorName(); a model diff's unit is no reason
    prefixes.removeAll(Set.of("worker:", "partner:", "unreadable:"));
    assertThat(prefixes).as("the scan finds the outbox keys").contains("notify:", "lab-request:", "reminder:", "dossier:");
    AuditReasons reasons = messages();
    java.util.Map<String, String> example = java.util.Map.of(
        "notify:", "notify:EC-2026-000001:Task_NotifySurveillanceDue:2251799813685300:SURVEILLANCE_DUE",
        "lab-request:", "lab-request:TR-12",
        "reminder:", "reminder:EC-2026-000001:Timer_Remind:42",
        "dossier:", "dossier:7");
    assertThat(example.keySet()).as("an example for every prefix the sources write").containsAll(prefixes);
    for (String prefix : prefixes) {
      for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
        String said = reasons.text(example.get(prefix), locale);
        assertThat(said).as(prefix + " in " + locale).doesNotContain(prefix).doesNotContain("audit.reason.");
      }
    }
    assertThat(reasons.text(example.get("notify:"), Locale.ENGLISH)).isEqualTo("Notice to the applicant: surveillance due");
    assertThat(reasons.text(example.get("notify:"), Locale.SIMPLIFIED_CHINESE)).startsWith("致申请人的通知：").doesNotContain("SURVEILLANCE_DUE");
    // outbox.failed keeps the error after the key
    assertThat(reasons.text("lab-request:TR-12: java.io.IOException: refused", Locale.ENGLISH))
        .isEqualTo("Test request TR-12 sent to the lab: java.io.IOException: refused");
    // the dossier's object key, written before dossier:<id>
    assertThat(reasons.text("cases/EC-2026-000001/dossiers/D-3.zip", Locale.ENGLISH)).contains("D-3.zip").doesNotContain("cases/");
    // an answer's note, then its documents, as answers were recorded before ApplicantAnswers
    assertThat(reasons.text("Q4 data evidence=[EV-1, EV-2]", Locale.ENGLISH)).isEqualTo("Q4 data · documents attached: EV-1, EV-2");
    assertThat(reasons.text(" evidence=[EV-1]", Locale.SIMPLIFIED_CHINESE)).isEqualTo("附件：EV-1");
  }

  /** What the newcomer saw in English on a Chinese page, or as raw codes and hashes, reads as words. */
  @Test
  void declarationsAndStoredDocumentsReadAsWordsInBothLanguages() {
    AuditReasons reasons = messages();
    String declaration = Reason.of("audit.reason.standing-declaration", "Example AI Ltd", "91310000MA1FL0001X");
    String assigned = Reason.of("audit.reason.staff-assigned", "rita.reviewer", declaration);
    assertThat(reasons.text(assigned, Locale.SIMPLIFIED_CHINESE))
        .isEqualTo("rita.reviewer；声明：常设声明：与Example AI Ltd（91310000MA1FL0001X）无财务、亲属或咨询利益关系");
    assertThat(reasons.text(assigned, Locale.ENGLISH)).isEqualTo("rita.reviewer; declaration: standing declaration: "
        + "no financial, family or consulting interest in Example AI Ltd (91310000MA1FL0001X)");
    assertThat(reasons.text(Reason.of("audit.reason.impartiality-statement", "LAB-R-1", "Beta Test Lab"),
        Locale.SIMPLIFIED_CHINESE)).isEqualTo("检测报告LAB-R-1的公正性声明（Beta Test Lab）");
    String sha = "ab".repeat(32);
    String stored = Reason.of("audit.reason.evidence-stored", "EV-7", "CERTIFICATE", "certificate.pdf", sha.substring(0, 12));
    assertThat(reasons.text(stored, Locale.SIMPLIFIED_CHINESE))
        .isEqualTo("已存档证书“certificate.pdf”，编号EV-7（SHA-256 abababababab…）");
    assertThat(reasons.text(stored, Locale.ENGLISH))
        .isEqualTo("Certificate \"certificate.pdf\" stored as EV-7 (SHA-256 abababababab...)");
    // rows written before the reason was coded: the kind as words, the hash cut short
    assertThat(reasons.text("EV-7 ARCHITECTURE " + sha, Locale.SIMPLIFIED_CHINESE))
        .isEqualTo("已存档系统架构说明，编号EV-7（SHA-256 abababababab…）");
    assertThat(reasons.text("EV-7 ARCHITECTURE " + sha, Locale.ENGLISH)).doesNotContain(sha).contains("System architecture");
  }

  @Test
  void reasonsAreCodesNotSentences() {
    assertThat(Reason.parse(Reason.of("audit.reason.listed-as", "A \"quoted\" id")))
        .hasValueSatisfying(c -> assertThat(c.args()).containsExactly("A \"quoted\" id"));
    assertThat(Reason.parse("the applicant asked to withdraw")).isEmpty();
    assertThat(Reason.parse("{\"code\":\"audit.reason.x\",")).isEmpty();
  }
}
