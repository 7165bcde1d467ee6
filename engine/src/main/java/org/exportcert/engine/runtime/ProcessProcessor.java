package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/** A process instance is created, not activated (ProcessInstanceCommands, call activities, event starts). */
final class ProcessProcessor implements ElementProcessor {

  @Override
  public void activate(ElementInstance ei) {
    throw new IllegalStateException("PROCESS is not entered here");
  }
}
