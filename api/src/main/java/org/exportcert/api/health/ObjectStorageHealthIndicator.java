package org.exportcert.api.health;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.exportcert.certification.evidence.ObjectStorageProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** UP when the evidence bucket answers; evidence cannot be stored otherwise. */
@Component("objectStorage")
class ObjectStorageHealthIndicator extends AbstractHealthIndicator {

  private final MinioClient client;
  private final ObjectStorageProperties properties;

  ObjectStorageHealthIndicator(MinioClient client, ObjectStorageProperties properties) {
    super("Object storage check failed");
    this.client = client;
    this.properties = properties;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    boolean exists = client.bucketExists(BucketExistsArgs.builder().bucket(properties.bucket()).build());
    builder
        .status(exists ? "UP" : "DOWN")
        .withDetail("endpoint", properties.endpoint())
        .withDetail("bucket", properties.bucket());
  }
}
