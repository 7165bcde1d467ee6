package org.exportcert.certification.surveillance;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SurveillanceScheduleRepository extends JpaRepository<SurveillanceSchedule, Long> {
  Optional<SurveillanceSchedule> findByStepKey(String stepKey);

  Optional<SurveillanceSchedule> findFirstByCaseIdOrderByIdDesc(String caseId);
}
