package org.exportcert.certification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exportcert.localstack.LocalObjectStore;
import org.exportcert.localstack.LocalPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

/** One PostgreSQL and one S3 server per test JVM, on free loopback ports, in a temp directory. */
public final class TestStack {

  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret-key";
  public static final String BUCKET = "evidence";

  private static LocalPostgres postgres;
  private static LocalObjectStore s3;
  private static Path dataDir;

  private TestStack() {}

  public static synchronized void start() {
    if (postgres != null) {
      return;
    }
    try {
      dataDir = Files.createTempDirectory("exportcert-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    postgres = LocalPostgres.start(dataDir.resolve("postgres"), 0);
    s3 = LocalObjectStore.start(dataDir.resolve("s3"), 0, ACCESS_KEY, SECRET_KEY);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  s3.close();
                  postgres.close();
                  deleteQuietly(dataDir); // not one more /tmp/exportcert-test* per run
                }));
  }

  static void deleteQuietly(Path dir) {
    try {
      org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    } catch (IOException e) {
      // the JVM is exiting; a directory left behind is only litter
    }
  }

  public static Path dataDir() {
    start();
    return dataDir;
  }

  public static String s3Endpoint() {
    start();
    return s3.endpoint();
  }

  public static String jdbcUrl() {
    start();
    return postgres.jdbcUrl();
  }

  public static void register(DynamicPropertyRegistry r) {
    start();
    r.add("spring.datasource.url", postgres::jdbcUrl);
    r.add("exportcert.s3.endpoint", s3::endpoint);
    r.add("exportcert.s3.bucket", () -> BUCKET);
    r.add("exportcert.s3.access-key", () -> ACCESS_KEY);
    r.add("exportcert.s3.secret-key", () -> SECRET_KEY);
    r.add("exportcert.data-dir", () -> dataDir.toString());
    r.add("exportcert.partners.EU-PB.name", () -> "EU partner body");
    r.add("exportcert.partners.EU-PB.arrangement", () -> "Bilateral MRA EU-2026");
    r.add("exportcert.partners.EU-PB.endpoint", PartnerStub::endpoint);
    r.add("exportcert.partners.EU-PB.secret", () -> PartnerStub.SECRET);
  }
}
