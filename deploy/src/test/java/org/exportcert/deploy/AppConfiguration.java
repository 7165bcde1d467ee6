package org.exportcert.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What configuration the ExportCert application reads, worked out from its sources and from the
 * configuration metadata of the libraries it depends on:
 *
 * <ul>
 *   <li>its own properties: the keys of {@code application.yaml}, the components of its
 *       {@code @ConfigurationProperties} records, and property names written as string literals
 *       in its code (the local stack asks {@code env.containsProperty("spring.datasource.url")});
 *   <li>variables named directly as placeholders in {@code application.yaml} ({@code ${PORT:8080}});
 *   <li>library properties (Spring Boot, the Camunda starter), counted as read only when the
 *       dependency that binds them is a (non-test) dependency of an application module.
 * </ul>
 *
 * An environment variable maps to a property the way Spring Boot binds it: dots become
 * underscores, dashes are dropped or become underscores, all upper case.
 */
final class AppConfiguration {

  /** Library property prefix → the dependencies that bind it (one of them must be present). */
  static final Map<String, Set<String>> BINDERS =
      Map.of(
          "spring.datasource.", Set.of("spring-boot-starter-data-jpa", "spring-boot-starter-jdbc"),
          "spring.security.oauth2.resourceserver.", Set.of("spring-boot-starter-oauth2-resource-server"),
          "camunda.client.", Set.of("camunda-spring-boot-starter"),
          "spring.mail.", Set.of("spring-boot-starter-mail"));

