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

/**
 * The database, the object store and the engine all hang at once (a server that accepts every
 * connection and never answers): the actuator's health answer is still DOWN within the 2 s time
 * box, not after one box per check (or the drivers' own minutes).
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
          for (int probe = 0; probe < 2; probe++) { // the second probe finds the checks still hung
            long t0 = System.nanoTime();
            var answer = health.health();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
            // 2 s bound; one box per check would be 4.5 s, the drivers' own timeouts minutes
            assertThat(millis).as("health answer with three hung dependencies (ms)").isLessThan(3_500);
          }
          assertThat(held).as("every check really reached the hung server").hasSizeGreaterThanOrEqualTo(3);
        });
  }
}
