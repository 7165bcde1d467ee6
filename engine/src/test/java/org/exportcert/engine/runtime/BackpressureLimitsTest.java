package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which commands the limits refuse, and when: the rules behind {@link Backpressure}. */
class BackpressureLimitsTest {

  @Test
  void theLatencyLimitRefusesNewWorkOnceTheOldestCommandHasWaitedTooLong() {
    Backpressure limits = new Backpressure(0, 200);
    assertThat(limits.check("create", 50_000, 199)).as("backlog limit off, latency under its limit").isNull();
    EngineException refusal = limits.check("publish-message", 1, 200);
    assertThat(refusal).isNotNull();
    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.title()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(refusal.getMessage()).contains("200 ms");
    assertThat(limits.refused()).isEqualTo(1);
  }

  @Test
  void workThatDrainsTheBacklogAndQueriesAreNeverRefused() {
    Backpressure limits = new Backpressure(1, 1);
    for (String draining : new String[] {"complete-job", "fail-job", "throw-error", "cancel", "complete-user-task", "activate"}) {
      assertThat(limits.check(draining, 1_000_000, 1_000_000)).as(draining).isNull();
    }
    assertThat(limits.check(null, 1_000_000, 1_000_000)).as("a query").isNull();
    for (String starting : new String[] {"create", "publish-message", "correlate-message", "broadcast-signal"}) {
      assertThat(limits.check(starting, 1, 0)).as(starting).isNotNull();
    }
  }

  @Test
  void limitsCanBeSwitchedOffAndMustNotBeNegative() {
    Backpressure limits = new Backpressure(10, 10);
    limits.limits(0, 0);
    assertThat(limits.check("create", Integer.MAX_VALUE, Long.MAX_VALUE)).isNull();
    assertThatThrownBy(() -> limits.limits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
