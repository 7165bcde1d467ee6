package org.exportcert.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * A real S3 server (s3proxy) over a filesystem directory, so the evidence store talks S3 locally
 * exactly as it does to MinIO or AWS in production. Supervised: when its server stops (a crash of
 * its listener), it is started again on the same port over the same directory.
 */
public final class LocalObjectStore implements AutoCloseable, Supervised {

  private static final String HOST = "127.0.0.1";

  private final Path directory;
  private final String accessKey;
  private final String secretKey;
  private final int port;
  private volatile S3Proxy proxy;
  private volatile boolean closed;

  private LocalObjectStore(Path directory, S3Proxy proxy, String accessKey, String secretKey) {
    this.directory = directory;
    this.proxy = proxy;
    this.port = proxy.getPort();
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
    return new LocalObjectStore(directory, startProxy(directory, port, accessKey, secretKey), accessKey, secretKey);
  }

  private static S3Proxy startProxy(Path directory, int port, String accessKey, String secretKey) {
    try {
      Files.createDirectories(directory);
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(BlobStores.create("filesystem", properties))
              .endpoint(URI.create("http://" + HOST + ":" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              .build();
      proxy.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded S3 server did not start in " + directory, e);
    } catch (Exception e) {
      throw new IllegalStateException("Embedded S3 server did not start on port " + port, e);
    }
  }

  public int port() {
    return port;
  }

  public String endpoint() {
    return "http://" + HOST + ":" + port();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public String name() {
    return "s3";
  }

  /** Running and accepting connections on its port. */
  @Override
  public boolean alive() {
    if (closed || !"STARTED".equals(proxy.getState())) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts a fresh server on the same port over the same directory, with the same keys. */
  @Override
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("Embedded S3 server was closed");
    }
    stopQuietly(proxy);
    proxy = startProxy(directory, port, accessKey, secretKey);
  }

  private static void stopQuietly(S3Proxy old) {
    try {
      old.stop();
    } catch (Exception e) {
      // it is down already; the new server takes its port
    }
  }

  /** Stops the listener as a crash would, leaving the store to its supervisor. For tests. */
  void crashForTest() throws Exception {
    proxy.stop();
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Embedded S3 server did not stop cleanly", e);
    }
  }
}
