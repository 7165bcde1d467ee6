package org.exportcert.certification.evidence;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObjectStorageProperties.class)
public class ObjectStorageConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ObjectStorageConfiguration.class);

  @Bean
  MinioClient minioClient(ObjectStorageProperties properties) throws Exception {
    MinioClient client =
        MinioClient.builder()
            .endpoint(properties.endpoint())
            .region(properties.region())
            .credentials(properties.accessKey(), properties.secretKey())
            .build();
    // read and write time out per socket operation, so a large upload is not cut off, only a silent store
    client.setTimeout(properties.connectTimeout().toMillis(), properties.readTimeout().toMillis(),
        properties.readTimeout().toMillis());
    // Creating the bucket here keeps a fresh environment working without a manual step.
    String bucket = properties.bucket();
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      log.info("Created evidence bucket {} at {}", bucket, properties.endpoint());
    }
    return client;
  }
}
