package org.exportcert.workers.testing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import java.util.Map;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.testing.TestReportInvalidException;
import org.exportcert.certification.testing.TestingService;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.exportcert.workers.StampedCompletions;
import org.springframework.stereotype.Component;

@Component
public class TestingWorkers {

  public static final String TEST_FAILED = "TEST_FAILED";

  private final TestingService testing;
  private final StampedCompletions stamps;

  public TestingWorkers(TestingService testing, StampedCompletions stamps) {
    this.testing = testing;
    this.stamps = stamps;
  }

  public record TestRequestRef(String testRequestId) {}

  @JobWorker(type = "exportcert.testing.request-lab-test")
  public TestRequestRef requestLabTest(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "testingScope") String testingScope,
      @Variable(name = "marketCode") String marketCode,
      @Variable(name = "testSuites") List<String> testSuites,
      @Variable(name = "requestedTestSuites") List<String> requestedTestSuites,
      @Variable(name = "retestKind") String retestKind) {
    try {
      String id = Jobs.caseId(caseId);
      return new TestRequestRef(
          testing.requestLabTest(
              id, Jobs.step(job, id), testingScope, marketCode, testSuites, requestedTestSuites, retestKind, Jobs.actor(job)));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  public record ImportedReport(String testReportId, List<String> nonconformityIds, int majorNonconformityCount) {}

  /** A report with nonconformities or a non-PASS statement ends as TEST_FAILED, carrying the references. */
  @JobWorker(type = "exportcert.testing.import-test-report", fetchAllVariables = true)
  @BpmnErrors(
      value = {TEST_FAILED, TestReportInvalidException.CODE},
      variables = {"testReportId", "nonconformityIds", "majorNonconformityCount"})
  public ImportedReport importTestReport(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "testRequestId") String testRequestId,
      @Variable(name = "testReportEvidenceId") String testReportEvidenceId) {
    TestingService.ImportResult r;
    try {
      String id = Jobs.caseId(caseId);
      // only a report the lab handed in through ExportCert, recorded under the lab person's name
      r = testing.importReport(id, testRequestId, testReportEvidenceId, stamps.require(job).person());
    } catch (TestReportInvalidException e) {
      throw Jobs.bpmnError(e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
    if (r.failed()) {
      throw Jobs.bpmnError(
          new BusinessRuleException(TEST_FAILED, r.nonconformityIds().size() + " nonconformities, " + r.majorNonconformityCount() + " major"),
          Map.of(
              "testReportId", r.testReportId(),
              "nonconformityIds", r.nonconformityIds(),
              "majorNonconformityCount", r.majorNonconformityCount()));
    }
    return new ImportedReport(r.testReportId(), r.nonconformityIds(), r.majorNonconformityCount());
  }
}
