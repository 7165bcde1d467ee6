package org.exportcert.api.web;

/**
 * Characters a person cannot see but a machine compares: bidirectional embeddings, overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069: "Example \u202Ed.tL" reads as another name, a file name
 * {@code report\u202Efdp.exe} as a PDF), zero-width space, word joiner and byte-order mark
 * (U+200B, U+2060, U+FEFF: {@code HRB\u200B-1} is another registration number than
 * {@code HRB-1} that prints the same), and a UTF-16 surrogate without its partner, which the
 * database stored as '?' (the text changed silently). Joiners (U+200C/U+200D) and the plain
 * left-to-right/right-to-left marks stay allowed: scripts and emoji need them.
 */
public final class HiddenCharacters {

  private HiddenCharacters() {}

  /** Whether the text holds one of the characters above. */
  public static boolean present(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
          || c == '\u200b' || c == '\u2060' || c == '\ufeff') {
        return true;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
      if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
