package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * An empty long poll is answered before the official client gives up on it (one second after the
 * request timeout it sent), with room for a busy machine, and never much earlier than asked.
 */
class LongPollAnswerTimeTest {

  @Test
  void theDefaultTenSecondPollIsAnsweredOneSecondEarly() {
    assertThat(JobActivations.emptyAnswerAt(50_000, 10_000)).isEqualTo(59_000);
  }

  @Test
  void shortPollsKeepNineTenthsOfTheirTime() {
    assertThat(JobActivations.emptyAnswerAt(0, 2_000)).isEqualTo(1_800);
    assertThat(JobActivations.emptyAnswerAt(0, 50)).isEqualTo(45);
  }

  @Test
  void longPollsAreAnsweredAtMostOneSecondEarly() {
    assertThat(JobActivations.emptyAnswerAt(0, 61_000)).isEqualTo(60_000);
  }
}
