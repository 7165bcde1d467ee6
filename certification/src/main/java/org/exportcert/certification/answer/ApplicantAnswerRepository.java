package org.exportcert.certification.answer;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ApplicantAnswerRepository extends JpaRepository<ApplicantAnswer, Long> {

  List<ApplicantAnswer> findByCaseIdOrderByIdAsc(String caseId);

  Optional<ApplicantAnswer> findByMessageId(String messageId);
}
