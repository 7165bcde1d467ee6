package org.exportcert.workers;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.exportcert.certification.casefile.SchemeType;
import org.exportcert.certification.completion.CompletionStamps;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.localstack.LocalObjectStore;
import org.exportcert.localstack.LocalPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of worker tests: the real domain on embedded PostgreSQL and s3proxy, jobs made by hand. */
@SpringBootTest(classes = WorkersTestApplication.class)
public abstract class WorkerTest {

  private static final AtomicLong ELEMENT_INSTANCE = new AtomicLong(1_000);
  private static final AtomicInteger N = new AtomicInteger();
  private static LocalPostgres postgres;
  private static LocalObjectStore s3;
  private static Path dataDir;

  @Autowired protected ApplicationService applications;
  @Autowired protected EvidenceStore evidence;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected CompletionStamps stamps;

  @DynamicPropertySource
  static synchronized void stack(DynamicPropertyRegistry r) {
    if (postgres == null) {
      try {
        dataDir = Files.createTempDirectory("exportcert-workers-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      postgres = LocalPostgres.start(dataDir.resolve("postgres"), 0);
      s3 = LocalObjectStore.start(dataDir.resolve("s3"), 0, "test-access", "test-secret-key");
      Path stackDir = dataDir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        s3.close();
        postgres.close();
        try {
          org.springframework.util.FileSystemUtils.deleteRecursively(stackDir); // no /tmp litter per run
        } catch (IOException e) {
          // the JVM is exiting; a directory left behind is only litter
        }
      }));
    }
    r.add("spring.datasource.url", postgres::jdbcUrl);
    r.add("exportcert.s3.endpoint", s3::endpoint);
    r.add("exportcert.s3.bucket", () -> "evidence");
    r.add("exportcert.s3.access-key", () -> "test-access");
    r.add("exportcert.s3.secret-key", () -> "test-secret-key");
    r.add("exportcert.data-dir", () -> dataDir.toString());
    r.add("exportcert.partners.EU-PB.name", () -> "EU partner body");
    r.add("exportcert.partners.EU-PB.arrangement", () -> "Bilateral MRA EU-2026");
    r.add("exportcert.partners.EU-PB.endpoint", () -> "http://127.0.0.1:9/unused");
    r.add("exportcert.partners.EU-PB.secret", () -> "secret");
  }

  /** A job as the engine would hand it out: a new step each call, retries left as given. */
  protected static ActivatedJob job(String type) {
    return job(type, 3);
  }

  protected static ActivatedJob job(String type, int retries) {
    ActivatedJob job = mock(ActivatedJob.class);
    long key = ELEMENT_INSTANCE.incrementAndGet();
    when(job.getType()).thenReturn(type);
    when(job.getKey()).thenReturn(key * 10);
    when(job.getElementId()).thenReturn("Task_" + type.substring(type.lastIndexOf('.') + 1));
    when(job.getElementInstanceKey()).thenReturn(key);
    when(job.getRetries()).thenReturn(retries);
    return job;
  }

  /**
   * A job of a step that records a user task's outcome, after the API completed that task as
   * {@code person}: its variables carry the completion and its stamp, as the engine hands them out.
   */
  protected ActivatedJob stampedJob(String type, String userTask, String person, Map<String, Object> completion) {
    ActivatedJob job = job(type);
    long processInstance = job.getElementInstanceKey() + 500_000;
    Map<String, Object> variables = new HashMap<>(completion);
    variables.put(CompletionStamps.VARIABLE,
        stamps.stamp(job.getKey() + 1, processInstance, userTask, person, completion));
    when(job.getProcessInstanceKey()).thenReturn(processInstance);
    when(job.getCustomHeaders()).thenReturn(Map.of(CompletionStamps.HEADER, userTask));
    when(job.getVariablesAsMap()).thenReturn(variables);
    return job;
  }

  /** A record-decision job after {@code person} took the certification decision in ExportCert. */
  protected ActivatedJob decisionJob(String person, String outcome, String rationale, String conditions) {
    Map<String, Object> completion = new HashMap<>();
    completion.put("decisionOutcome", outcome);
    completion.put("decisionRationale", rationale);
    completion.put("decisionConditions", conditions);
    return stampedJob("exportcert.decision.record-decision", "Task_DecideCertification", person, completion);
  }

  /** An import-test-report job after the lab handed in {@code reportEvidenceId} in ExportCert. */
  protected ActivatedJob reportJob(String reportEvidenceId) {
    return stampedJob("exportcert.testing.import-test-report", "Task_RunTests", "lab",
        Map.of("testReportEvidenceId", reportEvidenceId));
  }

  protected String newCase() {
    int n = N.incrementAndGet();
    var form =
        new ApplicationForm(
            "Worker Vendor " + n, "WREG-" + System.nanoTime(), "2 Test Road", "Wes", "wes" + n + "@vendor.example",
            "Ops Platform " + n, "on-premises", List.of(new ApplicationForm.VersionForm("2.1", "m-1")),
            "AI_SAAS", SchemeType.TYPE_6, "2026.1", "network operations", List.of("EU", "SG"),
            List.of("ISO_IEC_27001"), true);
    return applications.submit(form, "applicant").getId();
  }

  protected String upload(String caseId, String kind, String name, String content) {
    return evidence
        .store(new EvidenceStore.Upload(caseId, kind, name, "applicant", null),
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
        .getId();
  }

  protected int count(String table, String caseId) {
    return jdbc.queryForObject("select count(*) from " + table + " where case_id = ?", Integer.class, caseId);
  }

  protected static String report(String caseId, String reportId, boolean pass) {
    String nc = pass ? "" : """
        {"reference": "NC-1", "requirement": "S-2.1", "severity": "MAJOR", "foundOn": "2026-05-09"}""";
    return """
        {"format": "exportcert.test-report/1", "reportId": "%s", "caseId": "%s",
         "lab": {"name": "Alpha Test Lab", "accreditation": "ISO/IEC 17025 L-0001"},
         "method": "plan 2026.1", "item": {"productVersion": "2.1"},
         "testedFrom": "2026-05-01", "testedTo": "2026-05-10", "testedBy": ["tina.tester"],
         "results": [{"suite": "SECURITY", "verdict": "%s"}], "decisionRule": "simple acceptance",
         "conformity": "%s", "nonconformities": [%s], "authorizedBy": "lars.labhead"}
        """.formatted(reportId, caseId, pass ? "PASS" : "FAIL", pass ? "PASS" : "FAIL", nc);
  }
}
