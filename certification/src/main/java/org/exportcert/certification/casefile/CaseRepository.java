package org.exportcert.certification.casefile;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
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

  /** Submitted cases whose process was never recorded as started, oldest first. */
  @Query(
      "select c.id from CertificationCase c where c.processInstanceKey is null"
          + " and c.status = org.exportcert.certification.casefile.CaseStatus.SUBMITTED and c.createdAt < :before"
          + " order by c.createdAt")
  List<String> unstartedBefore(@Param("before") Instant before, Pageable page);

  /**
   * Cases past SUBMITTED without a recorded key, created between since and before: their start
   * answered too late (the engine created the instance, the workers moved the case on) and only the
   * key is missing. Bounded in time so that a key that cannot be found is not looked for forever.
   */
  @Query(
      "select c.id from CertificationCase c where c.processInstanceKey is null"
          + " and c.status <> org.exportcert.certification.casefile.CaseStatus.SUBMITTED"
          + " and c.createdAt >= :since and c.createdAt < :before order by c.createdAt")
  List<String> unrecordedBetween(@Param("since") Instant since, @Param("before") Instant before, Pageable page);

  /**
   * Claims an unstarted case for one start attempt: bumps its version at commit, so of two
   * instances that claim it at once only one commits (the other gets an optimistic-lock failure).
   */
  @Lock(LockModeType.OPTIMISTIC_FORCE_INCREMENT)
  @Query("select c from CertificationCase c where c.id = :id and c.processInstanceKey is null")
  Optional<CertificationCase> claimUnstarted(@Param("id") String id);
}
