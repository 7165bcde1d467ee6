package org.exportcert.engine.model;

/**
 * A timer event definition: exactly one of duration, date or cycle, each an ISO 8601 value or a
 * FEEL expression ('=' prefix) evaluated when the timer is scheduled.
 */
public record TimerSpec(String duration, String date, String cycle) {}
