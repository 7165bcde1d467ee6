package org.exportcert.certification.testing;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TestReportRepository extends JpaRepository<TestReport, Long> {
  Optional<TestReport> findByCaseIdAndReportId(String caseId, String reportId);

  List<TestReport> findByCaseIdOrderByIdAsc(String caseId);
}
