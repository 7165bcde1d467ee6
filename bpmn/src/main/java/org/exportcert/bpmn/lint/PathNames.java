package org.exportcert.bpmn.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bilingual naming of path files (paths/*.paths.json), as {@link ChineseNames} is for models:
 * each path's {@code name} is its English name and {@code name.zh} next to it its Chinese name;
 * the file's {@code description} has its {@code description.zh}. Program managers read them on the
 * models page and in the modeler, in their language. The build requires them of the shipped path
 * files; the console's lint warns about a path file without them.
 */
public final class PathNames {

  public static final String NAME_ZH = "name.zh";
  public static final String DESCRIPTION_ZH = "description.zh";
  /** Longest name read beside a verdict, in characters (either language). */
  public static final int MAX_NAME = 200;

  private PathNames() {}

  /** The path's Chinese name, if the file gives one. */
  public static Optional<String> chineseName(JsonNode path) {
    return text(path, NAME_ZH);
  }

  /** Paths (by position and English name) and the file's description without their Chinese text. */
  public static List<LintProblem> check(JsonNode file) {
    List<LintProblem> problems = new ArrayList<>();
    if (text(file, "description").isPresent() && text(file, DESCRIPTION_ZH).isEmpty()) {
      problems.add(new LintProblem("description", "chinese-name",
          "The file's description has no Chinese text: add \"" + DESCRIPTION_ZH + "\" next to it."));
    }
    int n = 0;
    for (JsonNode path : file.path("paths")) {
      n++;
      String where = "paths[" + (n - 1) + "]";
      Optional<String> name = text(path, "name");
      if (name.isEmpty()) {
        problems.add(new LintProblem(where, "name", "Path " + n + " has no name people can read."));
      } else if (chineseName(path).isEmpty()) {
        problems.add(new LintProblem(where, "chinese-name", "'" + name.get() + "' has no Chinese name: add \""
            + NAME_ZH + "\" next to \"name\" so Chinese pages do not show the English name."));
      }
      for (String field : List.of("name", NAME_ZH)) {
        text(path, field).filter(v -> v.length() > MAX_NAME).ifPresent(v -> problems.add(new LintProblem(where,
            "name", "The path's \"" + field + "\" is longer than " + MAX_NAME + " characters.")));
      }
    }
    return problems;
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText().strip()) : Optional.empty();
  }
}
