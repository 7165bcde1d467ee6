package org.exportcert.api.localstack;

import org.exportcert.api.health.AnswersAtOnce;
import org.exportcert.localstack.Supervisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The embedded servers as the supervisor sees them. Part of the liveness group: a part that
 * crashed and could not be started again leaves the application unable to work, and only a restart
 * of the whole application (by its own supervisor: systemd, Kubernetes) can help. It reads the
 * supervisor's state in memory, so it answers at once (never DOWN for want of a thread).
 */
@Component
public class EmbeddedServicesHealthIndicator implements AnswersAtOnce {

  private final ObjectProvider<Supervisor> supervisor;

  public EmbeddedServicesHealthIndicator(ObjectProvider<Supervisor> supervisor) {
    this.supervisor = supervisor;
  }

  @Override
  public Health health() {
    Supervisor s = supervisor.getIfAvailable();
    if (s == null) {
      return Health.up().withDetail("embedded", "none").build();
    }
    Health.Builder health = s.anyFailed() ? Health.down() : Health.up();
    // states and restart counts only: no paths, addresses or exception classes
    s.states().forEach((part, state) ->
        health.withDetail(part, state.state() + ", restarts " + state.restarts()));
    return health.build();
  }
}
