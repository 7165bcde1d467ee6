package org.exportcert.api.partner;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Partner bodies allowed to call the webhook: {@code exportcert.partners.<code>.secret} (from the
 * environment, e.g. {@code EXPORTCERT_PARTNERS_SGIMDA_SECRET}) and the markets they answer for.
 */
@ConfigurationProperties(prefix = "exportcert")
public record PartnerProperties(Map<String, Partner> partners) {

  public PartnerProperties {
    partners = partners == null ? Map.of() : Map.copyOf(partners);
  }

  public record Partner(String secret, List<String> markets) {
    public Partner {
      markets = markets == null ? List.of()
          : markets.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
    }
  }

  /** A partner counts only with a secret configured. */
  public Optional<Partner> partner(String code) {
    return Optional.ofNullable(code).map(partners::get)
        .filter(p -> p.secret() != null && !p.secret().isBlank());
  }
}
