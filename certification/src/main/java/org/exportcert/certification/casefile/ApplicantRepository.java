package org.exportcert.certification.casefile;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ApplicantRepository extends JpaRepository<Applicant, Long> {
  Optional<Applicant> findByRegistrationNumber(String registrationNumber);
}
