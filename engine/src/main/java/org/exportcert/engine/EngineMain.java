package org.exportcert.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.exportcert.engine.auth.EngineCredentials;
import org.exportcert.engine.auth.EngineSecurity;

/**
 * Standalone entry point: {@code java -jar exportcert-engine-<version>-standalone.jar --port 8088
 * --data-dir ./data/engine [--grpc-port 26500] [--host 127.0.0.1] [--in-memory] [--no-fsync]
 * [--management-port P] [--oidc-issuer URL [--oidc-audience A]]}. Every call needs credentials:
 * HTTP basic (a secret generated into the data directory, or EXPORTCERT_ENGINE_USERNAME /
 * EXPORTCERT_ENGINE_PASSWORD), or a bearer token of the OIDC issuer when one is given.
 */
public final class EngineMain {

  private static final String USAGE =
      "usage: java -jar exportcert-engine-standalone.jar [--host H] [--port P]"
          + " [--grpc-port G (0 = free, -1 = none)] [--data-dir DIR | --in-memory] [--no-fsync]"
          + " [--management-port M (unauthenticated /actuator/* for Camunda Process Test; default none)]"
          + " [--oidc-issuer URL [--oidc-audience A]]\n"
          + "environment: EXPORTCERT_ENGINE_USERNAME, EXPORTCERT_ENGINE_PASSWORD (else a secret is generated"
          + " into the data directory), EXPORTCERT_ENGINE_OIDC_ISSUER_URI, EXPORTCERT_ENGINE_OIDC_AUDIENCE";

  private EngineMain() {}

  public static void main(String[] args) throws InterruptedException {
    String host = "127.0.0.1";
    int port = 8088;
    Path dataDir = Path.of("data", "engine");
    boolean fsync = true;
    int grpcPort = EngineConfig.DEFAULT_GRPC_PORT;
    int managementPort = -1;
    EngineSecurity security = EngineSecurity.fromEnvironment(System::getenv);
    URI issuer = security.oidcIssuer();
    String audience = security.oidcAudience();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--grpc-port" -> grpcPort = Integer.parseInt(args[++i]);
        case "--management-port" -> managementPort = Integer.parseInt(args[++i]);
        case "--host" -> host = args[++i];
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        case "--in-memory" -> dataDir = null;
        case "--no-fsync" -> fsync = false;
        case "--oidc-issuer" -> issuer = URI.create(args[++i]);
        case "--oidc-audience" -> audience = args[++i];
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
      }
    }
    if (issuer != null) {
      security = security.withOidc(issuer, audience);
    }
    ExportCertEngine engine = ExportCertEngine.start(
        new EngineConfig(host, port, dataDir, fsync, grpcPort, security, managementPort));
    System.out.println("ExportCert engine " + ExportCertEngine.VERSION + " serving " + engine.restAddress()
        + (engine.grpcAddress() == null ? "" : " and gRPC " + engine.grpcAddress())
        + (dataDir == null ? " (in memory)" : " (data in " + dataDir.toAbsolutePath() + ")"));
    System.out.println(howToConnect(engine, security));
    if (engine.managementAddress() != null) {
      System.out.println("Management endpoints (/actuator/*, no credentials; test machines only) at "
          + engine.managementAddress());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "exportcert-engine-shutdown"));
    stopped.await();
  }

  /** Tells the operator which credentials clients need and where to find them. */
  static String howToConnect(ExportCertEngine engine, EngineSecurity security) {
    EngineCredentials credentials = engine.credentials();
    String password;
    if (credentials.file() != null) {
      password = "the 'password' in " + credentials.file().toAbsolutePath() + " (owner-only, kept across restarts)";
    } else if (security.password() != null) {
      password = "the value of EXPORTCERT_ENGINE_PASSWORD";
    } else {
      // in memory there is no file to read it from: shown once, valid until this engine stops
      password = credentials.password() + " (generated for this run only)";
    }
    return "Clients authenticate with HTTP basic as user '" + credentials.username() + "', password: " + password
        + ".\nThe Camunda Spring Boot starter: CAMUNDA_CLIENT_AUTH_METHOD=basic CAMUNDA_CLIENT_AUTH_USERNAME="
        + credentials.username() + " CAMUNDA_CLIENT_AUTH_PASSWORD=<that password>"
        + (engine.acceptsBearerTokens() ? "\nBearer tokens of " + security.oidcIssuer() + " are accepted as well." : "");
  }
}
