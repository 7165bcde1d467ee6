package org.exportcert.api.cases;

import java.time.Instant;
import java.util.List;
import org.exportcert.certification.casefile.CertificationCase;

/** A case as lists show it; read inside a transaction (applicant and product are lazy). */
public record CaseSummary(
    String caseId,
    String organisation,
    String productName,
    List<String> versions,
    String category,
    String schemeType,
    String phase,
    String status,
    List<String> targetMarkets,
    Instant createdAt,
    Instant updatedAt) {

  public static CaseSummary of(CertificationCase c) {
    return new CaseSummary(
        c.getId(),
        c.getApplicantLegalName(),
        c.getProductName(),
        c.getProductVersions().stream().map(v -> v.getVersionLabel()).sorted().toList(),
        c.getCategory(),
        c.getSchemeType().name(),
        c.getPhase().name(),
        c.getStatus().name(),
        c.getTargetMarkets(),
        c.getCreatedAt(),
        c.getUpdatedAt());
  }
}
