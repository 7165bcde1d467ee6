package org.exportcert.certification.recognition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.exportcert.certification.evidence.ObjectStorageProperties;
import org.exportcert.certification.outbox.OutboxMessage;
import org.exportcert.certification.outbox.OutboxSender;
import org.springframework.stereotype.Component;

/**
 * POSTs partner messages as JSON. Headers: {@code Idempotency-Key} (the outbox key: the same on
 * every redelivery, for the partner to drop duplicates), {@code X-ExportCert-Timestamp} and
 * {@code X-ExportCert-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body">} with the partner's
 * shared secret. A dossier request carries a fresh presigned download link at each attempt.
 */
@Component
public class PartnerHttpSender implements OutboxSender {

  public static final String SIGNATURE_HEADER = "X-ExportCert-Signature";
  public static final String TIMESTAMP_HEADER = "X-ExportCert-Timestamp";

  private final PartnerProperties partners;
  private final MinioClient s3;
  private final ObjectStorageProperties storage;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public PartnerHttpSender(PartnerProperties partners, MinioClient s3, ObjectStorageProperties storage, Clock clock) {
    this.partners = partners;
    this.s3 = s3;
    this.storage = storage;
    this.clock = clock;
  }

  @Override
  public OutboxMessage.Channel channel() {
    return OutboxMessage.Channel.PARTNER_DOSSIER;
  }

  @Override
  public void send(OutboxMessage m) throws Exception {
    PartnerProperties.Partner partner = partners.partner(m.getDestination()).orElse(null);
    if (partner == null || partner.endpoint() == null) {
      throw new IllegalStateException("Partner body " + m.getDestination() + " is not configured");
    }
    ObjectNode body = (ObjectNode) json.readTree(m.getPayload());
    if (body.hasNonNull("dossierKey")) {
      body.put(
          "dossierUrl",
          s3.getPresignedObjectUrl(
              GetPresignedObjectUrlArgs.builder()
                  .method(Http.Method.GET)
                  .bucket(storage.bucket())
                  .object(body.get("dossierKey").asText())
                  .expiry((int) partners.dossierLinkExpiry().toSeconds(), TimeUnit.SECONDS)
                  .build()));
    }
    String payload = json.writeValueAsString(body);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest request =
        HttpRequest.newBuilder(partner.endpoint())
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", m.getIdempotencyKey())
            .header(TIMESTAMP_HEADER, timestamp)
            .header(SIGNATURE_HEADER, "sha256=" + hmac(partner.secret(), timestamp + "." + payload))
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    // 409: the partner already has this key, i.e. an earlier attempt arrived
    if (status / 100 != 2 && status != 409) {
      throw new IllegalStateException("Partner " + m.getDestination() + " answered " + status);
    }
  }

  public static String hmac(String secret, String data) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException("No HMAC secret configured for the partner body");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
