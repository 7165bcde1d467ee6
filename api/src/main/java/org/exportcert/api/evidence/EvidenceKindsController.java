package org.exportcert.api.evidence;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog of evidence kinds, for forms that upload evidence. */
@RestController
@Tag(name = "Evidence kinds", description = "The evidence kinds a case can hold, with labels")
class EvidenceKindsController {

  private final EvidenceKinds kinds;

  EvidenceKindsController(EvidenceKinds kinds) {
    this.kinds = kinds;
  }

  @GetMapping("/api/evidence-kinds")
  @Operation(summary = "Every evidence kind: code, who uploads it, whether applications require it, labels (en, zh)")
  List<EvidenceKindCatalog.Kind> list() {
    return kinds.all();
  }
}
