package org.exportcert.certification.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OutboxMessageRepository extends JpaRepository<OutboxMessage, Long> {
  Optional<OutboxMessage> findByIdempotencyKey(String idempotencyKey);

  List<OutboxMessage> findByCaseIdOrderByIdAsc(String caseId);

  /** Due messages; SKIP LOCKED lets several app instances dispatch without sending twice. */
  @Query(
      value =
          "select * from outbox_message where status = 'PENDING' and next_attempt_at <= :now"
              + " order by id limit :limit for update skip locked",
      nativeQuery = true)
  List<OutboxMessage> lockDue(@Param("now") Instant now, @Param("limit") int limit);

  /** One message, locked, if it is still to be sent. */
  @Query(
      value = "select * from outbox_message where id = :id and status = 'PENDING' for update skip locked",
      nativeQuery = true)
  Optional<OutboxMessage> lockPending(@Param("id") long id);
}
