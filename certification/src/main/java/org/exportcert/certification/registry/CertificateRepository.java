package org.exportcert.certification.registry;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface CertificateRepository extends JpaRepository<Certificate, Long> {
  Optional<Certificate> findByDecisionId(Long decisionId);

  List<Certificate> findByCaseIdOrderByRevisionAsc(String caseId);

  Optional<Certificate> findFirstByCaseIdOrderByRevisionDesc(String caseId);

  @Query(value = "select nextval('certificate_number_seq')", nativeQuery = true)
  long nextCertificateNumber();
}
