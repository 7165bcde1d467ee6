package org.exportcert.certification.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The words people read for an evidence kind (ARCHITECTURE: "System architecture", "系统架构说明"),
 * from the models' catalog {@code catalog/evidence-kinds.json} (bpmn module) when it is on the
 * class path, as it is in the application; without it a kind reads as its code.
 */
public final class EvidenceKindLabels {

  private static final Map<String, Map<String, String>> LABELS = load();

  private EvidenceKindLabels() {}

  /** The label of {@code kind} in {@code language} (zh, en); English, then the code, when there is none. */
  public static String label(String kind, String language) {
    Map<String, String> byLanguage = LABELS.get(kind);
    if (byLanguage == null) {
      return kind;
    }
    return byLanguage.getOrDefault(language, byLanguage.getOrDefault("en", kind));
  }

  public static boolean known(String kind) {
    return LABELS.containsKey(kind);
  }

  private static Map<String, Map<String, String>> load() {
    Map<String, Map<String, String>> labels = new HashMap<>();
    try (InputStream in = EvidenceKindLabels.class.getResourceAsStream("/catalog/evidence-kinds.json")) {
      if (in != null) {
        new ObjectMapper().readTree(in).path("kinds").forEach(k -> {
          Map<String, String> byLanguage = new HashMap<>();
          k.path("label").fields().forEachRemaining(e -> byLanguage.put(e.getKey(), e.getValue().asText()));
          labels.put(k.path("code").asText(), Map.copyOf(byLanguage));
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("catalog/evidence-kinds.json not readable", e);
    }
    return Map.copyOf(labels);
  }
}
