package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/**
 * Event subprocesses are never activated as such: their start event's trigger creates them
 * ({@link EventTriggerBehavior#startEventSubprocess}); they complete like any scope.
 */
final class EventSubProcessProcessor implements ElementProcessor {

  @Override
  public void activate(ElementInstance ei) {
    throw new IllegalStateException("event subprocesses start through their start event");
  }
}