  private static final Pattern PROPERTY_LITERAL =
      Pattern.compile("\"((?:exportcert|spring|camunda|server|management)\\.[a-z0-9.-]*[a-z0-9])\"");
  private static final Pattern CONFIG_PROPERTIES =
      Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([^\"]+)\"\\s*\\)");
  private static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*\\(");
  private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::[^}]*)?}");

  final List<String> modules;
  final Set<String> ownProperties = new TreeSet<>();
  final Set<String> placeholders = new TreeSet<>();
  final Map<String, JsonNode> libraryProperties = new LinkedHashMap<>();
  final Set<String> dependencies = new TreeSet<>();

  AppConfiguration() {
    modules = applicationModules();
    for (String module : modules) {
      Path main = Repo.path(module + "/src/main");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".java")) {
            readJava(Repo.read(file));
          } else if (name.matches("application(-[a-z0-9]+)?\\.ya?ml")) {
            readYaml(file);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dependencies.addAll(runtimeDependencies(Repo.read(module + "/pom.xml")));
    }
    readMetadata("META-INF/spring-configuration-metadata.json");
    readMetadata("META-INF/additional-spring-configuration-metadata.json");
  }

  /** What reads the variable, or empty when nothing in the application does. */
  Optional<String> readerOf(String variable) {
    if (placeholders.contains(variable)) {
      return Optional.of("placeholder ${" + variable + "} in application.yaml");
    }
    for (String property : ownProperties) {
      if (matches(variable, property)) {
        return Optional.of("ExportCert property " + property);
      }
    }
    return libraryProperty(variable)
        .filter(p -> binderPresent(p))
        .map(p -> "library property " + p + " (bound by " + binders(p) + ")");
  }

  /** The library property the variable names, whether or not its binder is present. */
  Optional<String> libraryProperty(String variable) {
    return libraryProperties.keySet().stream().filter(p -> matches(variable, p)).findFirst();
  }

  boolean deprecated(String property) {
    JsonNode meta = libraryProperties.get(property);
    return meta != null && meta.has("deprecation");
  }

  Set<String> binders(String property) {
    return BINDERS.entrySet().stream()
        .filter(e -> property.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(Set.of());
  }

  boolean binderPresent(String property) {
    Set<String> binders = binders(property);
    if (binders.isEmpty()) {
      throw new IllegalStateException(
          "No rule in AppConfiguration.BINDERS says which dependency binds " + property + "; add one");
    }
    return binders.stream().anyMatch(dependencies::contains);
  }

  /** Spring Boot's two environment-variable forms of a property name; a trailing .* matches any suffix. */
  static boolean matches(String variable, String property) {
    boolean wildcard = property.endsWith(".*");
    String base = wildcard ? property.substring(0, property.length() - 2) : property;
    String upper = base.toUpperCase(Locale.ROOT).replace('.', '_');
    for (String form : List.of(upper.replace("-", ""), upper.replace('-', '_'))) {
      if (wildcard ? variable.startsWith(form + "_") : variable.equals(form)) {
        return true;
      }
    }
    return false;
  }

  // --- reading -----------------------------------------------------------------------------------

  /** Every module of the parent pom but this one: the application and what it is built from. */
  static List<String> applicationModules() {
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Repo.read("pom.xml"));
    while (m.find()) {
      if (!"deploy".equals(m.group(1))) {
        modules.add(m.group(1));
      }
    }
    return modules;
  }

  static Set<String> runtimeDependencies(String pom) {
    Set<String> artifacts = new LinkedHashSet<>();
    String dependencies = pom.replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "");
    Matcher m = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(dependencies);
    while (m.find()) {
      String dependency = m.group(1).replaceAll("(?s)<exclusions>.*?</exclusions>", "");
      if (dependency.matches("(?s).*<scope>\\s*test\\s*</scope>.*")) {
        continue;
      }
      Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(dependency);
      if (artifact.find()) {
        artifacts.add(artifact.group(1).strip());
      }
    }
    return artifacts;
  }

  private void readYaml(Path file) {
    JsonNode root;
    try {
      root = Repo.YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    flatten("", root);
    Matcher m = PLACEHOLDER.matcher(Repo.read(file));
    while (m.find()) {
      if (m.group(1).contains(".")) {
        ownProperties.add(m.group(1));
      } else {
        placeholders.add(m.group(1));
      }
    }
  }

  private void flatten(String prefix, JsonNode node) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue()));
    } else if (!prefix.isEmpty()) {
      ownProperties.add(prefix);
    }
  }

  private void readJava(String source) {
    Matcher literal = PROPERTY_LITERAL.matcher(source);
    while (literal.find()) {
      ownProperties.add(literal.group(1));
    }
    // @Value("${exportcert.x.y:default}") and @Scheduled(fixedDelayString = "${…}") read them too
    Matcher placeholder = PLACEHOLDER.matcher(source);
    while (placeholder.find()) {
      if (placeholder.group(1).contains(".")) {
        ownProperties.add(placeholder.group(1));
      }
    }
    Matcher annotation = CONFIG_PROPERTIES.matcher(source);
    while (annotation.find()) {
      // The annotated type is the next declaration; only records are expanded (ExportCert's
      // properties are records), a class's bound keys come from application.yaml or literals.
      Matcher type = TYPE_DECLARATION.matcher(source);
      if (type.find(annotation.end()) && "record".equals(type.group(1))) {
        components(source, type.group(2), annotation.group(1), 0);
      }
    }
  }

  /** prefix.component for each record component; nested records of the same file expand. */
  private void components(String source, String recordName, String prefix, int depth) {
    Matcher declaration = Pattern.compile("\\brecord\\s+" + recordName + "\\s*\\(").matcher(source);
    if (depth > 5 || !declaration.find()) {
      return;
    }
    for (String component : splitTopLevel(parenthesised(source, declaration.end() - 1))) {
      String cleaned = component.replaceAll("@\\w+(\\([^)]*\\))?", "").strip();
      int space = cleaned.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String type = cleaned.substring(0, space).strip();
      String property = prefix + "." + kebab(cleaned.substring(space + 1).strip());
      String simpleType = type.replaceAll("<.*", "");
      if (simpleType.equals("Map")) {
        ownProperties.add(property + ".*");
      } else if (RECORD.matcher(source).results().anyMatch(r -> r.group(1).equals(simpleType))) {
        components(source, simpleType, property, depth + 1);
      } else {
        ownProperties.add(property);
      }
    }
  }

  private static String parenthesised(String source, int open) {
    int depth = 0;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return source.substring(open + 1, i);
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses");
  }

  private static List<String> splitTopLevel(String parameters) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : parameters.toCharArray()) {
      if (c == '<' || c == '(') {
        depth++;
      } else if (c == '>' || c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      parts.add(current.toString());
    }
    return parts;
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private void readMetadata(String resource) {
    try {
      Enumeration<URL> urls = AppConfiguration.class.getClassLoader().getResources(resource);
      for (URL url : Collections.list(urls)) {
        try (InputStream in = url.openStream()) {
          for (JsonNode property : Repo.JSON.readTree(in).path("properties")) {
            libraryProperties.putIfAbsent(property.path("name").asText(), property);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
