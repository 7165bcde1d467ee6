package org.exportcert.certification.evidence;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface EvidenceRepository extends JpaRepository<Evidence, String> {
  List<Evidence> findByCaseIdOrderBySubmittedAtAscIdAsc(String caseId);

  /** One evidence: the same bytes, of one kind, from one party, on one case. */
  Optional<Evidence> findByCaseIdAndSha256AndKindAndSubmittedBy(
      String caseId, String sha256, String kind, String submittedBy);

  boolean existsByObjectKey(String objectKey);
}
