package org.exportcert.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.health.HealthCheck;
import io.camunda.client.spring.actuator.CamundaClientHealthIndicator;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.exportcert.certification.evidence.ObjectStorageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The database, the object store and the engine all hang at once (a server that accepts every
 * connection and never answers): the actuator's health answer is still DOWN within the 2 s time
 * box counted from the request's arrival (sign-in included), not after one box per check (or the
 * drivers' own minutes).
 */
class HealthUnderHungDependenciesTest {

  private ServerSocket silent;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private CamundaClient engine;

  @BeforeEach
  void aServerThatNeverAnswers() throws IOException {
    silent = new ServerSocket(0);
    Thread acceptor = new Thread(() -> {
      while (!silent.isClosed()) {
        try {
          held.add(silent.accept()); // read nothing, answer nothing
        } catch (IOException closed) {
          return;
        }
      }
    }, "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws IOException {
    if (engine != null) {
      engine.close();
    }
    silent.close();
    for (Socket s : held) {
      s.close();
    }
  }

  static org.springframework.boot.actuate.health.HealthComponent probe(
      TimeBoxedHealthIndicators boxes, HealthEndpoint health, long arrived) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
    request.setAttribute(TimeBoxedHealthIndicators.ROUND, boxes.openAt(arrived)); // as HealthRequestArrival does
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    try {
      return health.health();
    } finally {
      RequestContextHolder.resetRequestAttributes();
    }
  }

  @Test
  void healthIsDownWithinTheTimeBoxWhenDatabaseObjectStoreAndEngineAllHang() {
    String hung = "127.0.0.1:" + silent.getLocalPort();
    var store = new ObjectStorageProperties("http://" + hung, null, "evidence", "key", "secret", Duration.ofMinutes(5), Duration.ofMinutes(5));
    MinioClient s3 = MinioClient.builder().endpoint(store.endpoint()).credentials("key", "secret").build();
    var database = new SimpleDriverDataSource(new org.postgresql.Driver(), "jdbc:postgresql://" + hung + "/exportcert", "app", "secret");
    engine = CamundaClient.newClientBuilder()
        .restAddress(URI.create("http://" + hung))
        .grpcAddress(URI.create("http://" + hung))
        .preferRestOverGrpc(true)
        .defaultRequestTimeout(Duration.ofMinutes(5))
        .build();

    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
        .withPropertyValues("exportcert.health.timeout=2s")
        .withBean(TimeBoxedHealthIndicators.class)
        .withBean("objectStorage", ObjectStorageHealthIndicator.class, () -> new ObjectStorageHealthIndicator(s3, store))
        .withBean("db", DataSourceHealthIndicator.class, () -> new DataSourceHealthIndicator(database, "SELECT 1"))
        .withBean("camundaClient", CamundaClientHealthIndicator.class, () -> new CamundaClientHealthIndicator(new HealthCheck(engine)))
        .run(context -> {
          HealthEndpoint health = context.getBean(HealthEndpoint.class);
          // as over HTTP: the first probe's sign-in took 1 s of a loaded machine, the second is quick
          for (long signingIn : new long[] {1_000, 0}) {
            long arrived = System.nanoTime() - signingIn * 1_000_000;
            var answer = probe(context.getBean(TimeBoxedHealthIndicators.class), health, arrived);
            long millis = (System.nanoTime() - arrived) / 1_000_000;
            assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
            // the 2 s box from arrival (checks given up 1.5 s after it): a box counted from the first
            // check would end 2.5 s after arrival here, one box per check 4.5 s, the drivers' minutes
            assertThat(millis).as("health answer with three hung dependencies, from arrival (ms)").isLessThan(2_000);
          }
          assertThat(held).as("every check really reached the hung server").hasSizeGreaterThanOrEqualTo(3);
        });
  }
}
