package org.exportcert.certification.audit;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AuditHeadRepository extends JpaRepository<AuditHead, Short> {

  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select h from AuditHead h where h.id = 1")
  Optional<AuditHead> lockHead();

  @Query("select h from AuditHead h where h.id = 1")
  Optional<AuditHead> head();
}
