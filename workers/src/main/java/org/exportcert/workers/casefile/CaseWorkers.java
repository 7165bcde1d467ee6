package org.exportcert.workers.casefile;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.StaffAllocationService;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.exportcert.workers.StampedCompletions;
import org.springframework.stereotype.Component;

@Component
public class CaseWorkers {

  public static final String NO_IMPARTIAL_STAFF = "NO_IMPARTIAL_STAFF";

  private final CaseService cases;
  private final StaffAllocationService allocation;
  private final StampedCompletions stamps;

  public CaseWorkers(CaseService cases, StaffAllocationService allocation, StampedCompletions stamps) {
    this.cases = cases;
    this.allocation = allocation;
    this.stamps = stamps;
  }

  @JobWorker(type = "exportcert.case.record-status")
  public void recordStatus(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "caseStatus") String caseStatus,
      @Variable(name = "statusReason") String statusReason) {
    try {
      cases.recordStatus(Jobs.caseId(caseId), caseStatus, statusReason, Jobs.actor(job));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  public record Allocation(String allocationId) {}

  @JobWorker(type = "exportcert.case.allocate-staff")
  @BpmnErrors(NO_IMPARTIAL_STAFF)
  public Allocation allocateStaff(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "allocationRole") String allocationRole) {
    try {
      return new Allocation(allocation.allocate(Jobs.caseId(caseId), allocationRole, Jobs.actor(job)));
    } catch (BusinessRuleException e) {
      if (NO_IMPARTIAL_STAFF.equals(e.code())) {
        throw Jobs.bpmnError(e);
      }
      throw Jobs.technical(job, e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  /** The stamp, once checked, is cleared: a later completion elsewhere cannot ride on it. */
  public record CompletionChecked(Object completionStamp) {}

  /**
   * The step after a user task whose outcome steers the case and which has no recording step of
   * its own (reviews, evaluations, approvals): its outcome counts only if ExportCert completed the
   * task named in the {@code stampedUserTask} header, where the claim and the completion passed
   * the impartiality checks and the audit named the person. Otherwise an incident at once.
   */
  @JobWorker(type = "exportcert.case.check-completion", fetchAllVariables = true)
  public CompletionChecked checkCompletion(ActivatedJob job, @Variable(name = "caseId") String caseId) {
    Jobs.caseId(caseId);
    stamps.require(job);
    return new CompletionChecked(null);
  }
}
