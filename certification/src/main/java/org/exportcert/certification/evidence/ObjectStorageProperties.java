package org.exportcert.certification.evidence;

import java.time.Duration;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where evidence objects live: any S3-compatible store. Set from the environment
 * ({@code EXPORTCERT_S3_ENDPOINT}, ...; {@code EXPORTCERT_S3_CONNECT_TIMEOUT} and
 * {@code EXPORTCERT_S3_READ_TIMEOUT}, 5 s and 20 s by default) or, locally, by the embedded stack.
 */
@Validated
@ConfigurationProperties(prefix = "exportcert.s3")
public record ObjectStorageProperties(
    @NotBlank String endpoint,
    String region,
    @NotBlank String bucket,
    @NotBlank String accessKey,
    @NotBlank String secretKey,
    Duration connectTimeout,
    Duration readTimeout) {

  public ObjectStorageProperties {
    region = region == null || region.isBlank() ? "us-east-1" : region;
    // a store that hangs must not hold a request (or a worker) for the client's default 5 minutes
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(20) : readTimeout;
  }
}
