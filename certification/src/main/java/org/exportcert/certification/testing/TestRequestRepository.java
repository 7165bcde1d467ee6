package org.exportcert.certification.testing;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TestRequestRepository extends JpaRepository<TestRequest, Long> {
  Optional<TestRequest> findByStepKey(String stepKey);

  List<TestRequest> findByCaseIdOrderByIdAsc(String caseId);
}
