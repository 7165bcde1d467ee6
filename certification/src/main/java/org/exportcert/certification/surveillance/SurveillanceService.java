package org.exportcert.certification.surveillance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.decision.Decision;
import org.exportcert.certification.decision.DecisionRepository;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.CertificateRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Phase 7: when the next surveillance is due and when the renewal window opens.
 *
 * <p>Surveillance dates are anchored on the certification (scheme: at least yearly, the first
 * within 12 months): the k-th surveillance of a certification cycle is due k intervals after the
 * grant, or after the renewal that started the cycle. Only a surveillance that took place moves
 * the schedule on to the next anchored date. An accepted change or a restoration after a
 * suspension keeps the date scheduled before, so a surveillance missed or overdue meanwhile is
 * due at once. Dates follow from the certificate and the previous schedule, never from the time
 * the step happens to run.
 */
@Service
public class SurveillanceService {

  private final SurveillanceScheduleRepository schedules;
  private final CertificateRepository certificates;
  private final DecisionRepository decisions;
  private final AuditTrail audit;
  private final Clock clock;

  public SurveillanceService(
      SurveillanceScheduleRepository schedules, CertificateRepository certificates, DecisionRepository decisions,
      AuditTrail audit, Clock clock) {
    this.schedules = schedules;
    this.certificates = certificates;
    this.decisions = decisions;
    this.audit = audit;
    this.clock = clock;
  }

  public record Schedule(Instant nextSurveillanceDue, Instant renewalWindowOpens) {}

  /**
   * @param certificateExpiry ISO 8601 date-time or date; null for the certificate's own
   * @param interval ISO 8601 period or duration between surveillances (e.g. P1Y)
   * @param renewalWindow ISO 8601 period or duration before expiry (e.g. P90D)
   * @param surveillanceOutcome the outcome of the surveillance evaluated since the last schedule
   *     (MAINTAIN, SUSPEND); null or blank when none took place (an accepted change, a restoration
   *     after a missed surveillance or a refused change, a renewal)
   */
  @Transactional
  public Schedule scheduleNext(
      String caseId, String stepKey, String certificateExpiry, String interval, String renewalWindow,
      String surveillanceOutcome, String actor) {
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
    String every = interval == null || interval.isBlank() ? "P1Y" : interval.trim();
    Cycle cycle = cycleOf(caseId, cert);
    // a schedule made before this cycle began (before a renewal) does not count in it
    Optional<ZonedDateTime> scheduled =
        schedules.findFirstByCaseIdOrderByIdDesc(caseId)
            .filter(s -> !s.getScheduledAt().isBefore(cycle.began()))
            .map(s -> s.getNextSurveillanceDue().atZone(ZoneOffset.UTC));
    boolean surveilled = surveillanceOutcome != null && !surveillanceOutcome.isBlank();
    ZonedDateTime next =
        scheduled.isEmpty()
            ? anchoredAfter(cycle.anchor(), every, cycle.anchor())
            : surveilled ? anchoredAfter(cycle.anchor(), every, scheduled.get()) : scheduled.get();
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

  /** The start of the certification cycle: its grant date (the anchor) and when it was decided. */
  private record Cycle(ZonedDateTime anchor, Instant began) {}

  /**
   * The cycle is that of the latest grant or renewal; a certificate re-issued for an accepted
   * change belongs to the cycle it changes.
   */
  private Cycle cycleOf(String caseId, Certificate latest) {
    List<Certificate> revisions = certificates.findByCaseIdOrderByRevisionAsc(caseId);
    for (int i = revisions.size() - 1; i >= 0; i--) {
      Certificate c = revisions.get(i);
      Optional<Decision> d = decisions.findById(c.getDecisionId());
      if (d.isPresent() && d.get().getType().grants()) {
        return new Cycle(c.getGrantedOn().atStartOfDay(ZoneOffset.UTC), d.get().getDecidedAt());
      }
    }
    ZonedDateTime granted = latest.getGrantedOn().atStartOfDay(ZoneOffset.UTC);
    return new Cycle(granted, granted.toInstant());
  }

  /**
   * The first date {@code anchor + k * interval} (k = 1, 2, ...) after {@code after}. Computed from
   * the anchor each time, so month ends and leap days do not drift the schedule.
   */
  static ZonedDateTime anchoredAfter(ZonedDateTime anchor, String interval, ZonedDateTime after) {
    ZonedDateTime first = plus(anchor, interval, 1);
    if (!first.isAfter(anchor)) {
      throw new IllegalArgumentException("The surveillance interval must be positive: " + interval);
    }
    if (first.isAfter(after)) {
      return first;
    }
    // start near the answer, then step: a few iterations whatever the interval
    long step = Math.max(1, Duration.between(anchor, first).toSeconds());
    long k = Math.max(1, Duration.between(anchor, after).toSeconds() / step - 1);
    while (k > 1 && plus(anchor, interval, k).isAfter(after)) {
      k--;
    }
    while (!plus(anchor, interval, k).isAfter(after)) {
      k++;
    }
    return plus(anchor, interval, k);
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

  static ZonedDateTime plus(ZonedDateTime t, String amount, long times) {
    return amount.contains("T")
        ? t.plus(Duration.parse(amount).multipliedBy(times))
        : t.plus(Period.parse(amount).multipliedBy(Math.toIntExact(times)));
  }

  static ZonedDateTime minus(ZonedDateTime t, String amount) {
    return amount.contains("T") ? t.minus(Duration.parse(amount)) : t.minus(Period.parse(amount));
  }
}
