package org.exportcert.api.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * An audit or status-history reason in the reader's language: a coded reason (certification
 * {@link Reason}) through its message, a bare code (NO_RESPONSE_BY_DEADLINE, GRANT...) through
 * {@code audit.reason-code.<CODE>}; free text, which people typed or which older rows hold, as is.
 */
@Component
public class AuditReasons {

  public static final Pattern BARE_CODE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*");
  /** The choices made on a task's form, {@code field=VALUE; field=true} (api tasks StaffTasks). */
  static final Pattern CHOICES =
      Pattern.compile("[a-z][A-Za-z0-9]*=[A-Za-z0-9_]+(?:; [a-z][A-Za-z0-9]*=[A-Za-z0-9_]+)*");

  /** An answer's note followed by its documents, as answers were recorded before ApplicantAnswers. */
  static final Pattern EVIDENCE_SUFFIX = Pattern.compile("(?s)(.*?)\\s*evidence=\\[([^\\]]*)\\]");
  /** An outbox message's key (the reason of outbox.sent.*), with the error after it for outbox.failed. */
  static final Pattern OUTBOX_KEY = Pattern.compile(
      "(?s)(notify:\\S*?:([A-Z][A-Z0-9_]*)|lab-request:([^:\\s]+)|reminder:[^\\s]*|dossier:([^:\\s]+)|cases/[^/]+/dossiers/([^/\\s]+))(: .*)?");

  /** The evidence.stored reason as written before it was coded: id, kind, full SHA-256. */
  static final Pattern EVIDENCE_STORED = Pattern.compile("(EV-\\S+) ([A-Z][A-Z0-9_]*) ([0-9a-f]{64})");

  private final MessageSource messages;
  private final EvidenceKindCatalog kinds;

  public AuditReasons(MessageSource messages, EvidenceKindCatalog kinds) {
    this.messages = messages;
    this.kinds = kinds;
  }

  public String text(String reason) {
    return text(reason, LocaleContextHolder.getLocale());
  }

  public String text(String reason, Locale locale) {
    if (reason == null) {
      return null;
    }
    Optional<Reason.Coded> coded = Reason.parse(reason);
    if (coded.isPresent()) {
      Object[] args = coded.get().args().stream().map(a -> word(a, locale)).toArray();
      // an unknown code (a newer writer, an older reader) still shows its values
      String fallback = coded.get().code() + " " + String.join(" ", coded.get().args());
      return messages.getMessage(coded.get().code(), args, fallback, locale);
    }
    Optional<String> older = olderFormat(reason, locale);
    return older.isPresent() ? older.get() : word(reason, locale);
  }

  /** Reasons written before coded reasons existed, as words: outbox keys, an answer's documents. */
  private Optional<String> olderFormat(String reason, Locale locale) {
    java.util.regex.Matcher key = OUTBOX_KEY.matcher(reason);
    if (key.matches()) {
      String k = key.group(1);
      String said;
      if (k.startsWith("notify:")) {
        String code = key.group(2);
        said = message("audit.reason.outbox-notify", locale,
            messages.getMessage("notification.code." + code, null, word(code, locale), locale));
      } else if (k.startsWith("lab-request:")) {
        said = message("audit.reason.outbox-lab-request", locale, key.group(3));
      } else if (k.startsWith("reminder:")) {
        said = message("audit.reason.outbox-reminder", locale);
      } else {
        said = message("audit.reason.outbox-dossier", locale, key.group(4) != null ? key.group(4) : key.group(5));
      }
      return Optional.of(key.group(6) == null ? said : said + key.group(6)); // an error stays as written
    }
    java.util.regex.Matcher stored = EVIDENCE_STORED.matcher(reason);
    if (stored.matches()) {
      return Optional.of(message("audit.reason.evidence-stored-unnamed", locale,
          stored.group(1), word(stored.group(2), locale), stored.group(3).substring(0, 12)));
    }
    java.util.regex.Matcher evidence = EVIDENCE_SUFFIX.matcher(reason);
    if (evidence.matches()) {
      String note = evidence.group(1).strip();
      String attached = message("audit.reason.evidence-attached", locale, evidence.group(2));
      return Optional.of(note.isEmpty() ? attached : text(note, locale) + " · " + attached);
    }
    return Optional.empty();
  }

  private String message(String code, Locale locale, Object... args) {
    return messages.getMessage(code, args, code, locale);
  }

  private String word(String value, Locale locale) {
    List<String> nested = Reason.parseList(value);
    if (!nested.isEmpty()) {
      StringJoiner out = new StringJoiner("zh".equals(locale.getLanguage()) ? "；" : "; ");
      nested.forEach(r -> out.add(text(r, locale)));
      return out.toString();
    }
    if (value != null && CHOICES.matcher(value).matches()) {
      return choices(value, locale);
    }
    if (value != null && Reason.parse(value).isPresent()) {
      return text(value, locale); // a coded reason inside another (a staff member's declaration)
    }
    if (value == null || !BARE_CODE.matcher(value).matches()) {
      return value;
    }
    String coded = messages.getMessage("audit.reason-code." + value, null, null, locale);
    if (coded != null) {
      return coded;
    }
    if (kinds.known(value)) {
      return kinds.label(value, locale.getLanguage());
    }
    // notification.queued keeps the notice's code: read it as the mail's subject words
    String notice = messages.getMessage("notification.code." + value, null, null, locale);
    return notice == null || notice.isEmpty() ? value : Character.toUpperCase(notice.charAt(0)) + notice.substring(1);
  }

  /** Each choice as "field label: value in words"; a field without a label keeps its key. */
  private String choices(String value, Locale locale) {
    // punctuation only, which a Chinese message file could not hold (its texts must be Chinese)
    boolean chinese = "zh".equals(locale.getLanguage());
    StringJoiner out = new StringJoiner(chinese ? "；" : "; ");
    for (String choice : value.split("; ")) {
      String field = choice.substring(0, choice.indexOf('='));
      String v = choice.substring(choice.indexOf('=') + 1);
      String label = messages.getMessage("audit.choice." + field, null, field, locale);
      String said = "true".equals(v) || "false".equals(v)
          ? messages.getMessage("audit.choice." + v, null, v, locale)
          : word(v, locale);
      out.add(label + (chinese ? "：" : ": ") + said);
    }
    return out.toString();
  }
}
