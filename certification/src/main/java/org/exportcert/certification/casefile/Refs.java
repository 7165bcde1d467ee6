package org.exportcert.certification.casefile;

/**
 * References handed to the process: a short prefix naming the record kind and its database id,
 * e.g. {@code DR-42} for decision record 42. Only these travel in process variables.
 */
public final class Refs {

  private Refs() {}

  public static String of(String prefix, long id) {
    return prefix + "-" + id;
  }

  public static long idOf(String prefix, String ref) {
    if (ref == null || !ref.startsWith(prefix + "-")) {
      throw new IllegalArgumentException("Not a " + prefix + " reference: " + ref);
    }
    try {
      return Long.parseLong(ref.substring(prefix.length() + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a " + prefix + " reference: " + ref);
    }
  }
}
