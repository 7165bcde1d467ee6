package org.exportcert.api.publicregistry;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.certification.registry.RegistryEntry;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The white-list, open to everyone without login (rate limited per address). */
@RestController
@RequestMapping("/api/public")
@Tag(name = "Public registry", description = "Certified services and certificate verification, no login")
class PublicRegistryController {

  private static final Pattern NUMBER = Pattern.compile("[A-Z]{2,6}-\\d{4}-\\d{3,10}");

  /** As printed on the certificate and listed in the registry: the number and its revision. */
  private static final Pattern PRINTED = Pattern.compile("([A-Z]{2,6}-\\d{4}-\\d{3,10})(/R\\d{1,4})?");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_]{1,100}");

  private final RegistryQueries registry;
  private final Clock clock;

  PublicRegistryController(RegistryQueries registry, java.util.Optional<Clock> clock) {
    this.registry = registry;
    this.clock = clock.orElse(Clock.systemUTC());
  }

  @GetMapping("/registry")
  @Operation(summary = "Search the registry by service, provider, category, status and market")
  RegistryQueries.Result search(
      @RequestParam(required = false) String service,
      @RequestParam(required = false) String provider,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String market,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    org.exportcert.api.web.Paging.check(page, size);
    if ((service != null && service.length() > 200) || (provider != null && provider.length() > 200)) {
      throw ApiProblem.invalid("Search texts are limited to 200 characters.");
    }
    for (String code : new String[] {category, market}) {
      if (code != null && !CODE.matcher(code).matches()) {
        throw ApiProblem.invalid("category and market are codes like AI_SAAS or SG.");
      }
    }
    RegistryEntry.Status s = null;
    if (status != null) {
      try {
        s = RegistryEntry.Status.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("status must be one of " + java.util.Arrays.toString(RegistryEntry.Status.values()));
      }
    }
    return registry.search(new RegistryQueries.Search(service, provider, category, s, market), page, size);
  }

  @GetMapping("/certificates/{number}")
  @Operation(summary = "Verify a certificate by its number: holder, scope, status and validity")
  RegistryQueries.CertificateStatus verify(@PathVariable String number) {
    String n = number.toUpperCase(Locale.ROOT);
    if (!NUMBER.matcher(n).matches()) {
      throw ApiProblem.notFound("No certificate " + number.substring(0, Math.min(40, number.length())));
    }
    // the scope as on the certificate, and with the reader's language first (localizedScope)
    return registry.certificate(n, LocalDate.now(clock), LocaleContextHolder.getLocale())
        .orElseThrow(() -> ApiProblem.notFound("No certificate " + n));
  }

  /**
   * The same check for the number as printed and listed ({@code ECC-2026-000001/R1}), which a path
   * segment cannot carry: the answer is the current revision, so a superseded one shows as such.
   */
  @GetMapping("/certificates")
  @Operation(summary = "Verify a certificate by the number as printed or listed, revision included (ECC-2026-000001/R1)")
  RegistryQueries.CertificateStatus verifyPrinted(@RequestParam String number) {
    var m = PRINTED.matcher(number.trim().toUpperCase(Locale.ROOT));
    if (number.length() > 40 || !m.matches()) {
      throw ApiProblem.notFound("No certificate " + number.substring(0, Math.min(40, number.length())));
    }
    return verify(m.group(1));
  }

}
