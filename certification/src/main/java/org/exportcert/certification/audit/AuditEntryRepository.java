package org.exportcert.certification.audit;

import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {

  List<AuditEntry> findBySubjectTypeAndSubjectIdOrderBySeqAsc(String subjectType, String subjectId);

  List<AuditEntry> findBySeqGreaterThanOrderBySeqAsc(long seq, Pageable page);
}
