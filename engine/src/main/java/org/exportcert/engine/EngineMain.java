package org.exportcert.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.exportcert.engine.auth.EngineCredentials;
import org.exportcert.engine.auth.EngineSecurity;

/**
 * Standalone entry point: {@code java -jar exportcert-engine-<version>-standalone.jar --port 8088
 * --data-dir ./data/engine [--grpc-port 26500] [--host 127.0.0.1] [--in-memory] [--no-fsync]
 * [--management-port P] [--oidc-issuer URL [--oidc-audience A]] [--unprotected-api]}. Every call
 * needs credentials: HTTP basic (a secret generated into the data directory, or
 * EXPORTCERT_ENGINE_USERNAME / EXPORTCERT_ENGINE_PASSWORD), or a bearer token of the OIDC issuer
 * when one is given; only {@code --unprotected-api}, for test machines, drops that.
 */
public final class EngineMain {

  private static final String USAGE =
      "usage: java -jar exportcert-engine-standalone.jar [--host H] [--port P]"
          + " [--grpc-port G (0 = free, -1 = none)] [--data-dir DIR | --in-memory] [--no-fsync]"
          + " [--management-port M (unauthenticated /actuator/* for Camunda Process Test; default none)]"
          + " [--oidc-issuer URL [--oidc-audience A]] [--unprotected-api (no credentials; test machines only)]\n"
          + "environment: EXPORTCERT_ENGINE_UNPROTECTED_API=true, EXPORTCERT_ENGINE_USERNAME, EXPORTCERT_ENGINE_PASSWORD (else a secret is generated"
          + " into the data directory), EXPORTCERT_ENGINE_OIDC_ISSUER_URI, EXPORTCERT_ENGINE_OIDC_AUDIENCE";

  private EngineMain() {}

  public static void main(String[] args) throws InterruptedException {
    EngineConfig config = configFrom(args, System::getenv);
    if (config == null) {
      System.out.println(USAGE);
      return;
    }
    Path dataDir = config.dataDirectory();
    ExportCertEngine engine;
    try {
      engine = ExportCertEngine.start(config);
    } catch (RuntimeException e) {
      // what went wrong and what to do first, for the operator; the trace after it for a bug report
      System.err.println("ExportCert engine did not start: " + e.getMessage());
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        System.err.println("  caused by: " + cause);
      }
      e.printStackTrace();
      System.exit(1);
      return;
    }
    EngineSecurity security = config.security();
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

  /**
   * The engine configuration the command line and environment ask for, or null for {@code --help}.
   * {@code --unprotected-api} (or {@code EXPORTCERT_ENGINE_UNPROTECTED_API=true}) serves the API
   * without credentials, as Camunda 8 Run and Camunda's lightweight Docker Compose do by default
   * ({@code camunda.security.authentication.unprotected-api}): for test machines that run suites
   * whose clients send none (Camunda Process Test's remote mode, the deprecated ZeebeClient).
   */
  static EngineConfig configFrom(String[] args, java.util.function.Function<String, String> env) {
    String host = "127.0.0.1";
    int port = 8088;
    Path dataDir = Path.of("data", "engine");
    boolean fsync = true;
    int grpcPort = EngineConfig.DEFAULT_GRPC_PORT;
    int managementPort = -1;
    boolean unprotected = "true".equalsIgnoreCase(String.valueOf(env.apply("EXPORTCERT_ENGINE_UNPROTECTED_API")).trim());
    EngineSecurity security = EngineSecurity.fromEnvironment(env);
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
        case "--unprotected-api" -> unprotected = true;
        case "--help", "-h" -> {
          return null;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
      }
    }
    if (unprotected && issuer != null) {
      throw new IllegalArgumentException("--unprotected-api and an OIDC issuer exclude each other\n" + USAGE);
    }
    if (unprotected) {
      security = EngineSecurity.none();
    } else if (issuer != null) {
      security = security.withOidc(issuer, audience);
    }
    return new EngineConfig(host, port, dataDir, fsync, grpcPort, security, managementPort);
  }

  /** Tells the operator which credentials clients need and where to find them. */
  static String howToConnect(ExportCertEngine engine, EngineSecurity security) {
    if (!security.enabled()) {
      return "WARNING: the API is unprotected (--unprotected-api): anyone who reaches its ports may deploy, start,"
          + " complete and cancel without credentials. Use it on test machines only.";
    }
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
