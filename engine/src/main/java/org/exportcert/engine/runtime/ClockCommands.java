package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The engine clock commands ("clock-add", "clock-reset", "clock-pin") and "trigger-timers", which
 * fires the timers due at the command's time. All are journaled, so replay sees the same clock.
 */
final class ClockCommands {

  private final BpmnRuntime rt;

  ClockCommands(BpmnRuntime rt) {
    this.rt = rt;
  }

  JsonNode triggerTimers() {
    rt.timers.fireDue();
    return null;
  }

  JsonNode add(JsonNode body) {
    long offset = body.path("offsetMilli").asLong();
    if (rt.state().pinnedTime != null) {
      rt.state().pinnedTime += offset;
    } else {
      rt.state().clockOffset += offset;
    }
    rt.jobsAvailable = true;
    return null;
  }

  JsonNode reset() {
    rt.state().clockOffset = 0;
    rt.state().pinnedTime = null;
    rt.jobsAvailable = true;
    return null;
  }

  JsonNode pin(JsonNode body) {
    JsonNode timestamp = body.get("timestamp");
    if (timestamp == null || timestamp.isNull()) {
      throw EngineException.invalidArgument("No timestamp provided.");
    }
    long pinned = timestamp.isNumber() ? timestamp.asLong() : TimeExpressions.parseDate(timestamp.asText());
    rt.state().pinnedTime = pinned;
    rt.jobsAvailable = true;
    return null;
  }
}
