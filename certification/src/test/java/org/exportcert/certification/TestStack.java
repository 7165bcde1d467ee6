package org.exportcert.certification;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.springframework.test.context.DynamicPropertyRegistry;

/** One PostgreSQL and one S3 server per test JVM, on free loopback ports. */
public final class TestStack {

  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret-key";

  private static EmbeddedPostgres postgres;
  private static S3Proxy s3;
  private static Path dataDir;

  private TestStack() {}

  public static synchronized void start() {
    if (postgres != null) {
      return;
    }
    try {
      dataDir = Files.createTempDirectory("exportcert-test");
      postgres = EmbeddedPostgres.builder().start();
      Properties p = new Properties();
      Path blobs = Files.createDirectories(dataDir.resolve("s3"));
      p.setProperty("jclouds.filesystem.basedir", blobs.toString());
      s3 =
          S3Proxy.builder()
              .blobStore(BlobStores.create("filesystem", p))
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      s3.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path dataDir() {
    start();
    return dataDir;
  }

  public static String s3Endpoint() {
    start();
    return "http://127.0.0.1:" + s3.getPort();
  }

  public static void register(DynamicPropertyRegistry r) {
    start();
    r.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
    r.add("spring.datasource.username", () -> "postgres");
    r.add("spring.datasource.password", () -> "");
    r.add("exportcert.s3.endpoint", TestStack::s3Endpoint);
    r.add("exportcert.s3.bucket", () -> "evidence");
    r.add("exportcert.s3.access-key", () -> ACCESS_KEY);
    r.add("exportcert.s3.secret-key", () -> SECRET_KEY);
    r.add("exportcert.data-dir", () -> dataDir.toString());
  }
}
