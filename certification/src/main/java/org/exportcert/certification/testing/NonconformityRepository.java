package org.exportcert.certification.testing;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface NonconformityRepository extends JpaRepository<Nonconformity, Long> {
  List<Nonconformity> findByCaseIdOrderByIdAsc(String caseId);

  Optional<Nonconformity> findByCaseIdAndReference(String caseId, String reference);

  List<Nonconformity> findByCaseIdAndStatusIn(String caseId, Collection<Nonconformity.Status> statuses);
}
