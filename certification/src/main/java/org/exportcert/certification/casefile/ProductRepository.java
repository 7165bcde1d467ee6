package org.exportcert.certification.casefile;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ProductRepository extends JpaRepository<Product, Long> {
  Optional<Product> findByApplicantAndName(Applicant applicant, String name);
}
