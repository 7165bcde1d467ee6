package org.exportcert.engine.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** ISO 8601 durations (with years/months/weeks/days and a time part), dates and repeating cycles. */
public final class TimeExpressions {

  /** A schedule: first due time, repetitions after the first (-1 = forever), interval. */
  public record Schedule(long firstDue, int repetitions, String interval) {}

  private TimeExpressions() {}

  /** {@code start + duration} for ISO durations such as PT1H, P30D, P6M, P1Y2M3DT4H. */
  public static long addDuration(long start, String duration) {
    String text = duration.trim();
    boolean negative = text.startsWith("-");
    if (negative) {
      throw new IllegalArgumentException("negative duration '" + duration + "'");
    }
    if (!text.startsWith("P")) {
      throw new IllegalArgumentException("'" + duration + "' is not an ISO 8601 duration");
    }
    int t = text.indexOf('T');
    String datePart = t < 0 ? text : text.substring(0, t);
    String timePart = t < 0 ? null : "P" + text.substring(t);
    ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC);
    try {
      if (!"P".equals(datePart)) {
        time = time.plus(Period.parse(datePart));
      }
      if (timePart != null) {
        time = time.plus(Duration.parse(timePart));
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + duration + "' is not an ISO 8601 duration");
    }
    return time.toInstant().toEpochMilli();
  }

  /** An ISO 8601 date-time with offset or zone, e.g. 2030-01-01T10:00:00Z. */
  public static long parseDate(String date) {
    String text = date.trim();
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return ZonedDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("'" + date + "' is not an ISO 8601 date-time with offset or zone");
      }
    }
  }

  /**
   * ISO 8601 repeating intervals: R/PT1H (forever), R3/PT1H, R3/2030-01-01T00:00:00Z/PT1H; or a cron
   * expression (see {@link CronExpression}), which repeats forever and is kept as the interval.
   */
  public static Schedule parseCycle(long now, String cycle) {
    if (!cycle.trim().startsWith("R") && CronExpression.isCron(cycle)) {
      return new Schedule(CronExpression.parse(cycle).next(now), -1, cycle.trim());
    }
    String[] parts = cycle.trim().split("/");
    if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("R")) {
      throw new IllegalArgumentException("'" + cycle + "' is not an ISO 8601 repeating interval such as R3/PT1H");
    }
    int repetitions;
    try {
      repetitions = parts[0].length() == 1 ? -1 : Integer.parseInt(parts[0].substring(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + cycle + "' has an invalid repetition count");
    }
    String interval = parts[parts.length - 1];
    if (addDuration(0, interval) <= 0) {
      throw new IllegalArgumentException("'" + cycle + "' needs a positive interval");
    }
    long start = parts.length == 3 ? parseDate(parts[1]) : now;
    long first = parts.length == 3 ? start : addDuration(start, interval);
    return new Schedule(first, repetitions < 0 ? -1 : repetitions - 1, interval);
  }

  /** The due time after {@code previousDue} of a cycle's interval: an ISO duration or a cron expression. */
  public static long nextDue(long previousDue, String interval) {
    if (interval.startsWith("P")) {
      return addDuration(previousDue, interval);
    }
    return CronExpression.parse(interval).next(previousDue);
  }
}
