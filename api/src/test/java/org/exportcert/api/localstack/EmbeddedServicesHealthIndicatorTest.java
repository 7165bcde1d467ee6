package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.exportcert.localstack.Supervised;
import org.exportcert.localstack.Supervisor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Status;

class EmbeddedServicesHealthIndicatorTest {

  /** A part whose restarts fail until the disk is "repaired". */
  static final class Part implements Supervised {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicBoolean repairable = new AtomicBoolean(false);

    public String name() { return "postgres"; }
    public boolean alive() { return running.get(); }
    public void restart() {
      if (!repairable.get()) {
        throw new IllegalStateException("could not start");
      }
      running.set(true);
    }
  }

  @Test
  void livenessGoesDownOnlyWhenACrashedPartCannotBeBroughtBack() {
    Part postgres = new Part();
    try (Supervisor supervisor = new Supervisor(List.of(postgres), Duration.ofHours(1), 2)) {
      StaticListableBeanFactory beans = new StaticListableBeanFactory();
      beans.addBean("supervisor", supervisor);
      var indicator = new EmbeddedServicesHealthIndicator(beans.getBeanProvider(Supervisor.class));
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

      postgres.running.set(false);
      supervisor.check();
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP); // still trying
      supervisor.check();
      assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(indicator.health().getDetails().toString()).doesNotContain("Exception", "/");

      postgres.repairable.set(true);
      supervisor.check(); // tried less often once failed: every second round here
      supervisor.check();
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }
  }

  @Test
  void withoutEmbeddedServicesLivenessIsUp() {
    var indicator = new EmbeddedServicesHealthIndicator(new StaticListableBeanFactory().getBeanProvider(Supervisor.class));
    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
  }
}
