package org.exportcert.engine.state;

import java.util.List;

/** Live process instances (called ones included) by state and process definition. */
public final class ProcessInstanceIndex extends FieldIndex<ElementInstance> {

  public static final List<String> FIELDS = List.of("state", "processDefinitionId", "processDefinitionKey");

  ProcessInstanceIndex() {
    super(FIELDS);
  }

  static ProcessInstanceIndex build(EngineState state) {
    ProcessInstanceIndex index = new ProcessInstanceIndex();
    state.processInstances.values().forEach(index::put);
    return index;
  }

  @Override
  protected long key(ElementInstance pi) {
    return pi.key;
  }

  @Override
  protected String[] values(ElementInstance pi) {
    return new String[] {pi.state.name(), pi.process.processId, String.valueOf(pi.process.key)};
  }
}
