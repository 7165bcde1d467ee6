package org.exportcert.api.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.certification.documentreview.DocumentRequirements;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The models' catalog of evidence kinds (bpmn {@code catalog/evidence-kinds.json}), the one list
 * the API checks uploads against and the console offers. At start every kind the document
 * requirements name must be in it, so a required document can always be uploaded.
 */
@Component
public class EvidenceKinds {

  public enum Party { APPLICANT, STAFF, SYSTEM }

  public record Kind(String code, Party party, String requiredFor, Map<String, String> label, Map<String, String> hint) {}

  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  private final DocumentRequirements requirements;

  public EvidenceKinds(ObjectMapper json, org.springframework.beans.factory.ObjectProvider<DocumentRequirements> configured) {
    // web slices run without the domain's settings: the scheme's defaults then
    this.requirements = configured.getIfAvailable(() -> new DocumentRequirements(null, null, null));
    try (InputStream in = new ClassPathResource("catalog/evidence-kinds.json").getInputStream()) {
      for (JsonNode k : json.readTree(in).path("kinds")) {
        String code = k.path("code").asText();
        kinds.put(code, new Kind(code, Party.valueOf(k.path("party").asText()),
            k.path("requiredFor").isMissingNode() ? null : k.path("requiredFor").asText(),
            texts(k.path("label")), texts(k.path("hint"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("catalog/evidence-kinds.json not readable", e);
    }
    List<String> unknown = new ArrayList<>();
    requirements.requiredKinds().forEach(k -> { if (!kinds.containsKey(k)) unknown.add(k); });
    requirements.requiredForType5().forEach(k -> { if (!kinds.containsKey(k)) unknown.add(k); });
    requirements.requiredByCategory().values().forEach(l -> l.forEach(k -> { if (!kinds.containsKey(k)) unknown.add(k); }));
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("exportcert.documents names evidence kinds missing from catalog/evidence-kinds.json: " + unknown);
    }
  }

  private static Map<String, String> texts(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  public List<Kind> all() {
    return List.copyOf(kinds.values());
  }

  public Kind get(String code) {
    return kinds.get(code);
  }

  /** The kinds an application of this category and scheme type must hold, in catalog order. */
  public List<Kind> requiredFor(String category, int schemeType) {
    return requirements.requiredFor(category, schemeType).stream().map(kinds::get).toList();
  }

  /**
   * A kind of the catalog that this party uploads; anything else is refused with 400 naming the
   * accepted codes.
   */
  public String require(String code, Party party) {
    Kind k = code == null ? null : kinds.get(code);
    if (k == null || k.party() != party) {
      throw ApiProblem.invalid("Evidence kind '" + printable(code) + "' is not one you can upload. Accepted: "
          + String.join(", ", codes(party)) + ".");
    }
    return code;
  }

  public Set<String> codes(Party party) {
    Set<String> codes = new java.util.LinkedHashSet<>();
    kinds.values().stream().filter(k -> k.party() == party).forEach(k -> codes.add(k.code()));
    return codes;
  }

  private static String printable(String s) {
    if (s == null) return "";
    String cut = s.length() > 64 ? s.substring(0, 64) : s;
    return cut.replaceAll("[^A-Za-z0-9_./-]", "?");
  }
}
