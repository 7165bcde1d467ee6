package org.exportcert.certification.registry;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RegistryEntryRepository extends JpaRepository<RegistryEntry, Long> {
  Optional<RegistryEntry> findByCaseId(String caseId);

  List<RegistryEntry> findByStatusOrderByProviderAscServiceNameAsc(RegistryEntry.Status status);
}
