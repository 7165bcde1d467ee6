package org.exportcert.certification.casefile;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ApplicantRepository extends JpaRepository<Applicant, Long> {
  Optional<Applicant> findByRegistrationNumber(String registrationNumber);

  /**
   * Registers the applicant unless its registration number is known. Never fails on a concurrent
   * first application of the same organisation: PostgreSQL waits for the other transaction and
   * then does nothing, so both applications go on with the one row.
   */
  @Modifying
  @Query(
      value =
          "INSERT INTO applicant (legal_name, registration_number, address, contact_name,"
              + " contact_email, created_at) VALUES (:legalName, :registrationNumber, :address,"
              + " :contactName, :contactEmail, :at) ON CONFLICT (registration_number) DO NOTHING",
      nativeQuery = true)
  int insertIfAbsent(
      @Param("legalName") String legalName,
      @Param("registrationNumber") String registrationNumber,
      @Param("address") String address,
      @Param("contactName") String contactName,
      @Param("contactEmail") String contactEmail,
      @Param("at") Instant at);
}
