package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;

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

  JsonNode add(EngineCommand.AddToClock command) {
    long offset = command.offsetMilli();
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

  JsonNode pin(EngineCommand.PinClock command) {
    rt.state().pinnedTime = command.timestamp();
    rt.jobsAvailable = true;
    return null;
  }
}
