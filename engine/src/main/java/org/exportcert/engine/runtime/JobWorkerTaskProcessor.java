package org.exportcert.engine.runtime;

import org.exportcert.engine.state.ElementInstance;

/** Service and send tasks: a job for a worker; completing the job completes the task. */
final class JobWorkerTaskProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  JobWorkerTaskProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    rt.jobs.create(ei);
  }
}
