package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/**
 * Ad-hoc subprocesses (Camunda 8.8): open their event subprocesses' triggers, then
 * {@link AdHocSubProcesses} activates the listed elements or opens the worker's job. Their inner
 * instances are created by the subprocess, never entered on their own ({@link #INNER_INSTANCE}).
 */
final class AdHocSubProcessProcessor implements ElementProcessor {

  /** The inner instance of an ad-hoc subprocess: created with its element, never activated by a flow. */
  static final ElementProcessor INNER_INSTANCE = ei -> {
    throw new IllegalStateException("inner instances are created by their ad-hoc subprocess");
  };

  private final BpmnRuntime rt;

  AdHocSubProcessProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    rt.events.openEventSubprocesses(ei);
    rt.adHoc.enter(ei);
  }
}
