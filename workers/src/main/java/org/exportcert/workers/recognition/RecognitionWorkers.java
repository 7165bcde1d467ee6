package org.exportcert.workers.recognition;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import org.exportcert.certification.recognition.NoRecognitionArrangementException;
import org.exportcert.certification.recognition.RecognitionService;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class RecognitionWorkers {

  private final RecognitionService recognition;

  public RecognitionWorkers(RecognitionService recognition) {
    this.recognition = recognition;
  }

  public record DossierRef(String dossierId) {}

  /** Builds and signs the dossier, queues the POST; the outbox delivers it exactly once per key. */
  @JobWorker(type = "exportcert.recognition.send-dossier")
  @BpmnErrors(NoRecognitionArrangementException.CODE)
  public DossierRef sendDossier(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "marketCode") String marketCode,
      @Variable(name = "partnerBodyId") String partnerBodyId,
      @Variable(name = "extraDocuments") List<String> extraDocuments) {
    try {
      return new DossierRef(
          recognition.sendDossier(Jobs.caseId(caseId), marketCode, partnerBodyId, extraDocuments, Jobs.actor(job)));
    } catch (NoRecognitionArrangementException e) {
      throw Jobs.bpmnError(e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  @JobWorker(type = "exportcert.recognition.send-reminder")
  public void sendReminder(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "marketCode") String marketCode,
      @Variable(name = "dossierId") String dossierId) {
    try {
      String id = Jobs.caseId(caseId);
      recognition.sendReminder(id, marketCode, dossierId, Jobs.step(job, id), Jobs.actor(job));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  public record RecognitionRef(String recognitionId) {}

  @JobWorker(type = "exportcert.recognition.record-outcome")
  public RecognitionRef recordOutcome(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "marketCode") String marketCode,
      @Variable(name = "recognitionOutcome") String recognitionOutcome,
      @Variable(name = "partnerReference") String partnerReference) {
    try {
      return new RecognitionRef(
          recognition.recordOutcome(Jobs.caseId(caseId), marketCode, recognitionOutcome, partnerReference, Jobs.actor(job)));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
