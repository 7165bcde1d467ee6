package org.exportcert.certification.casefile;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ProductRepository extends JpaRepository<Product, Long> {
  Optional<Product> findByApplicantAndName(Applicant applicant, String name);

  /** Registers the product unless the applicant has one of that name (race-free, as applicants). */
  @Modifying
  @Query(
      value =
          "INSERT INTO product (applicant_id, name, deployment_boundary, created_at)"
              + " VALUES (:applicantId, :name, :deploymentBoundary, :at)"
              + " ON CONFLICT (applicant_id, name) DO NOTHING",
      nativeQuery = true)
  int insertIfAbsent(
      @Param("applicantId") long applicantId,
      @Param("name") String name,
      @Param("deploymentBoundary") String deploymentBoundary,
      @Param("at") Instant at);

  /** Registers a version unless the product has one of that label (race-free, as applicants). */
  @Modifying
  @Query(
      value =
          "INSERT INTO product_version (product_id, version_label, model_identifiers, created_at)"
              + " VALUES (:productId, :label, :modelIdentifiers, :at)"
              + " ON CONFLICT (product_id, version_label) DO NOTHING",
      nativeQuery = true)
  int insertVersionIfAbsent(
      @Param("productId") long productId,
      @Param("label") String label,
      @Param("modelIdentifiers") String modelIdentifiers,
      @Param("at") Instant at);
}
