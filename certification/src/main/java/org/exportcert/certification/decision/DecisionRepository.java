package org.exportcert.certification.decision;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DecisionRepository extends JpaRepository<Decision, Long> {
  Optional<Decision> findByStepKey(String stepKey);

  List<Decision> findByCaseIdOrderByIdAsc(String caseId);

  Optional<Decision> findFirstByCaseIdOrderByIdDesc(String caseId);
}
