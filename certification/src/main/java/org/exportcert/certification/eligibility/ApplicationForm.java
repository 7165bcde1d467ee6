package org.exportcert.certification.eligibility;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.exportcert.certification.casefile.SchemeType;

/** What an applicant submits (phase 1): legal entity, product and versions, scope, markets. */
public record ApplicationForm(
    @NotBlank String legalName,
    @NotBlank String registrationNumber,
    String address,
    String contactName,
    @Email String contactEmail,
    @NotBlank String productName,
    String deploymentBoundary,
    @NotEmpty List<@Valid VersionForm> versions,
    @NotBlank String category,
    @NotNull SchemeType schemeType,
    @NotBlank String schemeVersion,
    String intendedPurpose,
    @NotEmpty List<@NotBlank String> targetMarkets,
    List<String> referenceFrameworks,
    boolean notLodgedElsewhere) {

  public record VersionForm(@NotBlank String label, String modelIdentifiers) {}
}
