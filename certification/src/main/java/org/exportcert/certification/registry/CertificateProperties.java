package org.exportcert.certification.registry;

import java.time.Period;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.certificates.*}: default validity when the step gives none, the standards
 * (with edition) a certificate names, and the issuing body's name as printed.
 */
@ConfigurationProperties(prefix = "exportcert.certificates")
public record CertificateProperties(Period defaultValidity, List<String> standards, String issuer) {
  public CertificateProperties {
    defaultValidity = defaultValidity == null ? Period.ofYears(3) : defaultValidity;
    standards =
        standards == null
            ? List.of("ISO/IEC 17065:2012", "ISO/IEC 27001:2022", "ISO/IEC 23053:2022", "ISO/IEC 42001:2023")
            : List.copyOf(standards);
    issuer = issuer == null ? "ExportCert Certification Body" : issuer;
  }
}
