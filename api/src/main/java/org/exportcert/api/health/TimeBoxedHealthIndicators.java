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
import org.springframework.boot.actuate.availability.AvailabilityStateHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.PingHealthIndicator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The whole health answer comes within {@code exportcert.health.timeout} (2 s by default) of the
 * request's arrival, whichever dependencies hang. The actuator asks the checks one after the
 * other, so a time box per check would add up (database, object store and engine hung: three
 * boxes). Instead a round opens when the request arrives ({@link HealthRequestArrival}, before
 * signing in, which alone can take a while on a loaded machine): every check starts at once on its
 * own thread, and each answer is awaited until the round's common deadline, three quarters of the
 * timeout after arrival; the rest is left for writing the answer. A check not done by then is DOWN.
 * A check still running from an earlier round (hung) is not started again, so a hang ties up at
 * most one thread per check, and is awaited only until its own time box from its start is used up:
 * a probe after a dependency hung is DOWN at once, not after another wait. Checks that only read
 * memory (availability states, ping, {@link AnswersAtOnce}) are asked on the request's thread: no
 * starved pool can make liveness DOWN.
 *
 * <p>Outside an HTTP request the first check asked opens a round that later checks (until one
 * timeout after it opened) join, with their results at once.
 */
@Component
class TimeBoxedHealthIndicators implements BeanPostProcessor {

  static final String ROUND = TimeBoxedHealthIndicators.class.getName() + ".round";

  private final Duration timeout;
  private final long checkBudget;
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
  private Round round; // guarded by this; outside HTTP requests only

  TimeBoxedHealthIndicators(Environment environment) {
    this.timeout =
        Binder.get(environment).bind("exportcert.health.timeout", Duration.class).orElse(Duration.ofSeconds(2));
    this.checkBudget = Math.max(timeout.toNanos() * 3 / 4, Duration.ofMillis(50).toNanos());
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HealthIndicator indicator && !(bean instanceof TimeBoxed) && !answersAtOnce(bean)) {
      TimeBoxed boxed = new TimeBoxed(indicator, this);
      boxes.add(boxed);
      return boxed;
    }
    return bean;
  }

  private static boolean answersAtOnce(Object indicator) {
    return indicator instanceof AnswersAtOnce
        || indicator instanceof AvailabilityStateHealthIndicator
        || indicator instanceof PingHealthIndicator;
  }

  /** One probe's window: its checks are awaited until the deadline. */
  record Round(long opened, long deadline, long closes) {}

  /**
   * The round of this health request, opened at its arrival (an HTTP request has its own, so a
   * probe right after a dependency hangs does not get the results of an earlier probe); outside a
   * request, the open round or a new one.
   */
  synchronized Round round() {
    long now = System.nanoTime();
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request != null) {
      if (request.getAttribute(ROUND, RequestAttributes.SCOPE_REQUEST) instanceof Round ofThisRequest) {
        return ofThisRequest;
      }
      Round r = openAt(now); // a request the arrival filter did not see (another path or port)
      request.setAttribute(ROUND, r, RequestAttributes.SCOPE_REQUEST);
      return r;
    }
    if (round == null || now - round.closes() >= 0) {
      round = openAt(now);
    }
    return round;
  }

  /** Starts every check not still running, in a round whose deadline counts from {@code from}. */
  Round openAt(long from) {
    Round r = new Round(from, from + checkBudget, from + timeout.toNanos());
    for (TimeBoxed box : boxes) {
      box.startIn(r);
    }
    return r;
  }

  /** One indicator, run on the check pool and given up on at its round's deadline. */
  static final class TimeBoxed implements HealthIndicator {
    private final HealthIndicator delegate;
    private final TimeBoxedHealthIndicators owner;
    private Running running; // guarded by this

    /** A run of the check: started in a round, at a time. */
    private record Running(Future<Health> answer, Round in, long startedAt) {}

    TimeBoxed(HealthIndicator delegate, TimeBoxedHealthIndicators owner) {
      this.delegate = delegate;
      this.owner = owner;
    }

    synchronized Running startIn(Round r) {
      if (running == null || (running.answer().isDone() && running.in() != r)) {
        running = new Running(owner.checks.submit(delegate::health), r, System.nanoTime());
      }
      return running;
    }

    @Override
    public Health health() {
      Round r = owner.round();
      Running check = startIn(r);
      // a run started before this round (still hung) gets only what is left of its own box
      long until = Math.min(r.deadline(), check.startedAt() + owner.checkBudget);
      try {
        return check.answer().get(Math.max(until - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        long waited = Math.max(System.nanoTime() - check.startedAt(), 0) / 1_000_000;
        return Health.down().withDetail("error", "no answer for " + waited + " ms").build();
      } catch (ExecutionException e) {
        return Health.down(e.getCause() instanceof Exception ex ? ex : e).build();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Health.unknown().build();
      }
    }
  }
}
