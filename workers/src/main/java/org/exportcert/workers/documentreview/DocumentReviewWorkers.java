package org.exportcert.workers.documentreview;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import java.util.Map;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.documentreview.DocumentReviewService;
import org.exportcert.certification.evidence.EvidenceRejectedException;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.exportcert.workers.StampedCompletions;
import org.springframework.stereotype.Component;

@Component
public class DocumentReviewWorkers {

  public static final String DOCUMENTS_INCOMPLETE = "DOCUMENTS_INCOMPLETE";

  private final DocumentReviewService documents;
  private final StampedCompletions stamps;

  public DocumentReviewWorkers(DocumentReviewService documents, StampedCompletions stamps) {
    this.documents = documents;
    this.stamps = stamps;
  }

  public record RegisteredEvidence(List<String> evidenceIds) {}

  @JobWorker(type = "exportcert.documents.register-evidence")
  @BpmnErrors(EvidenceRejectedException.CODE)
  public RegisteredEvidence registerEvidence(ActivatedJob job, @Variable(name = "caseId") String caseId) {
    try {
      return new RegisteredEvidence(documents.registerEvidence(Jobs.caseId(caseId), Jobs.actor(job)));
    } catch (EvidenceRejectedException e) {
      throw Jobs.bpmnError(e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  public record Completeness(List<String> missingDocumentKinds) {}

  @JobWorker(type = "exportcert.documents.check-completeness")
  @BpmnErrors(value = DOCUMENTS_INCOMPLETE, variables = "missingDocumentKinds")
  public Completeness checkCompleteness(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "category") String category,
      @Variable(name = "schemeType") Integer schemeType) {
    List<String> missing;
    try {
      missing = documents.missingKinds(Jobs.caseId(caseId), category, schemeType);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
    if (!missing.isEmpty()) {
      throw Jobs.bpmnError(
          new BusinessRuleException(DOCUMENTS_INCOMPLETE, "Missing document kinds: " + String.join(", ", missing)),
          Map.of("missingDocumentKinds", missing));
    }
    return new Completeness(missing);
  }

  /** The free-text findings go to the case file; the returned null clears them from the process. */
  public record Findings(String findingsId, String documentReviewFindings) {}

  /** Only findings ExportCert took from the evaluator (stamped), recorded under their name. */
  @JobWorker(type = "exportcert.documents.record-findings", fetchAllVariables = true)
  public Findings recordFindings(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "documentReviewOutcome") String documentReviewOutcome,
      @Variable(name = "documentReviewFindings") String documentReviewFindings) {
    try {
      String id = Jobs.caseId(caseId);
      String evaluator = stamps.require(job).person();
      return new Findings(
          documents.recordFindings(id, Jobs.step(job, id), documentReviewOutcome, documentReviewFindings, evaluator),
          null);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
