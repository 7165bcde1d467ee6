package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.DocumentLinkResponse;
import io.camunda.client.api.response.DocumentReferenceBatchResponse;
import io.camunda.client.api.response.DocumentReferenceResponse;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documents API ({@code /v2/documents}) with the unchanged client's document commands: upload
 * with metadata, batch upload, download, delete and links, kept in the engine's data directory.
 */
class DocumentsTest extends EngineTestBase {

  private static final byte[] STATEMENT = "Export statement for case C-7\n".getBytes(StandardCharsets.UTF_8);
  private final HttpClient http = HttpClient.newHttpClient();

  private static byte[] download(CamundaClient client, String documentId) throws Exception {
    try (InputStream in = client.newDocumentContentGetRequest(documentId).send().join()) {
      return in.readAllBytes();
    }
  }

  @Test
  void uploadWithMetadataDownloadAndDelete() throws Exception {
    DocumentReferenceResponse reference = client().newCreateDocumentCommand().content(STATEMENT)
        .fileName("statement.txt").contentType("text/plain").processDefinitionId("certification")
        .processInstanceKey(2251799813685300L).send().join();

    assertThat(reference.getDocumentId()).isNotBlank();
    assertThat(reference.getStoreId()).isEqualTo("local");
    assertThat(reference.getContentHash()).hasSize(64);
    assertThat(reference.getMetadata().getFileName()).isEqualTo("statement.txt");
    assertThat(reference.getMetadata().getContentType()).isEqualTo("text/plain");
    assertThat(reference.getMetadata().getSize()).isEqualTo(STATEMENT.length);
    assertThat(reference.getMetadata().getProcessDefinitionId()).isEqualTo("certification");
    assertThat(reference.getMetadata().getProcessInstanceKey()).isEqualTo(2251799813685300L);
    assertThat(download(client(), reference.getDocumentId())).isEqualTo(STATEMENT);
    try (InputStream in = client().newDocumentContentGetRequest(reference).send().join()) {
      assertThat(in.readAllBytes()).isEqualTo(STATEMENT); // with the content hash
    }

    client().newDeleteDocumentCommand(reference).send().join();

    assertThatThrownBy(() -> download(client(), reference.getDocumentId()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> client().newDeleteDocumentCommand(reference.getDocumentId()).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void givenDocumentIdIsKeptAndCannotBeTakenTwice() {
    DocumentReferenceResponse reference = client().newCreateDocumentCommand().content("v1").documentId("case-7-report")
        .fileName("report.md").send().join();
    assertThat(reference.getDocumentId()).isEqualTo("case-7-report");
    assertThat(reference.getMetadata().getContentType()).isEqualTo("text/markdown"); // guessed from the file name

    assertThatThrownBy(() -> client().newCreateDocumentCommand().content("v2").documentId("case-7-report").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(409));
    assertThatThrownBy(() -> client().newCreateDocumentCommand().content("x").documentId("../escape").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> client().newCreateDocumentCommand().content("x").storeId("aws").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void batchUploadCreatesEachDocumentAndReportsFailuresPerFile() throws Exception {
    DocumentReferenceBatchResponse batch = client().newCreateDocumentBatchCommand().processDefinitionId("certification")
        .addDocument().content("first").fileName("a.txt").done()
        .addDocument().content("second").fileName("b.txt").done()
        .send().join();

    assertThat(batch.isSuccessful()).isTrue();
    assertThat(batch.getCreatedDocuments()).extracting(d -> d.getMetadata().getFileName()).containsExactly("a.txt", "b.txt");
    assertThat(batch.getCreatedDocuments()).allSatisfy(d -> assertThat(d.getMetadata().getProcessDefinitionId()).isEqualTo("certification"));
    assertThat(download(client(), batch.getCreatedDocuments().get(1).getDocumentId())).isEqualTo("second".getBytes(StandardCharsets.UTF_8));

    // one part with unreadable metadata: the other is created, the answer is 207 naming the failed file
    String boundary = "b0undary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"ok.txt\"\r\n\r\nfine\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"bad.txt\"\r\nX-Document-Metadata: {not json\r\n\r\nbad\r\n"
        + "--" + boundary + "--\r\n";
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/documents/batch"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(207);
    assertThat(response.body()).contains("\"fileName\":\"bad.txt\"").contains("\"createdDocuments\":[{");
  }

  @Test
  void linkDownloadsWithoutCredentialsUntilItExpires() throws Exception {
    DocumentReferenceResponse reference = client().newCreateDocumentCommand().content(STATEMENT).fileName("s.txt").send().join();
    DocumentLinkResponse link = client().newCreateDocumentLinkCommand(reference).timeToLive(Duration.ofMinutes(5)).send().join();
    assertThat(link.getExpiresAt()).isNotNull();

    HttpResponse<byte[]> followed = http.send(HttpRequest.newBuilder(URI.create(link.getUrl())).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(followed.statusCode()).isEqualTo(200);
    assertThat(followed.body()).isEqualTo(STATEMENT);
    assertThat(followed.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));

    advanceClock(Duration.ofMinutes(6));
    assertThat(http.send(HttpRequest.newBuilder(URI.create(link.getUrl())).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(404);
    assertThatThrownBy(() -> client().newCreateDocumentLinkCommand("missing").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> client().newCreateDocumentLinkCommand(reference).timeToLive(Duration.ofDays(30)).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void documentWithTimeToLiveExpires() throws Exception {
    DocumentReferenceResponse reference = client().newCreateDocumentCommand().content("short-lived").timeToLive(Duration.ofHours(1)).send().join();
    assertThat(reference.getMetadata().getExpiresAt()).isNotNull();
    assertThat(download(client(), reference.getDocumentId())).isEqualTo("short-lived".getBytes(StandardCharsets.UTF_8));

    advanceClock(Duration.ofHours(2));

    assertThatThrownBy(() -> download(client(), reference.getDocumentId()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void uploadThatIsNotMultipartIs415() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/documents"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"file\":\"x\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void tooLargeDocumentIsRefused() {
    byte[] huge = new byte[(int) EngineConfig.DEFAULT_MAX_DOCUMENT_BYTES + 1];
    assertThatThrownBy(() -> client().newCreateDocumentCommand().content(huge).fileName("huge.bin").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(413));
  }

  @Test
  void documentsAndLinksWorkForAGrpcClientAndSurviveACrash() throws Exception {
    DocumentReferenceResponse reference = client().newCreateDocumentCommand().content(STATEMENT).fileName("s.txt")
        .customMetadata(Map.of("caseId", "C-7")).send().join();
    DocumentLinkResponse link = client().newCreateDocumentLinkCommand(reference).send().join();
    DocumentReferenceResponse second;
    try (CamundaClient grpc = GrpcGatewayTest.grpcClient(env.engine())) {
      // documents have no gRPC call: a gRPC-mode client sends them over REST
      assertThat(download(grpc, reference.getDocumentId())).isEqualTo(STATEMENT);
      second = grpc.newCreateDocumentCommand().content("over a gRPC-mode client").send().join();
    }

    // abandon the engine as kill -9 would, then open the same data directory
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));

    assertThat(download(client(), reference.getDocumentId())).isEqualTo(STATEMENT);
    assertThat(download(client(), second.getDocumentId())).isEqualTo("over a gRPC-mode client".getBytes(StandardCharsets.UTF_8));
    String url = link.getUrl().replaceFirst(":\\d+/", ":" + env.engine().port() + "/"); // the new engine's port
    assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(STATEMENT);
  }

  private void advanceClock(Duration duration) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/actuator/clock/add"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + duration.toMillis() + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }
}
