package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.StoredZips;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DossierExporterTest extends DomainTest {

  @Autowired DossierExporter exporter;
  @Autowired EvidenceStore store;
  @Autowired ApplicationService applications;
  @Autowired ManifestSigner signer;
  @Autowired MinioClient s3;
  @Autowired ObjectStorageProperties storage;

  Map<String, byte[]> unzip(String key) throws Exception {
    return StoredZips.entries(s3, storage.bucket(), key);
  }

  @Test
  void theDossierHoldsTheFilesAndASignedManifestOfTheirHashes() throws Exception {
    String caseId = TestCases.open(applications).getId();
    byte[] a = "%PDF-1.4 certificate\n".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "{\"reportId\":\"R-1\"}".getBytes(StandardCharsets.UTF_8);
    Evidence ea = store.store(new EvidenceStore.Upload(caseId, "CERTIFICATE", "certificate.pdf", "system", null), new ByteArrayInputStream(a));
    Evidence eb = store.store(new EvidenceStore.Upload(caseId, "TEST_REPORT", "report.json", "lab", null), new ByteArrayInputStream(b));

    String key = "cases/" + caseId + "/dossiers/EU.zip";
    var dossier = exporter.export(caseId, key, "Recognition EU", List.of(ea.getId(), eb.getId()));
    Map<String, byte[]> zip = unzip(key);

    assertThat(zip.get("files/certificate.pdf")).isEqualTo(a);
    assertThat(zip.get("files/report.json")).isEqualTo(b);
    assertThat(zip.get("manifest.json")).isEqualTo(dossier.manifest());
    JsonNode manifest = new ObjectMapper().readTree(zip.get("manifest.json"));
    assertThat(manifest.get("files")).hasSize(2);
    assertThat(manifest.get("files").get(0).get("sha256").asText()).isEqualTo(Hashing.sha256Hex(a));
    assertThat(manifest.get("files").get(1).get("size").asLong()).isEqualTo(b.length);

    var publicKey = ManifestSigner.decodePublic(new String(zip.get("signing-key.pub"), StandardCharsets.US_ASCII));
    byte[] sig = Base64.getDecoder().decode(zip.get("manifest.json.sig"));
    assertThat(ManifestSigner.verify(publicKey, zip.get("manifest.json"), sig)).isTrue();
    assertThat(ManifestSigner.verify(signer.publicKey(), "forged".getBytes(StandardCharsets.UTF_8), sig)).isFalse();

    // exporting again (a retried step) leaves the stored dossier as it is
    var again = exporter.export(caseId, key, "Recognition EU", List.of(ea.getId(), eb.getId()));
    assertThat(again.manifestSha256()).isEqualTo(dossier.manifestSha256());
  }

  @Test
  void anAlteredFileAbortsTheDossierAndNothingIsStored() throws Exception {
    String caseId = TestCases.open(applications).getId();
    byte[] a = "%PDF-1.4 genuine\n".getBytes(StandardCharsets.US_ASCII);
    Evidence ea = store.store(new EvidenceStore.Upload(caseId, "CERTIFICATE", "c.pdf", "system", null), new ByteArrayInputStream(a));
    byte[] forged = "%PDF-1.4 forged!\n".getBytes(StandardCharsets.US_ASCII);
    s3.putObject(PutObjectArgs.builder().bucket(storage.bucket()).object(ea.getObjectKey())
        .stream(new ByteArrayInputStream(forged), (long) forged.length, -1L).build());

    String key = "cases/" + caseId + "/dossiers/SG.zip";
    assertThatThrownBy(() -> exporter.export(caseId, key, "Recognition SG", List.of(ea.getId())))
        .hasRootCauseInstanceOf(EvidenceIntegrityException.class);
    assertThat(store.exists(key)).isFalse();
  }
}
