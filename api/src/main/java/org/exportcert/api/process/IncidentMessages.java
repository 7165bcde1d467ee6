package org.exportcert.api.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An incident's message as an operator reads it: what failed and why, without the Java stack
 * trace a worker's exception carries (frames, "... n more", suppressed blocks), which says
 * nothing to an operator and exposes internals. The "Caused by" lines stay, without their frames.
 */
public final class IncidentMessages {

  static final int MAX_LENGTH = 2000;

  private static final Pattern FRAME =
      Pattern.compile("^\\s*(at\\s+\\S+\\(.*\\)|\\.\\.\\.\\s*\\d+\\s+(more|common frames omitted))\\s*$");

  /**
   * The class ExportCert's workers fail a job with on purpose (a bilingual message meant for the
   * operator): its name says nothing and hides the message's first words.
   */
  private static final Pattern JOB_ERROR_PREFIX =
      Pattern.compile("^(?:[a-z][\\w$]*\\.)*JobError:\\s*");

  private IncidentMessages() {}

  public static String withoutStackTrace(String message) {
    if (message == null) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String line : message.split("\\R")) {
      if (FRAME.matcher(line).matches() || line.trim().startsWith("Suppressed:")) {
        continue;
      }
      kept.add(line.strip());
    }
    String text = JOB_ERROR_PREFIX.matcher(String.join("\n", kept).strip()).replaceFirst("");
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
  }
}
