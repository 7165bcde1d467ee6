package org.exportcert.certification.surveillance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.casefile.StaffAllocationService;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.CertificateRepository;
import org.exportcert.certification.registry.CertificateService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Surveillance stays on the anniversaries of the certification: only a surveillance that took
 * place moves it on; an accepted change or a restoration keeps the date scheduled before (seen on
 * the walk: both pushed the next surveillance a year later); a renewal starts a new cycle.
 */
class SurveillanceScheduleTest extends DomainTest {

  private static final AtomicInteger STEP = new AtomicInteger();

  @Autowired ApplicationService applications;
  @Autowired StaffAllocationService allocation;
  @Autowired DecisionService decisions;
  @Autowired CertificateService certificates;
  @Autowired CertificateRepository certificateRecords;
  @Autowired SurveillanceService surveillance;

  /** A granted case with its first certificate (P3Y); answers the case id. */
  String certified() {
    String caseId = TestCases.open(applications).getId();
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    certificates.issue(caseId, decide(caseId, "CERTIFICATION", "GRANT"), "P3Y", "worker");
    return caseId;
  }

  String decide(String caseId, String kind, String outcome) {
    return decisions.record(new DecisionService.DecisionInput(
        caseId, caseId + "/Task_Decide/" + STEP.incrementAndGet(), kind, outcome, "reasons", null, null));
  }

  /** One scheduling step of the model; outcome is the surveillance evaluated since the last one, if any. */
  LocalDate schedule(String caseId, String interval, String outcome) {
    var s = surveillance.scheduleNext(
        caseId, caseId + "/Task_ScheduleNext/" + STEP.incrementAndGet(), null, interval, "P90D", outcome, "worker");
    return s.nextSurveillanceDue().atZone(ZoneOffset.UTC).toLocalDate();
  }

  Certificate current(String caseId) {
    return certificateRecords.findFirstByCaseIdOrderByRevisionDesc(caseId).orElseThrow();
  }

