package org.exportcert.engine.history;

/**
 * How long finished instances stay in the history store: {@code
 * EXPORTCERT_ENGINE_HISTORY_RETENTION_DAYS} days after they ended (1 to 36,500), or forever when
 * unset or 0 (the default: a certification body keeps its records). Applied at start and with each
 * snapshot.
 */
public record HistoryRetention(long days) {

  public static final String VARIABLE = "EXPORTCERT_ENGINE_HISTORY_RETENTION_DAYS";

  public HistoryRetention {
    if (days < 0 || days > 36_500) {
      throw new IllegalArgumentException(VARIABLE + " must be 0..36500 (0 = keep all), was " + days);
    }
  }

  public static HistoryRetention fromEnvironment() {
    String value = System.getenv(VARIABLE);
    if (value == null || value.isBlank()) {
      return new HistoryRetention(0);
    }
    try {
      return new HistoryRetention(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(VARIABLE + " must be 0..36500 (0 = keep all), was '" + value + "'");
    }
  }

  public boolean keepsAll() {
    return days == 0;
  }

  /** Deletes what ended before the retention period (ending at {@code nowMillis}); returns how many instances. */
  public int apply(HistoryStore store, long nowMillis) {
    return keepsAll() ? 0 : store.expire(nowMillis - days * 86_400_000L);
  }
}
