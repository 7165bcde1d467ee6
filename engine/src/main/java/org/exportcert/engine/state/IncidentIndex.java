package org.exportcert.engine.state;

import java.util.List;

/** Live incidents by the search filters operators use most: state, error type, element and process. */
public final class IncidentIndex extends FieldIndex<Incident> {

  public static final List<String> FIELDS =
      List.of("state", "errorType", "elementId", "processDefinitionId", "processDefinitionKey");

  IncidentIndex() {
    super(FIELDS);
  }

  static IncidentIndex build(EngineState state) {
    IncidentIndex index = new IncidentIndex();
    state.incidents.values().forEach(index::put);
    return index;
  }

  @Override
  protected long key(Incident incident) {
    return incident.key;
  }

  @Override
  protected String[] values(Incident incident) {
    ElementInstance ei = incident.elementInstance;
    return new String[] {incident.state.name(), incident.errorType, ei.element.id, ei.process.processId, String.valueOf(ei.process.key)};
  }
}
