package org.exportcert.workers.registry;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import org.exportcert.certification.registry.CertificateService;
import org.exportcert.certification.registry.RegistryCheckFailedException;
import org.exportcert.certification.registry.RegistryService;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class RegistryWorkers {

  private final CertificateService certificates;
  private final RegistryService registry;

  public RegistryWorkers(CertificateService certificates, RegistryService registry) {
    this.certificates = certificates;
    this.registry = registry;
  }

  public record IssuedCertificate(String certificateNumber, String certificateExpiry) {}

  @JobWorker(type = "exportcert.registry.issue-certificate")
  public IssuedCertificate issueCertificate(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "decisionRecordId") String decisionRecordId,
      @Variable(name = "certificateValidity") String certificateValidity) {
    try {
      var issued = certificates.issue(Jobs.caseId(caseId), decisionRecordId, certificateValidity, Jobs.actor(job));
      return new IssuedCertificate(issued.certificateNumber(), issued.expiry().toString());
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  public record RegistryEntryRef(String registryEntryId) {}

  @JobWorker(type = "exportcert.registry.publish-entry")
  @BpmnErrors(RegistryCheckFailedException.CODE)
  public RegistryEntryRef publishEntry(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "certificateNumber") String certificateNumber) {
    try {
      return new RegistryEntryRef(registry.publish(Jobs.caseId(caseId), certificateNumber, Jobs.actor(job)));
    } catch (RegistryCheckFailedException e) {
      throw Jobs.bpmnError(e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  @JobWorker(type = "exportcert.registry.suspend-entry")
  public void suspendEntry(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "suspensionReason") String suspensionReason) {
    try {
      registry.suspend(Jobs.caseId(caseId), suspensionReason, Jobs.actor(job));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  @JobWorker(type = "exportcert.registry.restore-entry")
  public void restoreEntry(ActivatedJob job, @Variable(name = "caseId") String caseId) {
    try {
      registry.restore(Jobs.caseId(caseId), Jobs.actor(job));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  @JobWorker(type = "exportcert.registry.withdraw-entry")
  public void withdrawEntry(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "withdrawalReason") String withdrawalReason) {
    try {
      registry.withdraw(Jobs.caseId(caseId), withdrawalReason, Jobs.actor(job));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  /** The recorded outcomes (case file) are the source; the process variable only triggers it. */
  @JobWorker(type = "exportcert.registry.update-markets")
  public void updateMarkets(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "recognitionOutcomes") List<Object> recognitionOutcomes) {
    try {
      registry.updateMarkets(Jobs.caseId(caseId), Jobs.actor(job));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
