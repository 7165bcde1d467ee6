package org.exportcert.api.localstack;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.localstack.DataDirectoryLock;
import org.exportcert.localstack.LocalMailServer;
import org.exportcert.localstack.LocalObjectStore;
import org.exportcert.localstack.LocalPostgres;
import org.exportcert.localstack.PostgresCredentials;
import org.exportcert.localstack.Supervised;
import org.exportcert.localstack.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded services a fresh machine needs: PostgreSQL, an S3 server, an SMTP server and
 * ExportCert's engine, all under one locked data directory. It answers the properties that point
 * the application at them.
 */
final class LocalStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  static final String ACCESS_KEY = "exportcert-local";

  private final DataDirectoryLock lock;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final List<Supervised> supervised = new ArrayList<>();
  private Supervisor supervisor;
  private boolean closed;
  private LocalMailbox mailbox;
  private SupervisedEngine engine;

  private LocalStack(DataDirectoryLock lock) {
    this.lock = lock;
  }

  static LocalStack start(LocalStackSettings settings) {
    LocalStack stack = new LocalStack(DataDirectoryLock.acquire(settings.dataDirectory()));
    try {
      stack.startParts(settings);
      stack.supervisor = new Supervisor(stack.supervised, settings.supervisionPeriod(), 5);
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startParts(LocalStackSettings settings) {
    var dir = settings.dataDirectory().toAbsolutePath().normalize();
    if (settings.postgres()) {
      LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"), settings.postgresPort());
      started.add(postgres);
      // the application reads and writes rows; only its migrations, run as the owner, change
      // the schema (and only the owner could touch the audit trail's trigger)
      properties.put("spring.datasource.url", postgres.url());
      properties.put("spring.datasource.username", PostgresCredentials.APPLICATION);
      properties.put("spring.datasource.password", postgres.credentials().applicationPassword());
      properties.put("spring.flyway.url", postgres.url());
      properties.put("spring.flyway.user", PostgresCredentials.OWNER);
      properties.put("spring.flyway.password", postgres.credentials().ownerPassword());
      supervised.add(postgres);
      log.info("Local PostgreSQL at {} (data in {})", postgres.url(), dir.resolve("postgres"));
    }
    if (settings.objectStore()) {
      // A fresh secret per start: only this process talks to the local store.
      String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
      LocalObjectStore store =
          LocalObjectStore.start(dir.resolve("objects"), settings.objectStorePort(), ACCESS_KEY, secret);
      started.add(store);
      supervised.add(store);
      properties.put("exportcert.s3.endpoint", store.endpoint());
      properties.put("exportcert.s3.access-key", store.accessKey());
      properties.put("exportcert.s3.secret-key", store.secretKey());
      log.info("Local S3 server at {} (data in {})", store.endpoint(), dir.resolve("objects"));
    }
    if (settings.mail()) {
      LocalMailServer mail = LocalMailServer.start(settings.smtpPort(), dir.resolve("mail"), settings.mailboxKeep());
      started.add(mail);
      mailbox = new LocalMailbox(mail, settings.mailboxKeep());
      properties.put("spring.mail.host", LocalMailServer.HOST);
      properties.put("spring.mail.port", mail.port());
      properties.put("exportcert.notifications.sender", "smtp");
      log.info("Local SMTP server at {}:{} (the newest {} mails per recipient kept in {}; the console's Mailbox shows them)",
          LocalMailServer.HOST, mail.port(), settings.mailboxKeep(), dir.resolve("mail"));
    }
    if (settings.engine()) {
      SupervisedEngine supervisedEngine =
          SupervisedEngine.start(
              EngineConfig.of(settings.enginePort(), dir.resolve("engine"))
                  .withGrpcPort(settings.engineGrpcPort()));
      started.add(supervisedEngine);
      supervised.add(supervisedEngine);
      this.engine = supervisedEngine;
      ExportCertEngine engine = supervisedEngine.engine();
      properties.put("camunda.client.mode", "self-managed");
      properties.put("camunda.client.rest-address", engine.restAddress().toString());
      if (engine.grpcAddress() != null) {
        properties.put("camunda.client.grpc-address", engine.grpcAddress().toString());
      } else {
        // no gRPC gateway: the workers poll over REST instead of opening job streams
        properties.put("camunda.client.worker.defaults.stream-enabled", "false");
      }
      // The engine refuses calls without credentials; the application's client uses the
      // generated secret through the starter's own basic-auth settings.
      properties.put("camunda.client.auth.method", "basic");
      properties.put("camunda.client.auth.username", engine.credentials().username());
      properties.put("camunda.client.auth.password", engine.credentials().password());
      log.info(
          "Local ExportCert engine (Camunda 8 REST API) at {}, gRPC at {}; clients authenticate"
              + " with HTTP basic as '{}', password in {}",
          engine.restAddress(), engine.grpcAddress(), engine.credentials().username(),
          engine.credentials().file());
    }
  }

  /** The local SMTP server's mailbox, if this stack runs one. */
  Optional<LocalMailbox> mailbox() {
    return Optional.ofNullable(mailbox);
  }

  /** The embedded engine, if this stack runs one (a backup copies its data); the current one after a restart. */
  Optional<org.exportcert.api.localstack.backup.EngineSource> engine() {
    SupervisedEngine supervisedEngine = engine;
    return supervisedEngine == null ? Optional.empty() : Optional.of(supervisedEngine::engine);
  }

  Map<String, Object> properties() {
    return properties;
  }

  /** Restarts crashed parts; its verdict feeds liveness. */
  Supervisor supervisor() {
    return supervisor;
  }

  /** Stops the parts in reverse order of start, then releases the data directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (supervisor != null) {
      supervisor.close(); // no restarts while the parts stop
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("A local stack part did not stop cleanly: {}", e.getMessage());
      }
    }
    lock.close();
    log.info("Local stack stopped");
  }
}
