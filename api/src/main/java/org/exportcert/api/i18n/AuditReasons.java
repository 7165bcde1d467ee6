package org.exportcert.api.i18n;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.exportcert.certification.audit.Reason;
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

  static final Pattern BARE_CODE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*");

  private final MessageSource messages;

  public AuditReasons(MessageSource messages) {
    this.messages = messages;
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
    return word(reason, locale);
  }

  private String word(String value, Locale locale) {
    if (value == null || !BARE_CODE.matcher(value).matches()) {
      return value;
    }
    return messages.getMessage("audit.reason-code." + value, null, value, locale);
  }
}
