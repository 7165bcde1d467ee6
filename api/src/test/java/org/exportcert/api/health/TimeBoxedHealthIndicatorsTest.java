package org.exportcert.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.mock.env.MockEnvironment;

class TimeBoxedHealthIndicatorsTest {

  final TimeBoxedHealthIndicators boxes = new TimeBoxedHealthIndicators(environment());

  static MockEnvironment environment() {
    MockEnvironment environment = new MockEnvironment().withProperty("exportcert.health.timeout", "200ms");
    environment.setConversionService(new ApplicationConversionService()); // as Boot's environment
    return environment;
  }

  @Test
  void aHangingCheckIsDownWithinTheTimeBoxAndIsNotStartedTwice() {
    CountDownLatch released = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    HealthIndicator hanging = () -> {
      started.incrementAndGet();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Health.up().build();
    };
    HealthIndicator boxed = (HealthIndicator) boxes.postProcessAfterInitialization(hanging, "db");
    try {
      long t0 = System.nanoTime();
      Health first = boxed.health();
      Health second = boxed.health();
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(first.getStatus()).isEqualTo(Status.DOWN);
      assertThat(second.getStatus()).isEqualTo(Status.DOWN);
      assertThat(started).as("the hanging check runs once").hasValue(1);
      assertThat(millis).as("two probes of a hanging check").isLessThan(10_000);
    } finally {
      released.countDown();
    }
  }

  @Test
  void aCheckThatAnswersIsPassedThrough() {
    HealthIndicator boxed = (HealthIndicator) boxes.postProcessAfterInitialization(
        (HealthIndicator) () -> Health.up().withDetail("bucket", "b").build(), "objectStorage");
    assertThat(boxed.health().getStatus()).isEqualTo(Status.UP);
    HealthIndicator failing = (HealthIndicator) boxes.postProcessAfterInitialization(
        (HealthIndicator) () -> { throw new IllegalStateException("refused"); }, "x");
    assertThat(failing.health().getStatus()).isEqualTo(Status.DOWN);
  }
}
