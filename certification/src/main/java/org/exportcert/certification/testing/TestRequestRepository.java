package org.exportcert.certification.testing;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TestRequestRepository extends JpaRepository<TestRequest, Long> {
  Optional<TestRequest> findByStepKey(String stepKey);
}
