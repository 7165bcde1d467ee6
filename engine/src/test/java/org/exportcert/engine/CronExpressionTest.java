package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.exportcert.engine.runtime.CronExpression;
import org.exportcert.engine.runtime.TimeExpressions;
import org.junit.jupiter.api.Test;

/** The cron cycles of timer events, field by field (times in UTC). */
class CronExpressionTest {

  private static Instant next(String cron, String after) {
    return Instant.ofEpochMilli(CronExpression.parse(cron).next(Instant.parse(after).toEpochMilli()));
  }

  @Test
  void fieldsNamesRangesStepsAndMacros() {
    assertThat(next("0 0 9 * * MON", "2040-01-01T12:00:00Z")).isEqualTo(Instant.parse("2040-01-02T09:00:00Z"));
    assertThat(next("0 0 9 * * MON", "2040-01-02T09:00:00Z")).as("strictly after").isEqualTo(Instant.parse("2040-01-09T09:00:00Z"));
    assertThat(next("0 0 9 * * MON-FRI", "2040-01-06T10:00:00Z")).as("Saturday -> Monday").isEqualTo(Instant.parse("2040-01-09T09:00:00Z"));
    assertThat(next("0 */15 * * * *", "2040-01-01T10:16:30Z")).isEqualTo(Instant.parse("2040-01-01T10:30:00Z"));
    assertThat(next("0 0 0 1 JAN,JUL ?", "2040-02-10T00:00:00Z")).isEqualTo(Instant.parse("2040-07-01T00:00:00Z"));
    assertThat(next("0 30 23 L * *", "2040-02-01T00:00:00Z")).as("last day of a leap February").isEqualTo(Instant.parse("2040-02-29T23:30:00Z"));
    assertThat(next("0 0 12 * * 0", "2040-01-02T00:00:00Z")).as("0 is Sunday").isEqualTo(Instant.parse("2040-01-08T12:00:00Z"));
    assertThat(next("@daily", "2040-01-01T12:00:00Z")).isEqualTo(Instant.parse("2040-01-02T00:00:00Z"));
    assertThat(next("@hourly", "2040-01-01T12:00:01Z")).isEqualTo(Instant.parse("2040-01-01T13:00:00Z"));
  }

  @Test
  void cycleSchedulesRepeatForeverAndIsoCyclesStayIso() {
    long now = Instant.parse("2040-01-01T12:00:00Z").toEpochMilli();
    TimeExpressions.Schedule cron = TimeExpressions.parseCycle(now, "0 0 9 * * *");
    assertThat(cron.repetitions()).isEqualTo(-1);
    assertThat(Instant.ofEpochMilli(cron.firstDue())).isEqualTo(Instant.parse("2040-01-02T09:00:00Z"));
    assertThat(Instant.ofEpochMilli(TimeExpressions.nextDue(cron.firstDue(), cron.interval()))).isEqualTo(Instant.parse("2040-01-03T09:00:00Z"));
    TimeExpressions.Schedule iso = TimeExpressions.parseCycle(now, "R3/PT1H");
    assertThat(iso.repetitions()).isEqualTo(2);
    assertThat(TimeExpressions.nextDue(iso.firstDue(), iso.interval()) - iso.firstDue()).isEqualTo(3_600_000);
  }

  @Test
  void unsupportedOrInvalidExpressionsAreRejected() {
    assertThatThrownBy(() -> CronExpression.parse("0 0 9 15W * *")).hasMessageContaining("15W");
    assertThatThrownBy(() -> CronExpression.parse("0 0 9 * * MON#2")).hasMessageContaining("MON#2");
    assertThatThrownBy(() -> CronExpression.parse("0 0 24 * * *")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> CronExpression.parse("@sometimes")).hasMessageContaining("@sometimes");
    assertThatThrownBy(() -> CronExpression.parse("0 0 0 30 FEB *").next(0)).hasMessageContaining("never matches");
  }
}
