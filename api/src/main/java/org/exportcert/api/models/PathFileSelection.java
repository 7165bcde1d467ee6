package org.exportcert.api.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which path files a draft's run needs: those of the processes the draft changes, directly or
 * through a decision table, form or called process they use (compared with the shipped bundle by
 * {@link ModelDiff}, so a file the editor only wrote out again counts as unchanged).
 * A draft that changes none of them (unchanged, or only a table no path file's process calls)
 * runs them all. Keeps a one-table change checked in seconds instead of every phase's paths.
 */
final class PathFileSelection {

  private static final Pattern USES =
      Pattern.compile("(decisionId|formId|processId)=\"([A-Za-z0-9_.-]+)\"");

  private PathFileSelection() {}

  static Map<String, JsonNode> of(Map<String, JsonNode> pathFiles, Map<String, String> draftFiles) {
    // what changed by meaning (ModelDiff: layout and serialisation ignored), as the draft's diff shows it
    Map<String, String> base = new TreeMap<>();
    draftFiles.keySet().forEach(name -> {
      String shipped = shipped(name);
      if (shipped != null) {
        base.put(name, shipped);
      }
    });
    Set<String> changed = new TreeSet<>();
    ModelDiff.of(base, draftFiles).stream().filter(d -> d.status() != ModelDiff.Status.UNCHANGED)
        .forEach(d -> changed.add(d.file()));
    Map<String, JsonNode> selected = new TreeMap<>();
    pathFiles.forEach((file, paths) -> {
      String process = paths.path("process").asText();
      if (touched(process, draftFiles, changed, new TreeSet<>())) {
        selected.put(file, paths);
      }
    });
    return selected.isEmpty() ? pathFiles : selected;
  }

  /** Whether the process's model, or anything it uses (at any depth), changed. */
  private static boolean touched(String process, Map<String, String> draft, Set<String> changed, Set<String> seen) {
    String file = process + ".bpmn";
    if (!seen.add(file)) {
      return false;
    }
    if (changed.contains(file)) {
      return true;
    }
    String model = draft.containsKey(file) ? draft.get(file) : shipped(file);
    if (model == null) {
      return false;
    }
    Matcher m = USES.matcher(model);
    while (m.find()) {
      String id = m.group(2);
      boolean hit = switch (m.group(1)) {
        case "decisionId" -> changed.contains(id + ".dmn");
        case "formId" -> changed.contains(id + ".form");
        default -> !id.equals(process) && touched(id, draft, changed, seen);
      };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  /** The shipped file of that name (models/ or forms/), or null for a file the draft adds. */
  private static String shipped(String name) {
    String dir = name.endsWith(".form") ? "forms/" : "models/";
    try (InputStream in = PathFileSelection.class.getClassLoader().getResourceAsStream(dir + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
