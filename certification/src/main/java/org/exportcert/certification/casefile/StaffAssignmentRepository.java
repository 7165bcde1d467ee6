package org.exportcert.certification.casefile;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface StaffAssignmentRepository extends JpaRepository<StaffAssignment, Long> {
  List<StaffAssignment> findByCaseIdOrderByIdAsc(String caseId);

  List<StaffAssignment> findByCaseIdAndRole(String caseId, StaffRole role);

  Optional<StaffAssignment> findByCaseIdAndPersonAndRole(String caseId, String person, StaffRole role);

  boolean existsByCaseIdAndPersonAndRoleIn(String caseId, String person, Collection<StaffRole> roles);
}
