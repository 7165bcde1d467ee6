package org.exportcert.certification.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.PartnerStub;
import org.exportcert.certification.StoredZips;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.TestReports;
import org.exportcert.certification.casefile.StaffAllocationService;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.evidence.Hashing;
import org.exportcert.certification.evidence.ManifestSigner;
import org.exportcert.certification.evidence.ObjectStorageProperties;
import org.exportcert.certification.outbox.OutboxDispatcher;
import org.exportcert.certification.registry.CertificateRepository;
import org.exportcert.certification.registry.CertificateService;
import org.exportcert.certification.report.AssessmentReportService;
import org.exportcert.certification.testing.TestingService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a partner body abroad unpacks: the dossier zip holds the bilingual assessment report as a
 * PDF beside the certificate and the lab's results, each listed with its SHA-256 in the manifest
 * that the dossier's Ed25519 signature covers.
 */
class PartnerDossierTest extends DomainTest {

  static final String RATIONALE = "技术文件符合要求。Documentation conforms; base suites passed.";

  @Autowired ApplicationService applications;
  @Autowired StaffAllocationService allocation;
  @Autowired EvidenceStore evidence;
  @Autowired TestingService testing;
  @Autowired DecisionService decisions;
  @Autowired CertificateService certificates;
  @Autowired CertificateRepository certificateRecords;
  @Autowired RecognitionService recognition;
  @Autowired RecognitionRepository recognitions;
  @Autowired AssessmentReportService assessmentReports;
  @Autowired ManifestSigner signer;
  @Autowired OutboxDispatcher dispatcher;
  @Autowired MinioClient s3;
  @Autowired ObjectStorageProperties storage;

  final ObjectMapper json = new ObjectMapper();

  /** A case with a passing lab report, a grant and its certificate; returns the case id. */
  String certifiedCase() {
    String caseId = TestCases.open(applications).getId();
    String results = evidence.store(new EvidenceStore.Upload(caseId, "TEST_REPORT", "results.json", "lab", null),
        new ByteArrayInputStream(TestReports.report(caseId, "ALPHA-7", "PASS", "").getBytes(StandardCharsets.UTF_8)))
        .getId();
    testing.importReport(caseId, null, results, "worker");
    allocation.allocate(caseId, "DECISION_COMMITTEE", "worker");
    String decision = decisions.record(
        new DecisionService.DecisionInput(caseId, caseId + "/Task_Decide/1", "CERTIFICATION", "GRANT", RATIONALE, null, null));
    certificates.issue(caseId, decision, "P3Y", "worker");
    return caseId;
  }

  Map<String, byte[]> unzip(String key) throws Exception {
    return StoredZips.entries(s3, storage.bucket(), key);
  }

  @Test
  void theDossierCarriesTheBilingualAssessmentReportListedAndSignedInTheManifest() throws Exception {
    String caseId = certifiedCase();
    String dossierId = recognition.sendDossier(caseId, "EU", "EU-PB", List.of(), "worker");
    Map<String, byte[]> zip = unzip(recognitions.findByCaseIdAndMarket(caseId, "EU").orElseThrow().getDossierKey());

    // the signature over the manifest verifies with the key shipped beside it, which is ours
    String publicKey = new String(zip.get("signing-key.pub"), StandardCharsets.US_ASCII);
    assertThat(publicKey).isEqualTo(signer.publicKeyBase64());
    byte[] signature = Base64.getDecoder().decode(zip.get("manifest.json.sig"));
    assertThat(ManifestSigner.verify(ManifestSigner.decodePublic(publicKey), zip.get("manifest.json"), signature)).isTrue();

    JsonNode manifest = json.readTree(zip.get("manifest.json"));
    assertThat(manifest.path("files").findValuesAsText("kind"))
        .containsExactly("CERTIFICATE", AssessmentReportService.KIND, "TEST_REPORT");
    JsonNode listed = manifest.path("files").get(1);
    assertThat(listed.path("mediaType").asText()).isEqualTo("application/pdf");
    byte[] pdf = zip.get(listed.path("name").asText());
    assertThat(pdf).isNotNull();
    assertThat(Hashing.sha256Hex(pdf)).isEqualTo(listed.path("sha256").asText());
    assertThat((long) pdf.length).isEqualTo(listed.path("size").asLong());

    String number = certificateRecords.findFirstByCaseIdOrderByRevisionDesc(caseId).orElseThrow().getDisplayNumber();
    try (var doc = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("认证评估报告", "Certification assessment report", "检测结果", "Laboratory test results",
          "认证决定", "Certification decision", "批准认证 / Granted", number, "ALPHA-7", "Alpha Test Lab",
          "SECURITY · S-2.1: 通过 / Pass");
      assertThat(text.replaceAll("\\s+", "")).contains(RATIONALE.replaceAll("\\s+", ""));
    }
    // the report is immutable evidence of the case like the other files
    String reportId = listed.path("evidenceId").asText();
    evidence.verify(reportId);
    assertThat(evidence.get(reportId).getKind()).isEqualTo(AssessmentReportService.KIND);

    // a retried step, and the dossier for a second market, send the same report: one evidence
    assertThat(recognition.sendDossier(caseId, "EU", "EU-PB", List.of(), "worker")).isEqualTo(dossierId);
    recognition.sendDossier(caseId, "SG", "EU-PB", List.of(), "another-worker");
    Map<String, byte[]> second = unzip(recognitions.findByCaseIdAndMarket(caseId, "SG").orElseThrow().getDossierKey());
    assertThat(second.get(listed.path("name").asText())).isEqualTo(pdf);
    var cert = certificateRecords.findFirstByCaseIdOrderByRevisionDesc(caseId).orElseThrow();
    assertThat(assessmentReports.reportFor(cert).getId()).isEqualTo(reportId);
    assertThat(evidence.forCase(caseId)).filteredOn(e -> e.getKind().equals(AssessmentReportService.KIND))
        .extracting(Evidence::getId).containsExactly(reportId);

    // delivered: the partner's request announces the report's hash in the signed manifest
    dispatcher.dispatchDue();
    assertThat(PartnerStub.RECEIVED).filteredOn(r -> r.body().contains("\"dossierId\":\"" + dossierId + "\""))
        .singleElement().satisfies(r -> assertThat(r.body()).contains(listed.path("sha256").asText()));
  }
}
