package org.exportcert.api.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The whole health answer comes within {@code exportcert.health.timeout} (2 s by default), however
 * many dependencies hang. The actuator asks the checks one after the other, so a time box per check
 * would add up (database, object store and engine hung: three boxes). Instead the first check asked
 * opens a round: every check starts at once on its own thread, and each answer is awaited until the
 * round's common deadline, three quarters of the timeout after it opened (the rest is left for the
 * answer itself on a loaded machine). A check not done by then is DOWN. Checks asked later in the
 * same round (until one timeout after it opened) reuse that round's results at once; a check still running from an earlier round (hung) is not
 * started again, so a hang ties up at most one thread per check.
 */
@Component
class TimeBoxedHealthIndicators implements BeanPostProcessor {

  private static final String ROUND = TimeBoxedHealthIndicators.class.getName() + ".round";

  private final Duration timeout;
  private final Duration checkBudget;
  private final List<TimeBoxed> boxes = new CopyOnWriteArrayList<>();
  private final ExecutorService checks =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "health-check-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });
  private Round round; // guarded by this

  TimeBoxedHealthIndicators(Environment environment) {
    this.timeout =
        Binder.get(environment).bind("exportcert.health.timeout", Duration.class).orElse(Duration.ofSeconds(2));
    this.checkBudget = Duration.ofNanos(Math.max(timeout.toNanos() * 3 / 4, Duration.ofMillis(50).toNanos()));
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HealthIndicator indicator && !(bean instanceof TimeBoxed)) {
      TimeBoxed boxed = new TimeBoxed(indicator, this);
      boxes.add(boxed);
      return boxed;
    }
    return bean;
  }

  /**
   * One probe's window: its checks are awaited until the deadline; the actuator's later calls of
   * the same probe (after a hung check used up the wait) join it until it closes, one timeout after
   * it opened, and get its results at once instead of a wait of their own.
   */
  static final class Round {
    final long deadline;
    final long closes;

    Round(long deadline, long closes) {
      this.deadline = deadline;
      this.closes = closes;
    }
  }

  /**
   * The round of this health request (an HTTP request opens its own, so a probe right after a
   * dependency hangs does not get the results of an earlier probe); outside a request, the open
   * round or a new one that starts every check.
   */
  synchronized Round round() {
    long now = System.nanoTime();
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request != null) {
      if (request.getAttribute(ROUND, RequestAttributes.SCOPE_REQUEST) instanceof Round ofThisRequest) {
        return ofThisRequest;
      }
      round = null;
    }
    if (round == null || now - round.closes >= 0) {
      round = new Round(now + checkBudget.toNanos(), now + timeout.toNanos());
      for (TimeBoxed box : boxes) {
        box.startIn(round);
      }
    }
    if (request != null) {
      request.setAttribute(ROUND, round, RequestAttributes.SCOPE_REQUEST);
    }
    return round;
  }

  /** One indicator, run on the check pool and given up on at its round's deadline. */
  static final class TimeBoxed implements HealthIndicator {
    private final HealthIndicator delegate;
    private final TimeBoxedHealthIndicators owner;
    private Future<Health> running; // guarded by this
    private Round runningIn;

    TimeBoxed(HealthIndicator delegate, TimeBoxedHealthIndicators owner) {
      this.delegate = delegate;
      this.owner = owner;
    }

    synchronized Future<Health> startIn(Round r) {
      if (running == null || (running.isDone() && runningIn != r)) {
        running = owner.checks.submit(delegate::health);
        runningIn = r;
      }
      return running;
    }

    @Override
    public Health health() {
      Round r = owner.round();
      Future<Health> check = startIn(r);
      try {
        return check.get(Math.max(r.deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return Health.down().withDetail("error", "no answer within " + owner.checkBudget.toMillis() + " ms").build();
      } catch (ExecutionException e) {
        return Health.down(e.getCause() instanceof Exception ex ? ex : e).build();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Health.unknown().build();
      }
    }
  }
}
