package org.exportcert.certification.surveillance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.CertificateRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Phase 7: when the next surveillance is due and when the renewal window opens. Dates follow from
 * the certificate and the previous schedule, never from the time the step happens to run.
 */
@Service
public class SurveillanceService {

  private final SurveillanceScheduleRepository schedules;
  private final CertificateRepository certificates;
  private final AuditTrail audit;
  private final Clock clock;

  public SurveillanceService(
      SurveillanceScheduleRepository schedules, CertificateRepository certificates, AuditTrail audit, Clock clock) {
    this.schedules = schedules;
    this.certificates = certificates;
    this.audit = audit;
    this.clock = clock;
  }

  public record Schedule(Instant nextSurveillanceDue, Instant renewalWindowOpens) {}

  /**
   * @param certificateExpiry ISO 8601 date-time or date; null for the certificate's own
   * @param interval ISO 8601 period or duration between surveillances (e.g. P1Y)
   * @param renewalWindow ISO 8601 period or duration before expiry (e.g. P90D)
   */
  @Transactional
  public Schedule scheduleNext(
      String caseId, String stepKey, String certificateExpiry, String interval, String renewalWindow, String actor) {
    var existing = schedules.findByStepKey(stepKey);
    if (existing.isPresent()) {
      return new Schedule(existing.get().getNextSurveillanceDue(), existing.get().getRenewalWindowOpens());
    }
    Certificate cert =
        certificates.findFirstByCaseIdOrderByRevisionDesc(caseId)
            .orElseThrow(() -> new IllegalStateException("No certificate for " + caseId));
    ZonedDateTime expiry =
        certificateExpiry == null || certificateExpiry.isBlank()
            ? cert.getExpiresOn().atStartOfDay(ZoneOffset.UTC)
            : parseInstant(certificateExpiry).atZone(ZoneOffset.UTC);
    ZonedDateTime base =
        schedules.findFirstByCaseIdOrderByIdDesc(caseId)
            .map(s -> s.getNextSurveillanceDue().atZone(ZoneOffset.UTC))
            .orElse(cert.getGrantedOn().atStartOfDay(ZoneOffset.UTC));
    ZonedDateTime next = plus(base, interval == null ? "P1Y" : interval);
    if (next.isAfter(expiry)) {
      next = expiry;
    }
    ZonedDateTime renewal = minus(expiry, renewalWindow == null ? "P90D" : renewalWindow);
    SurveillanceSchedule saved =
        schedules.save(new SurveillanceSchedule(caseId, stepKey, next.toInstant(), renewal.toInstant(), clock.instant()));
    cert.schedule(saved.getNextSurveillanceDue(), saved.getRenewalWindowOpens());
    audit.record(actor, "surveillance.scheduled", CaseService.AUDIT_SUBJECT, caseId, org.exportcert.certification.audit.Reason.of("audit.reason.next-surveillance", next.toLocalDate()));
    return new Schedule(saved.getNextSurveillanceDue(), saved.getRenewalWindowOpens());
  }

  static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e2) {
        return java.time.LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
    }
  }

  static ZonedDateTime plus(ZonedDateTime t, String amount) {
    return amount.contains("T") ? t.plus(Duration.parse(amount)) : t.plus(Period.parse(amount));
  }

  static ZonedDateTime minus(ZonedDateTime t, String amount) {
    return amount.contains("T") ? t.minus(Duration.parse(amount)) : t.minus(Period.parse(amount));
  }
}
