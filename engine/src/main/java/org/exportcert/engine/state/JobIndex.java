package org.exportcert.engine.state;

import java.util.List;

/**
 * Live jobs by state (as the REST view names it: an activated job is CREATED), type, element,
 * process, worker, kind and listener event type.
 */
public final class JobIndex extends FieldIndex<Job> {

  public static final List<String> FIELDS =
      List.of("state", "type", "elementId", "processDefinitionId", "processDefinitionKey", "worker", "kind", "listenerEventType");

  JobIndex() {
    super(FIELDS);
  }

  static JobIndex build(EngineState state) {
    JobIndex index = new JobIndex();
    state.jobs.values().forEach(index::put);
    return index;
  }

  @Override
  protected long key(Job job) {
    return job.key;
  }

  @Override
  protected String[] values(Job job) {
    ElementInstance ei = job.elementInstance;
    String state = job.state == Job.State.ACTIVATED ? Job.State.CREATED.name() : job.state.name();
    return new String[] {state, job.type, ei.element.id, ei.process.processId, String.valueOf(ei.process.key), job.worker,
        job.kind(), job.listenerEventTypeName()};
  }
}
