package org.exportcert.certification.casefile;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CaseStatusChangeRepository extends JpaRepository<CaseStatusChange, Long> {
  List<CaseStatusChange> findByCaseIdOrderByIdAsc(String caseId);
}
