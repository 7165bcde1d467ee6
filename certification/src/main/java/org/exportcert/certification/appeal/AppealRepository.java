package org.exportcert.certification.appeal;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AppealRepository extends JpaRepository<Appeal, Long> {
  Optional<Appeal> findByDecisionId(Long decisionId);

  Optional<Appeal> findFirstByCaseIdOrderByIdDesc(String caseId);
}
