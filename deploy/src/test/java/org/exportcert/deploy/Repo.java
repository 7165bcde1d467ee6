package org.exportcert.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository the deploy module checks: its root, and readers for the files under test. */
final class Repo {

  static final YAMLMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  private Repo() {}

  /** The repository root: the nearest directory up from here whose pom lists the deploy module. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom) && read(pom).contains("<module>deploy</module>")) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("No parent pom listing <module>deploy</module> above " + Path.of("").toAbsolutePath());
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String relative) {
    return read(path(relative));
  }

  static JsonNode yaml(String relative) {
    try {
      return YAML.readTree(path(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Not valid YAML: " + relative, e);
    }
  }

  static JsonNode json(String relative) {
    try {
      return JSON.readTree(path(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Not valid JSON: " + relative, e);
    }
  }

  /** KEY=value lines of an env file, in order; comments and blank lines skipped. */
  static Map<String, String> envFile(String relative) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : read(relative).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(relative + ": not KEY=value: " + line);
      }
      String key = trimmed.substring(0, eq).strip();
      if (vars.put(key, trimmed.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException(relative + ": " + key + " declared twice");
      }
    }
    return vars;
  }

  /** The value of a property in the parent pom, e.g. camunda.version. */
  static String parentPomProperty(String name) {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
            .matcher(read("pom.xml"));
    if (!m.find()) {
      throw new IllegalStateException("Parent pom has no property " + name);
    }
    return m.group(1).strip();
  }
}
