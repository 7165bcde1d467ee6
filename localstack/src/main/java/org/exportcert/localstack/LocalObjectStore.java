package org.exportcert.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * A real S3 server (s3proxy) over a filesystem directory, so the evidence store talks S3 locally
 * exactly as it does to MinIO or AWS in production.
 */
public final class LocalObjectStore implements AutoCloseable {

  private final S3Proxy proxy;
  private final String host;
  private final String accessKey;
  private final String secretKey;

  private LocalObjectStore(S3Proxy proxy, String host, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.host = host;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Starts the S3 server on 127.0.0.1; requests must be signed (AWS v2 or v4) with the given keys.
   *
   * @param port 0 for a free port
   */
  public static LocalObjectStore start(
      Path directory, int port, String accessKey, String secretKey) {
    String host = "127.0.0.1";
    try {
      Files.createDirectories(directory);
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(BlobStores.create("filesystem", properties))
              .endpoint(URI.create("http://" + host + ":" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              .build();
      proxy.start();
      return new LocalObjectStore(proxy, host, accessKey, secretKey);
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded S3 server did not start in " + directory, e);
    } catch (Exception e) {
      throw new IllegalStateException("Embedded S3 server did not start on port " + port, e);
    }
  }

  public int port() {
    return proxy.getPort();
  }

  public String endpoint() {
    return "http://" + host + ":" + port();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Embedded S3 server did not stop cleanly", e);
    }
  }
}
