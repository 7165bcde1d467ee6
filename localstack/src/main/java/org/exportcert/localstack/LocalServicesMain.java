package org.exportcert.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded PostgreSQL and S3 server as a process of their own, for trying ExportCert
 * against "external" services without installing any: {@code --dir D [--postgres-port P]
 * [--s3-port S] [--access-key K --secret-key K] [--without-postgres]}. Prints one line per service, then {@code READY}.
 */
public final class LocalServicesMain {

  private LocalServicesMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = null;
    int postgresPort = 0;
    int s3Port = 0;
    String accessKey = "exportcert-local";
    String secretKey = "exportcert-local-secret";
    boolean withPostgres = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--postgres-port" -> postgresPort = Integer.parseInt(args[++i]);
        case "--s3-port" -> s3Port = Integer.parseInt(args[++i]);
        case "--access-key" -> accessKey = args[++i];
        case "--secret-key" -> secretKey = args[++i];
        case "--without-postgres" -> withPostgres = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("--dir is required");
    }
    List<AutoCloseable> started = new ArrayList<>();
    DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
    if (withPostgres) {
      LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"), postgresPort);
      started.add(postgres);
      // the owner role: an "external" database's one account, which migrates and uses the schema
      System.out.println("POSTGRES " + postgres.url());
      System.out.println("POSTGRES_USER " + PostgresCredentials.OWNER);
      System.out.println("POSTGRES_PASSWORD " + postgres.credentials().ownerPassword());
    }
    LocalObjectStore store = LocalObjectStore.start(dir.resolve("objects"), s3Port, accessKey, secretKey);
    started.add(store);
    System.out.println("S3 " + store.endpoint());
    System.out.println("READY");
    System.out.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (int i = started.size() - 1; i >= 0; i--) {
                    try {
                      started.get(i).close();
                    } catch (Exception e) {
                      System.err.println("stop failed: " + e.getMessage());
                    }
                  }
                  lock.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
