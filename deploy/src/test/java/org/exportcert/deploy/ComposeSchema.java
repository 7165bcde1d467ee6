package org.exportcert.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structural schema for ExportCert's compose files, stricter than the Compose specification
 * where the specification allows what we do not want (a service without a health check, an
 * unguarded start order, a variable nobody declared). Every rule adds a readable violation; an
 * empty list means the file passes.
 */
final class ComposeSchema {

  static final Set<String> TOP_LEVEL = Set.of("name", "services", "volumes", "networks", "configs", "secrets");

  static final Set<String> SERVICE_KEYS =
      Set.of(
          "image", "build", "restart", "command", "entrypoint", "ports", "expose", "environment",
          "volumes", "healthcheck", "depends_on", "deploy", "ulimits", "networks", "user",
          "working_dir", "labels", "stop_grace_period", "shm_size", "tmpfs", "cap_drop",
          "security_opt", "read_only");

  static final Set<String> HEALTHCHECK_KEYS =
      Set.of("test", "interval", "timeout", "retries", "start_period", "start_interval", "disable");

  static final List<String> RESTART_POLICIES = List.of("always", "unless-stopped", "on-failure");

  /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}; not the escaped $${VAR}. */
  static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?}");

  private ComposeSchema() {}

  static List<String> violations(JsonNode compose, Set<String> declaredVariables, Path composeDir) {
    List<String> out = new ArrayList<>();
    if (compose == null || !compose.isObject()) {
      out.add("the file is not a YAML mapping");
      return out;
    }
    for (String key : names(compose)) {
      if (!TOP_LEVEL.contains(key)) {
        out.add("unknown top-level key '" + key + "'");
      }
    }
    if (compose.has("version")) {
      out.add("'version' is obsolete in the Compose specification");
    }
    JsonNode services = compose.path("services");
    if (!services.isObject() || services.isEmpty()) {
      out.add("no services");
      return out;
    }
    Set<String> declaredVolumes = new LinkedHashSet<>(names(compose.path("volumes")));
    Set<String> usedVolumes = new LinkedHashSet<>();
    for (String name : names(services)) {
      JsonNode service = services.get(name);
      String at = "service " + name + ": ";
      for (String key : names(service)) {
        if (!SERVICE_KEYS.contains(key)) {
          out.add(at + "unknown key '" + key + "'");
        }
      }
      if (!service.hasNonNull("image") && !service.hasNonNull("build")) {
        out.add(at + "neither image nor build");
      }
      if (service.has("build")) {
        checkBuild(out, at, service.get("build"), composeDir);
      }
      String restart = service.path("restart").asText("");
      if (!RESTART_POLICIES.contains(restart)) {
        out.add(at + "restart must be one of " + RESTART_POLICIES + ", is '" + restart + "'");
      }
      checkHealthcheck(out, at, service.path("healthcheck"));
      checkDependsOn(out, at, service.path("depends_on"), services);
      if (service.has("environment") && !service.get("environment").isObject()) {
        out.add(at + "environment must be a mapping (NAME: value), so it can be compared");
      }
      if (service.has("ports")) {
        for (JsonNode port : service.get("ports")) {
          if (!port.isTextual() || !port.asText().matches("^(127\\.0\\.0\\.1:)?(\\$\\{[A-Z0-9_]+}|\\d+):\\d+(/(tcp|udp))?$")) {
            out.add(at + "port '" + port + "' is not \"[127.0.0.1:]HOST:CONTAINER\" with a host port from .env or a number");
          }
        }
      }
      for (JsonNode volume : service.path("volumes")) {
        String spec = volume.asText();
        String source = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        if (source.startsWith(".") || source.startsWith("/")) {
          if (composeDir != null && source.startsWith(".") && !Files.exists(composeDir.resolve(source).normalize())) {
            out.add(at + "bind mount source " + source + " does not exist");
          }
        } else {
          usedVolumes.add(source);
          if (!declaredVolumes.contains(source)) {
            out.add(at + "named volume '" + source + "' is not declared under top-level volumes");
          }
        }
      }
    }
    for (String volume : declaredVolumes) {
      if (!usedVolumes.contains(volume)) {
        out.add("volume '" + volume + "' is declared but no service uses it");
      }
    }
    Set<String> used = variables(compose);
    for (String variable : used) {
      if (!declaredVariables.contains(variable)) {
        out.add("${" + variable + "} is used but not declared in .env.example");
      }
    }
    for (String variable : declaredVariables) {
      if (!used.contains(variable)) {
        out.add(variable + " is declared in .env.example but not used");
      }
    }
    return out;
  }

  private static void checkBuild(List<String> out, String at, JsonNode build, Path composeDir) {
    if (!build.isObject() || !build.hasNonNull("context") || !build.hasNonNull("dockerfile")) {
      out.add(at + "build must name context and dockerfile");
      return;
    }
    if (composeDir != null) {
      Path context = composeDir.resolve(build.get("context").asText()).normalize();
      if (!Files.isDirectory(context)) {
        out.add(at + "build context " + context + " is not a directory");
      } else if (!Files.isRegularFile(context.resolve(build.get("dockerfile").asText()))) {
        out.add(at + "dockerfile " + build.get("dockerfile").asText() + " not found in the build context");
      }
    }
  }

  private static void checkHealthcheck(List<String> out, String at, JsonNode healthcheck) {
    if (!healthcheck.isObject()) {
      out.add(at + "no healthcheck");
      return;
    }
    for (String key : names(healthcheck)) {
      if (!HEALTHCHECK_KEYS.contains(key)) {
        out.add(at + "healthcheck: unknown key '" + key + "'");
      }
    }
    if (healthcheck.path("disable").asBoolean(false)) {
      out.add(at + "healthcheck is disabled");
    }
    JsonNode test = healthcheck.path("test");
    boolean valid =
        (test.isTextual() && !test.asText().isBlank())
            || (test.isArray()
                && test.size() >= 2
                && Set.of("CMD", "CMD-SHELL").contains(test.get(0).asText()));
    if (!valid) {
      out.add(at + "healthcheck test must be [\"CMD\", ...] or [\"CMD-SHELL\", \"...\"]");
    }
    boolean shell = test.isTextual() || (test.isArray() && "CMD-SHELL".equals(test.path(0).asText()));
    if (shell && test.toString().contains("/dev/tcp")) {
      // CMD-SHELL runs /bin/sh, which is dash on Debian/Ubuntu images: /dev/tcp is bash only.
      out.add(at + "healthcheck uses /dev/tcp under /bin/sh; use [\"CMD\", \"bash\", \"-c\", \"...\"]");
    }
    for (String key : List.of("interval", "timeout")) {
      if (!healthcheck.path(key).asText("").matches("\\d+(ms|s|m)")) {
        out.add(at + "healthcheck " + key + " must be a duration like 10s");
      }
    }
    if (healthcheck.path("retries").asInt(0) < 1) {
      out.add(at + "healthcheck retries must be at least 1");
    }
  }

  private static void checkDependsOn(List<String> out, String at, JsonNode dependsOn, JsonNode services) {
    if (dependsOn.isMissingNode()) {
      return;
    }
    if (!dependsOn.isObject()) {
      out.add(at + "depends_on must be the long form (service: {condition: service_healthy})");
      return;
    }
    for (String target : names(dependsOn)) {
      if (!services.has(target)) {
        out.add(at + "depends on unknown service '" + target + "'");
      }
      String condition = dependsOn.get(target).path("condition").asText("");
      if (!"service_healthy".equals(condition)) {
        out.add(at + "depends on '" + target + "' with condition '" + condition + "', not service_healthy");
      }
    }
  }

  /** Every ${VAR} used anywhere in the file (keys and values). */
  static Set<String> variables(JsonNode node) {
    Set<String> found = new TreeSet<>();
    collect(node, found);
    return found;
  }

  private static void collect(JsonNode node, Set<String> found) {
    if (node.isTextual()) {
      Matcher m = VARIABLE.matcher(node.asText());
      while (m.find()) {
        found.add(m.group(1));
      }
    } else if (node.isContainerNode()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        collect(TextNode.valueOf(field.getKey()), found);
        collect(field.getValue(), found);
      }
      if (node.isArray()) {
        for (JsonNode element : node) {
          collect(element, found);
        }
      }
    }
  }

  static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node != null && node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }
}
