package org.exportcert.api.containers;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.HttpWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The real services under a full-stack API test, in Docker: Camunda's official image
 * ({@code camunda/camunda} at the Camunda client's version), PostgreSQL and MinIO. The
 * application reaches them only through the settings a production deployment uses
 * ({@code spring.datasource.*}, {@code exportcert.s3.*}, {@code camunda.client.*}; see
 * {@code docs/operations.md}), so a test on it also proves that the switch from the embedded
 * stack needs no code.
 *
 * <p>Camunda is configured as Camunda Process Test's managed runtime configures it (8.8:
 * {@code io.camunda.process.test.impl.containers.CamundaContainer}): the broker with the REST
 * (8080), gRPC (26500) and management (9600) ports, the API unprotected, H2 as secondary storage,
 * and the controlled clock, so {@code PUT /v2/clock} ({@link CamundaClient#newPinClockCommand()})
 * moves time for deadlines. Unlike Camunda Process Test it keeps the history of finished
 * instances (the operators' views read it).
 *
 * <p>A test class gets it with {@link OnCamundaContainers} (runs only under
 * {@code -Pcamunda-it} and where Docker exists; skipped with the reason otherwise) and one
 * instance per class, handed to Spring as dynamic properties:
 *
 * <pre>
 * &#64;OnCamundaContainers
 * &#64;SpringBootTest(
 *     webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
 *     properties = "exportcert.data-dir=target/test-data/FullPipelineOnContainersTest")
 * class FullPipelineOnContainersTest extends FullPipelineScenario {
 *
 *   static final CamundaContainersBackend BACKEND = new CamundaContainersBackend();
 *
 *   &#64;DynamicPropertySource
 *   static void backend(DynamicPropertyRegistry registry) {
 *     BACKEND.registerProperties(registry);
 *   }
 * }
 * </pre>
 *
 * The containers start when Spring first reads one of the properties, all three at once, and stop
 * with the JVM (and Testcontainers' reaper). Each class has its own set: the case numbers of two
 * databases would otherwise meet in one Camunda. {@link OnCamundaContainers} also turns the
 * embedded stack off before the application starts, which dynamic properties come too late for.
 * A subclass's {@code @SpringBootTest} replaces its base class's, so a scenario base keeps the
 * settings both stacks share in {@code @TestPropertySource} (as {@code ApiScenario} does) and
 * each subclass names only its stack's.
 * A scenario that moves the engine clock uses {@link #newCamundaClient()}; one that reads what
 * Camunda exports (searches, task lists, an instance's path) must wait for it, since a real
 * cluster answers searches from secondary storage a moment after the command.
 */
public final class CamundaContainersBackend implements AutoCloseable {

  /** Camunda's official image; its tag is the version of the Camunda client on the class path. */
  public static final String CAMUNDA_IMAGE_NAME = "camunda/camunda";

  public static final String POSTGRES_IMAGE = "postgres:16-alpine";

  /** The MinIO release the other container test of this module uses. */
  public static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

  public static final int CAMUNDA_REST_PORT = 8080;
  public static final int CAMUNDA_GRPC_PORT = 26500;
  public static final int CAMUNDA_MANAGEMENT_PORT = 9600;

  /**
   * Set before the context starts, by {@link OnCamundaContainers}: the local stack decides what to
   * start from the environment before dynamic properties are added to it.
   */
  public static final String LOCAL_STACK_OFF = "exportcert.local-stack.enabled=false";

  /** Every setting {@link #start()} answers. */
  static final List<String> PROPERTY_NAMES =
      List.of("camunda.client.mode", "camunda.client.rest-address", "camunda.client.grpc-address",
          "spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
          "exportcert.s3.endpoint", "exportcert.s3.access-key", "exportcert.s3.secret-key");

  private GenericContainer<?> camunda;
  private PostgreSQLContainer<?> postgres;
  private MinIOContainer minio;
  private Map<String, String> properties;

  /** The image the Camunda container runs: the client's own version, as in production. */
  public static String camundaImage() {
    String version = CamundaClient.class.getPackage().getImplementationVersion();
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          "The Camunda client's jar names no Implementation-Version; cannot choose the image tag");
    }
    return CAMUNDA_IMAGE_NAME + ":" + version;
  }

  /**
   * The environment of the Camunda container, as Camunda Process Test 8.8 sets it for its managed
   * runtime, less its two-second history clean-up.
   */
  static Map<String, String> camundaEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPRING_PROFILES_ACTIVE", "broker,consolidated-auth,security");
    env.put("ZEEBE_CLOCK_CONTROLLED", "true");
    env.put("CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI", "true");
    env.put("CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED", "false");
    env.put("CAMUNDA_DATABASE_TYPE", "rdbms");
    env.put("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "rdbms");
    env.put("CAMUNDA_DATABASE_URL", "jdbc:h2:mem:exportcert-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
    env.put("CAMUNDA_DATABASE_USERNAME", "sa");
    env.put("CAMUNDA_DATABASE_PASSWORD", "");
    env.put("ZEEBE_BROKER_EXPORTERS_RDBMS_CLASSNAME", "io.camunda.exporter.rdbms.RdbmsExporter");
    env.put("ZEEBE_BROKER_EXPORTERS_RDBMS_ARGS_FLUSH_INTERVAL", "PT0S");
    return env;
  }

  /**
   * The settings that point the application at the services: exactly the production ones of
   * {@code docs/operations.md}, in their property spelling.
   */
  static Map<String, String> springProperties(
      URI camundaRest, URI camundaGrpc, String jdbcUrl, String dbUser, String dbPassword,
      String s3Endpoint, String s3AccessKey, String s3SecretKey) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("camunda.client.mode", "self-managed");
    p.put("camunda.client.rest-address", camundaRest.toString());
    p.put("camunda.client.grpc-address", camundaGrpc.toString());
    p.put("spring.datasource.url", jdbcUrl);
    p.put("spring.datasource.username", dbUser);
    p.put("spring.datasource.password", dbPassword);
    p.put("exportcert.s3.endpoint", s3Endpoint);
    p.put("exportcert.s3.access-key", s3AccessKey);
    p.put("exportcert.s3.secret-key", s3SecretKey);
    return p;
  }

  /** Starts the three containers (once; in parallel) and answers the application's settings. */
  public synchronized Map<String, String> start() {
    if (properties != null) {
      return properties;
    }
    camunda =
        new GenericContainer<>(DockerImageName.parse(camundaImage()))
            .withEnv(camundaEnvironment())
            .withExposedPorts(CAMUNDA_REST_PORT, CAMUNDA_GRPC_PORT, CAMUNDA_MANAGEMENT_PORT)
            .waitingFor(
                new WaitAllStrategy(WaitAllStrategy.Mode.WITH_OUTER_TIMEOUT)
                    // the broker is ready ...
                    .withStrategy(
                        new HttpWaitStrategy()
                            .forPort(CAMUNDA_MANAGEMENT_PORT)
                            .forPath("/actuator/health/status")
                            .forStatusCodeMatching(s -> s >= 200 && s < 300))
                    // ... and partition 1 has a healthy leader
                    .withStrategy(
                        new HttpWaitStrategy()
                            .forPort(CAMUNDA_REST_PORT)
                            .forPath("/v2/topology")
                            .forStatusCodeMatching(s -> s >= 200 && s < 300)
                            .forResponsePredicate(CamundaContainersBackend::partitionOneLeads))
                    .withStartupTimeout(Duration.ofMinutes(3)));
    postgres = new PostgreSQLContainer<>(POSTGRES_IMAGE);
    minio = new MinIOContainer(MINIO_IMAGE);
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "camunda-containers-stop"));
    Startables.deepStart(camunda, postgres, minio).join();
    properties =
        springProperties(
            camundaRestAddress(), address(CAMUNDA_GRPC_PORT), postgres.getJdbcUrl(),
            postgres.getUsername(), postgres.getPassword(), minio.getS3URL(), minio.getUserName(),
            minio.getPassword());
    return properties;
  }

  static boolean partitionOneLeads(String topology) {
    String flat = topology.replaceAll("\\s", "");
    return flat.contains("\"partitionId\":1")
        && flat.contains("\"role\":\"leader\"")
        && flat.contains("\"health\":\"healthy\"");
  }

  /**
   * Hands every setting to Spring as a dynamic property; the containers start when the first one
   * is read, that is when the test's application context is created, never for a skipped test.
   */
  public void registerProperties(DynamicPropertyRegistry registry) {
    for (String key : PROPERTY_NAMES) {
      registry.add(key, () -> start().get(key));
    }
  }

  /** Camunda's REST API (/v2) on the host. */
  public URI camundaRestAddress() {
    return address(CAMUNDA_REST_PORT);
  }

  /** Camunda's management API (actuator, including /actuator/clock) on the host. */
  public URI camundaManagementAddress() {
    return address(CAMUNDA_MANAGEMENT_PORT);
  }

  /** A client of the Camunda container, on REST; the caller closes it. */
  public CamundaClient newCamundaClient() {
    start();
    return CamundaClient.newClientBuilder()
        .restAddress(camundaRestAddress())
        .grpcAddress(address(CAMUNDA_GRPC_PORT))
        .preferRestOverGrpc(true)
        .build();
  }

  private URI address(int containerPort) {
    if (camunda == null) {
      throw new IllegalStateException("the containers are not started");
    }
    return URI.create("http://" + camunda.getHost() + ":" + camunda.getMappedPort(containerPort));
  }

  @Override
  public synchronized void close() {
    for (GenericContainer<?> c : new GenericContainer<?>[] {camunda, postgres, minio}) {
      if (c != null && c.isRunning()) {
        c.stop();
      }
    }
  }
}
