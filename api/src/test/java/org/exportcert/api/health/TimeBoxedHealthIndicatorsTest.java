package org.exportcert.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.availability.LivenessStateHealthIndicator;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

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

  /** Runs a probe as the health endpoint does inside an HTTP request that arrived at {@code arrived}. */
  static Health probeArrivedAt(TimeBoxedHealthIndicators boxes, long arrived, HealthIndicator check) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
    request.setAttribute(TimeBoxedHealthIndicators.ROUND, boxes.openAt(arrived)); // as HealthRequestArrival does
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    try {
      return check.health();
    } finally {
      RequestContextHolder.resetRequestAttributes();
    }
  }

  @Test
  void theDeadlineCountsFromTheRoundOpenedAtArrivalNotFromTheFirstCheckAsked() {
    // a 4 s box (deadline 3 s) so that waiting the box after signing in is told apart from not waiting
    MockEnvironment environment = environment().withProperty("exportcert.health.timeout", "4s");
    TimeBoxedHealthIndicators fourSeconds = new TimeBoxedHealthIndicators(environment);
    CountDownLatch released = new CountDownLatch(1);
    HealthIndicator boxed = (HealthIndicator) fourSeconds.postProcessAfterInitialization((HealthIndicator) () -> {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Health.up().build();
    }, "objectStorage");
    try {
      // signing in took 3.5 s on a loaded machine: the checks' deadline (3 s after arrival) is past
      long arrived = System.nanoTime() - 3_500_000_000L;
      long t0 = System.nanoTime();
      Health answer = probeArrivedAt(fourSeconds, arrived, boxed);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
      assertThat(millis).as("no further wait once the deadline from arrival is past").isLessThan(1_500);
    } finally {
      released.countDown();
    }
  }

  @Test
  void aCheckStillHungFromAnEarlierProbeIsDownWithoutASecondWait() {
    MockEnvironment environment = environment().withProperty("exportcert.health.timeout", "2s");
    TimeBoxedHealthIndicators twoSeconds = new TimeBoxedHealthIndicators(environment);
    CountDownLatch released = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    HealthIndicator boxed = (HealthIndicator) twoSeconds.postProcessAfterInitialization((HealthIndicator) () -> {
      started.incrementAndGet();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Health.up().build();
    }, "db");
    try {
      Health first = probeArrivedAt(twoSeconds, System.nanoTime(), boxed); // waits its 1.5 s
      long t0 = System.nanoTime();
      Health second = probeArrivedAt(twoSeconds, t0, boxed);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(first.getStatus()).isEqualTo(Status.DOWN);
      assertThat(second.getStatus()).isEqualTo(Status.DOWN);
      assertThat(second.getDetails().get("error").toString()).startsWith("no answer for ");
      assertThat(started).as("the hung check is not started again").hasValue(1);
      // a second round of its own would wait another 1.5 s
      assertThat(millis).as("the second probe, its check hung for its whole box already").isLessThan(1_000);
    } finally {
      released.countDown();
    }
  }

  @Test
  void checksThatOnlyReadMemoryAreAskedOnTheRequestsThread() {
    HealthIndicator liveness = new LivenessStateHealthIndicator(new ApplicationAvailabilityBean());
    AnswersAtOnce inMemory = () -> Health.up().build();
    assertThat(boxes.postProcessAfterInitialization(liveness, "livenessState")).isSameAs(liveness);
    assertThat(boxes.postProcessAfterInitialization(inMemory, "embeddedServices")).isSameAs(inMemory);
  }

  @Test
  void aHealthRequestsChecksStartWhenItArrivesBeforeSigningIn() throws Exception {
    CountDownLatch checkStarted = new CountDownLatch(1);
    boxes.postProcessAfterInitialization((HealthIndicator) () -> {
      checkStarted.countDown();
      return Health.up().build();
    }, "db");
    HealthRequestArrival arrival = new HealthRequestArrival(boxes);
    MockHttpServletRequest health = new MockHttpServletRequest("GET", "/actuator/health/readiness");
    AtomicBoolean startedBeforeTheRestOfTheChain = new AtomicBoolean();
    // the rest of the chain (security, the endpoint) waits for the check: it runs meanwhile
    arrival.doFilter(health, new MockHttpServletResponse(),
        (request, response) -> startedBeforeTheRestOfTheChain.set(awaitQuietly(checkStarted)));
    assertThat(startedBeforeTheRestOfTheChain).isTrue();
    assertThat(health.getAttribute(TimeBoxedHealthIndicators.ROUND)).isNotNull();

    MockHttpServletRequest other = new MockHttpServletRequest("GET", "/api/me");
    arrival.doFilter(other, new MockHttpServletResponse(), (request, response) -> { });
    assertThat(other.getAttribute(TimeBoxedHealthIndicators.ROUND)).as("no checks for other requests").isNull();
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
