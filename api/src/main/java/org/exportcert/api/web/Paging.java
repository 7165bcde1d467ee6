package org.exportcert.api.web;

import org.exportcert.api.error.ApiProblem;

/**
 * The one rule for every paged list of the API: pages counted from 0 (at most a million pages in),
 * 1 to {@link #MAX_SIZE} rows a page. Out of bounds is a 400 problem in the caller's language,
 * never a silently shortened page.
 */
public final class Paging {

  public static final int MAX_SIZE = 100;
  static final int MAX_PAGE = 1_000_000;

  private Paging() {}

  public static void check(int page, int size) {
    if (page < 0 || page > MAX_PAGE || size < 1 || size > MAX_SIZE) {
      throw ApiProblem.invalid("page must be 0 or more and size between 1 and " + MAX_SIZE + ".")
          .detailKey("paging.bounds", Integer.toString(MAX_SIZE));
    }
  }

  /** A filter text: trimmed, null when blank, at most 200 characters (else 400). */
  public static String filterText(String name, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() > 200) {
      throw ApiProblem.invalid(name + " is limited to 200 characters.").detailKey("paging.filter-length", name, "200");
    }
    return text.trim();
  }

  /** A filter code (one of the enum's names, any case), upper-cased; null when absent, else 400. */
  public static String code(String name, String value, Enum<?>[] values) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim().toUpperCase(java.util.Locale.ROOT);
    if (java.util.Arrays.stream(values).noneMatch(e -> e.name().equals(v))) {
      String all = java.util.Arrays.toString(values);
      throw ApiProblem.invalid(name + " must be one of " + all).detailKey("paging.one-of", name, all);
    }
    return v;
  }
}
