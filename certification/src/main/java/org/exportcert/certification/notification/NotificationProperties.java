package org.exportcert.certification.notification;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.notifications.*}: sender ({@code log} or {@code smtp}), the From address, and
 * per notification code an optional subject and body template ({caseId}, {responseDue} filled in).
 * Wording is configuration, not code: the scheme's texts are still to be published.
 */
@ConfigurationProperties(prefix = "exportcert.notifications")
public record NotificationProperties(String sender, String from, Map<String, Template> templates) {

  public record Template(String subject, String body) {}

  public NotificationProperties {
    sender = sender == null || sender.isBlank() ? "log" : sender;
    from = from == null || from.isBlank() ? "no-reply@exportcert.local" : from;
    templates = templates == null ? Map.of() : Map.copyOf(templates);
  }
}
