package org.exportcert.certification.notification;

import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Writes the mails people get, from the MessageSource keys {@code notification.*} (English in
 * {@code i18n/messages.properties}, Chinese in {@code messages_zh.properties}): what happened,
 * what to do next, and a link to the console page where it is done. A recipient whose language is
 * not known gets Chinese first, then English, in one mail.
 */
@Component
public class NotificationTexts {

  /** Deadlines are dates in China, where the scheme is run. */
  static final ZoneId SCHEME_ZONE = ZoneId.of("Asia/Shanghai");

  private final MessageSource messages;
  private final NotificationProperties properties;
  private final Clock clock;
  private final EvidenceKindCatalog kinds;

  public NotificationTexts(
      MessageSource messages, NotificationProperties properties, Clock clock, EvidenceKindCatalog kinds) {
    this.messages = messages;
    this.properties = properties;
    this.clock = clock;
    this.kinds = kinds;
  }

  public record Mail(String subject, String body) {}

  /** A staff member's mail address (pool members are named without one). */
  public String staffAddress(String person) {
    return properties.staffAddress(person);
  }

  /** The console page where an applicant acts on case {@code caseId}. */
  public String applicantPage(String caseId) {
    return properties.link("/console/my-cases.html?case=" + caseId);
  }

  /** The console page where a lab finds its testing task. */
  public String labPage() {
    return properties.link("/console/tasks.html?scope=groups");
  }

  /**
   * @param code the model's notification code (DOCUMENTS_REQUESTED, ...)
   * @param responseDueIn ISO 8601 duration the applicant has to answer in, or null
   * @param language zh, en or null (both)
   */
  public Mail toApplicant(String code, String caseId, String responseDueIn, String language) {
    return toApplicant(code, caseId, responseDueIn, language, List.of());
  }

  /**
   * @param missingKinds evidence kinds the case still lacks (DOCUMENTS_REQUESTED), named in the
   *     mail in the recipient's words so they know which documents to upload; empty: none named
   */
  public Mail toApplicant(String code, String caseId, String responseDueIn, String language, List<String> missingKinds) {
    String due = dueDate(responseDueIn);
    String link = applicantPage(caseId);
    return inLanguage(language, locale -> {
      String what = text("notification.code." + code, locale, readable(code));
      StringBuilder body = new StringBuilder()
          .append(text("notification.applicant.greeting", locale, "Dear applicant,")).append("\n\n")
          .append(text("notification.applicant.news", locale, "Case {0}: {1}.", caseId, what)).append('\n')
          .append(text("notification.next." + code, locale,
              text("notification.next.default", locale, "Open your case to see the details.")))
          .append('\n');
      if (!missingKinds.isEmpty()) {
        boolean chinese = Languages.CHINESE.equals(locale.getLanguage());
        String missing = missingKinds.stream()
            .map(k -> kinds.label(k, locale.getLanguage()))
            .collect(java.util.stream.Collectors.joining(chinese ? "、" : ", "));
        body.append(text("notification.documents-missing", locale, "Documents missing: {0}", missing)).append('\n');
      }
      if (due != null) {
        body.append(text("notification.respond-by", locale, "Please respond by {0}.", due)).append('\n');
      }
      body.append('\n').append(text("notification.open", locale, "Where to do it: {0}", link)).append("\n\n")
          .append(text("notification.footer", locale, "This message was sent by ExportCert."));
      return new Mail(text("notification.applicant.subject", locale, "ExportCert case {0}: {1}", caseId, what),
          body.toString());
    });
  }

  /** The test request a lab gets: what to test, how to report, where the task is. */
  public Mail toLab(String requestRef, String caseId, String kind, String scope, String market,
      Collection<String> plan, String reportFormat, String language) {
    String link = labPage();
    return inLanguage(language, locale -> {
      String where = market == null ? scope : scope + ", " + market;
      String body = text("notification.lab.greeting", locale, "Dear test lab,") + "\n\n"
          + text("notification.lab.request", locale, "Please test case {0} ({1}, {2}).", caseId, kind, where) + '\n'
          + text("notification.lab.suites", locale, "Test suites: {0}", String.join(", ", plan)) + '\n'
          + text("notification.lab.report", locale, "Report in format {0}, quoting test request {1}.",
              reportFormat, requestRef) + "\n\n"
          + text("notification.lab.next", locale, "Claim the testing task, run the suites and upload the report there: {0}", link)
          + "\n\n" + text("notification.footer", locale, "This message was sent by ExportCert.");
      return new Mail(text("notification.lab.subject", locale, "Test request {0} for case {1}", requestRef, caseId), body);
    });
  }

  private Mail inLanguage(String language, Function<Locale, Mail> write) {
    String known = Languages.supported(language);
    if (known != null) {
      return write.apply(Locale.forLanguageTag(known));
    }
    Mail zh = write.apply(Locale.forLanguageTag(Languages.CHINESE));
    Mail en = write.apply(Locale.forLanguageTag(Languages.ENGLISH));
    return new Mail(zh.subject() + " / " + en.subject(), zh.body() + "\n\n-------- English --------\n\n" + en.body());
  }

  private String text(String key, Locale locale, String fallback, Object... args) {
    String pattern = messages.getMessage(key, null, null, locale);
    if (pattern == null || pattern.equals(key)) { // missing (a code-as-default source answers the key)
      pattern = fallback.replace("'", "''");
    }
    return new MessageFormat(pattern, locale).format(args);
  }

  /** The day a response is due, from an ISO 8601 duration (P30D, PT72H); null if none. */
  String dueDate(String isoDuration) {
    if (isoDuration == null || isoDuration.isBlank()) {
      return null;
    }
    var now = clock.instant().atZone(SCHEME_ZONE);
    try {
      LocalDate day = isoDuration.contains("T")
          ? now.plus(Duration.parse(isoDuration)).toLocalDate()
          : now.plus(Period.parse(isoDuration)).toLocalDate();
      return day.toString();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String readable(String code) {
    return code.replace('_', ' ').toLowerCase(Locale.ROOT);
  }
}
