package org.exportcert.certification.recognition;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RecognitionRepository extends JpaRepository<Recognition, Long> {
  Optional<Recognition> findByCaseIdAndMarket(String caseId, String market);

  List<Recognition> findByCaseIdOrderByMarketAsc(String caseId);
}
