package org.exportcert.engine.runtime;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cron expression in the six-field form Zeebe accepts for timer cycles (Spring's format):
 * {@code second minute hour day-of-month month day-of-week}, e.g. {@code 0 0 9 * * MON}. Fields take
 * {@code *}, {@code ?}, numbers, names (JAN-DEC, MON-SUN), ranges, lists and steps; {@code L} as the
 * day of month means its last day; the macros {@code @yearly @annually @monthly @weekly @daily
 * @midnight @hourly} stand for their expressions. As in Spring, a day must match both the
 * day-of-month and the day-of-week field. Times are computed in UTC (engine time has no zone).
 * Quartz extras ({@code W}, {@code #}, {@code L} with an offset or on weekdays) are rejected.
 */
public final class CronExpression {

  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 0 1 1 *", "@annually", "0 0 0 1 1 *", "@monthly", "0 0 0 1 * *",
      "@weekly", "0 0 0 * * 0", "@daily", "0 0 0 * * *", "@midnight", "0 0 0 * * *", "@hourly", "0 0 * * * *");
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
  /** Enough steps to find a match several years ahead; a day that never comes (30 FEB) ends here. */
  private static final int MAX_STEPS = 200_000;

  private final String text;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final boolean lastDayOfMonth;
  private final BitSet months;
  /** ISO day numbers, Monday = 1 ... Sunday = 7. */
  private final BitSet daysOfWeek;

  private CronExpression(String text, String[] fields) {
    this.text = text;
    seconds = field(fields[0], 0, 59, null, "second");
    minutes = field(fields[1], 0, 59, null, "minute");
    hours = field(fields[2], 0, 23, null, "hour");
    lastDayOfMonth = "L".equalsIgnoreCase(fields[3]);
    daysOfMonth = lastDayOfMonth ? new BitSet() : field(fields[3], 1, 31, null, "day of month");
    months = field(fields[4], 1, 12, MONTHS, "month");
    BitSet dow = field(fields[5], 0, 7, DAYS, "day of week");
    if (dow.get(0)) { // 0 and 7 are both Sunday
      dow.set(7);
      dow.clear(0);
    }
    daysOfWeek = dow;
  }

  /** True when the text has the shape of a cron expression (six fields or a macro), not an ISO cycle. */
  public static boolean isCron(String text) {
    String trimmed = text.trim();
    return trimmed.startsWith("@") || trimmed.split("\\s+").length == 6;
  }

  public static CronExpression parse(String text) {
    String trimmed = text.trim();
    String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
    if (expanded == null) {
      throw new IllegalArgumentException("'" + text + "' is not a known cron macro");
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 6) {
      throw new IllegalArgumentException("'" + text + "' is not a cron expression with six fields (second minute hour day month weekday)");
    }
    return new CronExpression(trimmed, fields);
  }

  /** The first matching instant strictly after {@code afterMillis} (whole seconds). */
  public long next(long afterMillis) {
    ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(afterMillis), ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    for (int step = 0; step < MAX_STEPS; step++) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      } else if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
      } else {
        return t.toInstant().toEpochMilli();
      }
    }
    throw new IllegalArgumentException("cron expression '" + text + "' never matches");
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean day = lastDayOfMonth ? t.getDayOfMonth() == t.toLocalDate().lengthOfMonth() : daysOfMonth.get(t.getDayOfMonth());
    return day && daysOfWeek.get(t.getDayOfWeek().getValue());
  }

  private BitSet field(String field, int min, int max, List<String> names, String what) {
    BitSet bits = new BitSet();
    for (String part : field.split(",")) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), null, what);
        if (step < 1) {
          throw new IllegalArgumentException("invalid step in cron " + what + " field '" + field + "'");
        }
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] bounds = range.split("-", 2);
        from = number(bounds[0], names, what);
        to = number(bounds[1], names, what);
      } else {
        from = number(range, names, what);
        to = slash >= 0 ? max : from;
      }
      if (from < min || to > max || from > to) {
        throw new IllegalArgumentException("cron " + what + " field '" + field + "' is out of range " + min + "-" + max);
      }
      for (int i = from; i <= to; i += step) {
        bits.set(i);
      }
    }
    return bits;
  }

  private int number(String value, List<String> names, String what) {
    String upper = value.trim().toUpperCase(Locale.ROOT);
    if (names != null && names.contains(upper)) {
      return names.indexOf(upper) + 1; // JAN = 1, MON = 1
    }
    try {
      return Integer.parseInt(upper);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' in the cron " + what + " field is not supported by this engine");
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