  @Test
  void eachSurveillanceIsDueOnAnAnniversaryOfTheGrantUntilExpiry() {
    String caseId = certified();
    LocalDate granted = current(caseId).getGrantedOn();

    String step = caseId + "/Task_ScheduleNext/first";
    var first = surveillance.scheduleNext(caseId, step, null, "P12M", "P90D", null, "worker");
    assertThat(surveillance.scheduleNext(caseId, step, null, "P12M", "P90D", null, "worker")).isEqualTo(first);
    assertThat(first.nextSurveillanceDue()).isEqualTo(granted.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    assertThat(first.renewalWindowOpens()).isEqualTo(granted.plusYears(3).minusDays(90).atStartOfDay(ZoneOffset.UTC).toInstant());

    assertThat(schedule(caseId, "P12M", "MAINTAIN")).isEqualTo(granted.plusYears(2));
    assertThat(schedule(caseId, "P12M", "MAINTAIN")).isEqualTo(granted.plusYears(3)); // the expiry
    assertThat(schedule(caseId, "P12M", "MAINTAIN")).as("never after expiry").isEqualTo(granted.plusYears(3));
    // the holder reads the date on the certificate
    assertThat(current(caseId).getNextSurveillanceDue()).isEqualTo(granted.plusYears(3).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void aDueDatesTableWithAnotherIntervalChangesTheRhythmWithoutCode() {
    String caseId = certified();
    LocalDate granted = current(caseId).getGrantedOn();
    assertThat(schedule(caseId, "P6M", null)).isEqualTo(granted.plusMonths(6));
    assertThat(schedule(caseId, "P6M", "MAINTAIN")).isEqualTo(granted.plusMonths(12));
    assertThat(schedule(caseId, "P6M", "MAINTAIN")).isEqualTo(granted.plusMonths(18));
  }

  @Test
  void anAcceptedChangeReissuesTheCertificateAndKeepsTheSchedule() {
    String caseId = certified();
    Certificate r1 = current(caseId);
    LocalDate granted = r1.getGrantedOn();
    assertThat(schedule(caseId, "P12M", null)).isEqualTo(granted.plusYears(1));

    var reissued = certificates.issue(caseId, decide(caseId, "CHANGE", "ACCEPT_CHANGE"), "P3Y", "worker");
    Certificate r2 = current(caseId);
    assertThat(reissued.certificateNumber()).isEqualTo(r1.getNumber() + "/R2");
    // the same certification for the changed scope: its grant, validity and conditions stay
    assertThat(r2.getGrantedOn()).isEqualTo(granted);
    assertThat(r2.getExpiresOn()).isEqualTo(r1.getExpiresOn());
    assertThat(certificateRecords.findById(r1.getId()).orElseThrow().getStatus()).isEqualTo(Certificate.Status.SUPERSEDED);

    // no surveillance took place: the first one stays due a year after the grant
    assertThat(schedule(caseId, "P12M", null)).isEqualTo(granted.plusYears(1));
    assertThat(current(caseId).getNextSurveillanceDue()).isEqualTo(granted.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    // and once it took place, the next anniversary follows
    assertThat(schedule(caseId, "P12M", "MAINTAIN")).isEqualTo(granted.plusYears(2));
  }

  @Test
  void aRestorationKeepsTheDateSoASurveillanceMissedBeforeIsDueAtOnce() {
    String caseId = certified();
    LocalDate granted = current(caseId).getGrantedOn();
    assertThat(schedule(caseId, "P12M", null)).isEqualTo(granted.plusYears(1));
    // surveillance missed, suspended, restored: the missed one is still owed, on its own date
    assertThat(schedule(caseId, "P12M", null)).isEqualTo(granted.plusYears(1));
    // held, found wanting, suspended, restored: that surveillance took place, the next anniversary follows
    assertThat(schedule(caseId, "P12M", "SUSPEND")).isEqualTo(granted.plusYears(2));
    assertThat(schedule(caseId, "P12M", " ")).as("blank is no outcome").isEqualTo(granted.plusYears(2));
  }

  @Test
  void aRenewalStartsANewCycleOnItsOwnDate() {
    String caseId = certified();
    LocalDate granted = current(caseId).getGrantedOn();
    schedule(caseId, "P12M", null);
    assertThat(schedule(caseId, "P12M", "MAINTAIN")).isEqualTo(granted.plusYears(2));

    certificates.issue(caseId, decide(caseId, "RENEW", "RENEW"), "P3Y", "worker");
    LocalDate renewed = current(caseId).getGrantedOn();
    assertThat(schedule(caseId, "P12M", null)).isEqualTo(renewed.plusYears(1));
  }

  @Test
  void anniversariesAreCountedFromTheAnchorSoMonthEndsDoNotDrift() {
    ZonedDateTime anchor = LocalDate.parse("2026-01-31").atStartOfDay(ZoneOffset.UTC);
    assertThat(SurveillanceService.anchoredAfter(anchor, "P1M", anchor)).isEqualTo(at("2026-02-28"));
    assertThat(SurveillanceService.anchoredAfter(anchor, "P1M", at("2026-02-28"))).isEqualTo(at("2026-03-31"));
    ZonedDateTime leap = LocalDate.parse("2028-02-29").atStartOfDay(ZoneOffset.UTC);
    assertThat(SurveillanceService.anchoredAfter(leap, "P1Y", at("2031-06-01"))).isEqualTo(at("2032-02-29"));
    assertThat(SurveillanceService.anchoredAfter(anchor, "PT12H", at("2026-03-01"))).isEqualTo(at("2026-03-01").plusHours(12));
    assertThatThrownBy(() -> SurveillanceService.anchoredAfter(anchor, "P0D", anchor))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static ZonedDateTime at(String day) {
    return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC);
  }
}
