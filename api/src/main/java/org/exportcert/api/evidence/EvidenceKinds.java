package org.exportcert.api.evidence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.certification.documentreview.DocumentRequirements;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.exportcert.certification.evidence.EvidenceKindCatalog.Kind;
import org.exportcert.certification.evidence.EvidenceKindCatalog.Party;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The models' catalog of evidence kinds as the API uses it: the one list uploads are checked
 * against and the console offers. The domain's {@link EvidenceKindCatalog} reads the catalog; at
 * start every kind the document requirements name must be in it, so a required document can
 * always be uploaded.
 */
@Component
public class EvidenceKinds {

  private final EvidenceKindCatalog catalog;
  private final DocumentRequirements requirements;

  public EvidenceKinds(EvidenceKindCatalog catalog, ObjectProvider<DocumentRequirements> configured) {
    this.catalog = catalog;
    // web slices run without the domain's settings: the scheme's defaults then
    this.requirements = configured.getIfAvailable(() -> new DocumentRequirements(null, null, null));
    if (catalog.all().isEmpty()) {
      throw new IllegalStateException(EvidenceKindCatalog.RESOURCE + " is not on the class path (bpmn module)");
    }
    List<String> unknown = new ArrayList<>();
    requirements.requiredKinds().forEach(k -> { if (!catalog.known(k)) unknown.add(k); });
    requirements.requiredForType5().forEach(k -> { if (!catalog.known(k)) unknown.add(k); });
    requirements.requiredByCategory().values().forEach(l -> l.forEach(k -> { if (!catalog.known(k)) unknown.add(k); }));
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("exportcert.documents names evidence kinds missing from catalog/evidence-kinds.json: " + unknown);
    }
  }

  public List<Kind> all() {
    return catalog.all();
  }

  public Kind get(String code) {
    return catalog.get(code);
  }

  /** The kinds an application of this category and scheme type must hold, in catalog order. */
  public List<Kind> requiredFor(String category, int schemeType) {
    return requirements.requiredFor(category, schemeType).stream().map(catalog::get).toList();
  }

  /**
   * A kind of the catalog that this party uploads; anything else is refused with 400 naming the
   * accepted codes.
   */
  public String require(String code, Party party) {
    Kind k = catalog.get(code);
    if (k == null || k.party() != party) {
      throw ApiProblem.invalid("Evidence kind '" + printable(code) + "' is not one you can upload. Accepted: "
          + String.join(", ", codes(party)) + ".");
    }
    return code;
  }

  public Set<String> codes(Party party) {
    Set<String> codes = new LinkedHashSet<>();
    catalog.all().stream().filter(k -> k.party() == party).forEach(k -> codes.add(k.code()));
    return codes;
  }

  private static String printable(String s) {
    if (s == null) return "";
    String cut = s.length() > 64 ? s.substring(0, 64) : s;
    return cut.replaceAll("[^A-Za-z0-9_./-]", "?");
  }
}
