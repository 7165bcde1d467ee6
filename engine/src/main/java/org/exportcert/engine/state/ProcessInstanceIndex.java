package org.exportcert.engine.state;

import java.util.List;

/**
 * Live process instances (called ones included) by state, process definition and whether the
 * instance or one of its called children has an active incident (as the view's {@code hasIncident}
 * says: {@link EngineState#hasActiveIncident}). That flag follows the incidents, so an incident
 * raised or resolved reindexes its instance and the callers above it ({@link #incidentChanged}).
 */
public final class ProcessInstanceIndex extends FieldIndex<ElementInstance> {

  public static final List<String> FIELDS = List.of("state", "processDefinitionId", "processDefinitionKey", "hasIncident");

  private final EngineState state;

  private ProcessInstanceIndex(EngineState state) {
    super(FIELDS);
    this.state = state;
  }

  static ProcessInstanceIndex build(EngineState state) {
    ProcessInstanceIndex index = new ProcessInstanceIndex(state);
    state.processInstances.values().forEach(index::put);
    return index;
  }

  @Override
  protected long key(ElementInstance pi) {
    return pi.key;
  }

  @Override
  protected String[] values(ElementInstance pi) {
    return new String[] {pi.state.name(), pi.process.processId, String.valueOf(pi.process.key),
        String.valueOf(state.hasActiveIncident(pi.key))};
  }

  /** An incident of {@code processInstanceKey} was raised or resolved: it and its callers may change {@code hasIncident}. */
  void incidentChanged(long processInstanceKey) {
    ElementInstance pi = state.processInstances.get(processInstanceKey);
    while (pi != null) {
      put(pi);
      pi = pi.parentCallActivity == null ? null : state.processInstances.get(pi.parentCallActivity.processInstanceKey);
    }
  }
}
