package org.exportcert.api.health;

import java.time.Duration;
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
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Every health check answers within a time box ({@code exportcert.health.timeout}, 2 s by
 * default): a database or object store that hangs makes its check DOWN instead of holding the
 * probe for the driver's 30 s or more. A check still running from an earlier probe is not started
 * again, so a hang ties up at most one thread per check.
 */
@Component
class TimeBoxedHealthIndicators implements BeanPostProcessor {

  private final Duration timeout;
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

  TimeBoxedHealthIndicators(Environment environment) {
    this.timeout =
        environment.getProperty("exportcert.health.timeout", Duration.class, Duration.ofSeconds(2));
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HealthIndicator indicator && !(bean instanceof TimeBoxed)) {
      return new TimeBoxed(indicator, timeout, checks);
    }
    return bean;
  }

  /** One indicator, run on the check pool and given up on after the time box. */
  static final class TimeBoxed implements HealthIndicator {
    private final HealthIndicator delegate;
    private final Duration timeout;
    private final ExecutorService pool;
    private Future<Health> running;

    TimeBoxed(HealthIndicator delegate, Duration timeout, ExecutorService pool) {
      this.delegate = delegate;
      this.timeout = timeout;
      this.pool = pool;
    }

    @Override
    public Health health() {
      Future<Health> check;
      synchronized (this) {
        if (running == null || running.isDone()) {
          running = pool.submit(delegate::health);
        }
        check = running;
      }
      try {
        return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        return Health.down().withDetail("error", "no answer within " + timeout.toMillis() + " ms").build();
      } catch (ExecutionException e) {
        return Health.down(e.getCause() instanceof Exception ex ? ex : e).build();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Health.unknown().build();
      }
    }
  }
}
