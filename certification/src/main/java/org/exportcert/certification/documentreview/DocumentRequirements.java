package org.exportcert.certification.documentreview;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.documents.*}: which evidence kinds an application must hold, per category,
 * plus those scheme type 5 (product + management system audit) adds. Data, not code: the scheme's
 * real list is still to be published.
 */
@ConfigurationProperties(prefix = "exportcert.documents")
public record DocumentRequirements(
    List<String> requiredKinds, Map<String, List<String>> requiredByCategory, List<String> requiredForType5) {

  public DocumentRequirements {
    requiredKinds =
        requiredKinds == null
            ? List.of("ARCHITECTURE", "DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION", "API_SPECIFICATION")
            : List.copyOf(requiredKinds);
    requiredByCategory = requiredByCategory == null ? Map.of() : Map.copyOf(requiredByCategory);
    requiredForType5 =
        requiredForType5 == null ? List.of("MANAGEMENT_SYSTEM") : List.copyOf(requiredForType5);
  }

  public List<String> requiredFor(String category, int schemeType) {
    var kinds = new java.util.LinkedHashSet<>(requiredByCategory.getOrDefault(category, requiredKinds));
    if (schemeType == 5) {
      kinds.addAll(requiredForType5);
    }
    return List.copyOf(kinds);
  }
}
