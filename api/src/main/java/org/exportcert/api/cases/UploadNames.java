package org.exportcert.api.cases;

import org.exportcert.api.error.ApiProblem;

/** File names as clients send them: checked before any byte is stored (kinds: EvidenceKinds). */
public final class UploadNames {

  private UploadNames() {}

  /**
   * A plain file name: no directories, no parent references, no control characters. It is only
   * ever metadata (the object key derives from the content hash), but clients show it back.
   */
  public static String requireSafeFileName(String name) {
    if (name == null || name.isBlank()) {
      throw ApiProblem.invalid("The file needs a name.");
    }
    if (name.length() > 255
        || name.contains("/")
        || name.contains("\\")
        || name.contains("..")
        || name.startsWith(".")
        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ':')) {
      throw ApiProblem.invalid("File name '" + printable(name) + "' is not a plain file name.");
    }
    if (org.exportcert.api.web.HiddenCharacters.present(name)) { // report\u202Efdp.exe shows as report-exe.pdf
      throw ApiProblem.invalid("File name '" + printable(name) + "' contains a hidden formatting character"
          + " (a bidirectional override, a zero-width space) or a broken surrogate; rename the file.")
          .detailKey("problem.upload.hidden-character", printable(name));
    }
    return name.strip();
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) : s;
    return cut.replaceAll("[\\p{Cntrl}\\p{Cf}\\p{Cs}]", "?");
  }
}
