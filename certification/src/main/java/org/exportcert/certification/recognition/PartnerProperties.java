package org.exportcert.certification.recognition;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one partner table, {@code exportcert.partners.<code>.*}: for each partner body its name,
 * recognition arrangement, endpoint for outgoing dossiers, the HMAC secret that signs the dossiers
 * sent to it <em>and</em> checks the answers it sends to the webhook, and the markets it answers
 * for. Beside it {@code exportcert.recognition.dossier-link-expiry}, how long the dossier download
 * link in a request stays valid.
 *
 * <p>A code is matched ignoring case and anything but letters and digits, so the
 * {@code partnerBodyId} the partner-requirements table returns ({@code PARTNER_SG}), the
 * environment form ({@code EXPORTCERT_PARTNERS_PARTNERSG_SECRET}) and a webhook header
 * ({@code X-ExportCert-Partner: partner-sg}) all name the same partner.
 */
@ConfigurationProperties(prefix = "exportcert")
public record PartnerProperties(Map<String, Partner> partners, Recognition recognition) {

  /**
   * @param secret HMAC-SHA256 key shared with the partner, both directions (from the environment)
   * @param markets markets whose recognition answers the partner may give through the webhook
   */
  public record Partner(
      String name, String arrangement, URI endpoint, String secret, List<String> markets) {
    public Partner {
      markets = markets == null ? List.of()
          : markets.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
    }

    public boolean hasSecret() {
      return secret != null && !secret.isBlank();
    }
  }

  public record Recognition(Duration dossierLinkExpiry) {
    public Recognition {
      dossierLinkExpiry = dossierLinkExpiry == null ? Duration.ofDays(7) : dossierLinkExpiry;
    }
  }

  public PartnerProperties {
    Map<String, Partner> byCode = new LinkedHashMap<>();
    if (partners != null) {
      partners.forEach((code, partner) -> {
        if (byCode.put(normalise(code), partner) != null) {
          throw new IllegalArgumentException(
              "exportcert.partners: two entries name partner '" + normalise(code) + "'");
        }
      });
    }
    partners = Map.copyOf(byCode);
    recognition = recognition == null ? new Recognition(null) : recognition;
  }

  /** The partner of this code or partner body id, if configured. */
  public Optional<Partner> partner(String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(partners.get(normalise(code)));
  }

  public Duration dossierLinkExpiry() {
    return recognition.dossierLinkExpiry();
  }

  /** Lower case, letters and digits only: {@code PARTNER_SG}, {@code partner-sg} → {@code partnersg}. */
  public static String normalise(String code) {
    return code.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
