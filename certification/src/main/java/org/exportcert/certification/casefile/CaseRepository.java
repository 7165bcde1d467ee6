package org.exportcert.certification.casefile;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface CaseRepository extends JpaRepository<CertificationCase, String> {

  @Query(value = "select nextval('case_number_seq')", nativeQuery = true)
  long nextCaseNumber();

  /** Serialises state changes on one case (two workers, or a worker and a person). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select c from CertificationCase c where c.id = :id")
  Optional<CertificationCase> lockById(@Param("id") String id);
}
