package org.exportcert.api.health;

import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * A check that only reads state held in memory and never waits on anything: it is asked on the
 * health request's own thread instead of the time-boxed check pool, so that a machine too busy to
 * schedule that pool in time cannot make such a check (and liveness with it) DOWN.
 */
public interface AnswersAtOnce extends HealthIndicator {}
