package org.exportcert.certification.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The models' catalog of evidence kinds ({@code catalog/evidence-kinds.json}, bpmn module), read
 * once here for everyone: who uploads each kind, what requires it, and the words people read for
 * it in English and Chinese (ARCHITECTURE: "System architecture", "系统架构说明"). The catalog is on
 * the class path in the application; without it (the domain's own tests) it is empty and a kind
 * reads as its code.
 */
@Component
public class EvidenceKindCatalog {

  public static final String RESOURCE = "catalog/evidence-kinds.json";

  /** Who uploads a kind: the applicant in their case, staff through a task, or a worker. */
  public enum Party { APPLICANT, STAFF, SYSTEM }

  /**
   * @param requiredFor ALL, SCHEME_TYPE_5 or null (asked for case by case)
   * @param label and hint by language (en, zh)
   */
  public record Kind(String code, Party party, String requiredFor, Map<String, String> label, Map<String, String> hint) {}

  private final Map<String, Kind> kinds;

  /** The shipped catalog from the class path. */
  public EvidenceKindCatalog() {
    this(EvidenceKindCatalog.class.getClassLoader().getResourceAsStream(RESOURCE));
  }

  /** A catalog read from {@code in} (closed here); null: an empty catalog. */
  EvidenceKindCatalog(InputStream in) {
    Map<String, Kind> read = new LinkedHashMap<>();
    if (in != null) {
      try (in) {
        for (JsonNode k : new ObjectMapper().readTree(in).path("kinds")) {
          String code = k.path("code").asText();
          read.put(code, new Kind(code, Party.valueOf(k.path("party").asText()),
              k.hasNonNull("requiredFor") ? k.path("requiredFor").asText() : null,
              texts(k.path("label")), texts(k.path("hint"))));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(RESOURCE + " not readable", e);
      }
    }
    this.kinds = Collections.unmodifiableMap(read);
  }

  private static Map<String, String> texts(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>(); // en before zh, as the catalog lists them
    node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return Collections.unmodifiableMap(m);
  }

  /** Every kind, in catalog order. */
  public List<Kind> all() {
    return List.copyOf(kinds.values());
  }

  /** The kind of this code, or null. */
  public Kind get(String code) {
    return code == null ? null : kinds.get(code);
  }

  public boolean known(String code) {
    return get(code) != null;
  }

  /** The label of {@code code} in {@code language} (zh, en); English, then the code, when there is none. */
  public String label(String code, String language) {
    Kind k = get(code);
    if (k == null) {
      return code;
    }
    return k.label().getOrDefault(language, k.label().getOrDefault("en", code));
  }
}
