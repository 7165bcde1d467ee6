package org.exportcert.certification.evidence;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where evidence objects live: any S3-compatible store. Set from the environment
 * ({@code EXPORTCERT_S3_ENDPOINT}, ...) or, locally, by the embedded stack.
 */
@Validated
@ConfigurationProperties(prefix = "exportcert.s3")
public record ObjectStorageProperties(
    @NotBlank String endpoint,
    String region,
    @NotBlank String bucket,
    @NotBlank String accessKey,
    @NotBlank String secretKey) {

  public ObjectStorageProperties {
    region = region == null || region.isBlank() ? "us-east-1" : region;
  }
}
