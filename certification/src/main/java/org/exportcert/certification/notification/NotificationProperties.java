package org.exportcert.certification.notification;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.notifications.*}: the sender ({@code auto}, the default: SMTP when
 * {@code spring.mail.host} is set, else the log; or {@code smtp} / {@code log}), the From address, the console's public address that links in mails
 * point to ({@code EXPORTCERT_NOTIFICATIONS_BASE_URL}), and the mail domain of staff members
 * named without an address (a test lab's pool name {@code lab-alpha} gets
 * {@code lab-alpha@<staff-domain>}). The wording is in the MessageSource ({@code notification.*}).
 */
@ConfigurationProperties(prefix = "exportcert.notifications")
public record NotificationProperties(String sender, String from, URI baseUrl, String staffDomain) {

  public NotificationProperties {
    sender = sender == null || sender.isBlank() ? "auto" : sender;
    from = from == null || from.isBlank() ? "no-reply@exportcert.local" : from;
    baseUrl = baseUrl == null ? URI.create("http://localhost:8080") : baseUrl;
    staffDomain = staffDomain == null || staffDomain.isBlank() ? "exportcert.local" : staffDomain;
  }

  /** An absolute link to a console page, {@code path} starting with a slash. */
  public String link(String path) {
    String base = baseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  /** A staff member's mail address: as given if it is one, else at the staff domain. */
  public String staffAddress(String person) {
    return person.contains("@") ? person : person + "@" + staffDomain;
  }
}
