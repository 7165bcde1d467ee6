package org.exportcert.engine.history;

/**
 * Index keys of the history store: numbers zero-padded to 20 digits so that they sort as text in
 * numeric order. Exactly what {@code String.format("%020d", n)} writes (the files written before
 * stay valid), without the Formatter: it took about a fifth of the processor thread's time when
 * finished instances were moved to the store at saturation (see docs/benchmarks.md).
 */
final class SortableKeys {

  private static final String ZEROS = "00000000000000000000";

  private SortableKeys() {}

  /** {@code n} as 20 digits; negative numbers (never an engine key) as the Formatter writes them. */
  static String padded(long n) {
    if (n < 0) {
      return String.format("%020d", n);
    }
    String digits = Long.toString(n);
    return digits.length() >= 20 ? digits : ZEROS.substring(digits.length()) + digits;
  }

  /** "first/second", both padded. */
  static String pair(long first, long second) {
    return padded(first) + '/' + padded(second);
  }
}
