package org.exportcert.certification.eligibility;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.exportcert.certification.casefile.SchemeType;

/**
 * What an applicant submits (phase 1): legal entity, product and versions, scope, markets. Every
 * text is bounded by its column and every list by what one application can sensibly carry; the
 * codes are checked against the {@link SchemeCatalog} when the case is opened.
 */
public record ApplicationForm(
    @NotBlank @Size(max = 300) String legalName,
    @NotBlank @Size(max = 100) String registrationNumber,
    @Size(max = 1000) String address,
    @Size(max = 200) String contactName,
    // notifications go here: without it a case later stops with an incident
    @NotBlank @Email @Size(max = 320) String contactEmail,
    @NotBlank @Size(max = 300) String productName,
    @Size(max = 2000) String deploymentBoundary,
    @NotEmpty @Size(max = MAX_VERSIONS) List<@NotNull @Valid VersionForm> versions,
    @NotBlank @Size(max = 100) String category,
    @NotNull SchemeType schemeType,
    @NotBlank @Size(max = 50) @Pattern(regexp = "[0-9A-Za-z._-]*", message = "letters, digits, '.', '_' and '-' only")
        String schemeVersion,
    @Size(max = 4000) String intendedPurpose,
    @NotEmpty @Size(max = MAX_MARKETS) List<@NotBlank @Size(max = 8) String> targetMarkets,
    @Size(max = MAX_FRAMEWORKS) List<@NotBlank @Size(max = 40) String> referenceFrameworks,
    boolean notLodgedElsewhere) {

  public static final int MAX_VERSIONS = 20;
  public static final int MAX_MARKETS = 30;
  public static final int MAX_FRAMEWORKS = 10;

  public record VersionForm(
      @NotBlank @Size(max = 100) String label, @Size(max = 2000) String modelIdentifiers) {}
}
