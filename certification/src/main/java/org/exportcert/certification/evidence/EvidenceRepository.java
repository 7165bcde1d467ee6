package org.exportcert.certification.evidence;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface EvidenceRepository extends JpaRepository<Evidence, String> {
  List<Evidence> findByCaseIdOrderBySubmittedAtAscIdAsc(String caseId);

  Optional<Evidence> findByCaseIdAndSha256(String caseId, String sha256);

  boolean existsByObjectKey(String objectKey);
}
