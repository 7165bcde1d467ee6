package org.exportcert.certification.documentreview;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DocumentFindingsRepository extends JpaRepository<DocumentFindings, Long> {
  Optional<DocumentFindings> findByStepKey(String stepKey);

  List<DocumentFindings> findByCaseIdOrderByIdAsc(String caseId);
}
