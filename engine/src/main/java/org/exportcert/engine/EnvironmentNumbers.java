package org.exportcert.engine;

/** A whole-number engine setting from the environment: absent means its default, anything out of bounds stops the start. */
public final class EnvironmentNumbers {

  private EnvironmentNumbers() {}

  /**
   * @param meaning what the bounds mean, appended to the error, e.g. {@code " (0 = off)"}
   * @return the variable's value within {@code min..max}, or {@code fallback} when it is unset or blank
   */
  public static long read(String name, long fallback, long min, long max, String meaning) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(name + " must be " + min + ".." + max + meaning + ", was '" + value + "'");
  }
}
