package org.exportcert.certification.casefile;

import java.util.regex.Pattern;

/** EC-2026-000123: readable on the phone, sortable, and the Camunda business id. */
public final class CaseIds {

  public static final Pattern PATTERN = Pattern.compile("EC-\\d{4}-\\d{6,}");

  private CaseIds() {}

  public static String format(int year, long number) {
    return String.format("EC-%04d-%06d", year, number);
  }

  public static boolean isValid(String id) {
    return id != null && PATTERN.matcher(id).matches();
  }
}
