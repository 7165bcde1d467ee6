package org.exportcert.certification.recognition;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.recognition.*}: partner bodies by id (as the partner-requirements table names
 * them), each with its arrangement, endpoint and HMAC secret (from the environment), and how long
 * the dossier download link in a request stays valid.
 */
@ConfigurationProperties(prefix = "exportcert.recognition")
public record PartnerProperties(Map<String, Partner> partners, Duration dossierLinkExpiry) {

  public record Partner(String name, String arrangement, URI endpoint, String hmacSecret) {}

  public PartnerProperties {
    partners = partners == null ? Map.of() : Map.copyOf(partners);
    dossierLinkExpiry = dossierLinkExpiry == null ? Duration.ofDays(7) : dossierLinkExpiry;
  }
}
