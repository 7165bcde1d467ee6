package org.exportcert.engine.state;

import java.util.List;

/**
 * Live element instances (not the process instances themselves, which the element instance search
 * leaves out) by state, type, element and process.
 */
public final class ElementInstanceIndex extends FieldIndex<ElementInstance> {

  public static final List<String> FIELDS = List.of("state", "type", "elementId", "processDefinitionId", "processDefinitionKey");

  ElementInstanceIndex() {
    super(FIELDS);
  }

  static ElementInstanceIndex build(EngineState state) {
    ElementInstanceIndex index = new ElementInstanceIndex();
    for (ElementInstance ei : state.elementInstances.values()) {
      if (ei.flowScope != null) {
        index.put(ei);
      }
    }
    return index;
  }

  @Override
  protected long key(ElementInstance ei) {
    return ei.key;
  }

  @Override
  protected String[] values(ElementInstance ei) {
    String type = ei.multiInstanceBody ? "MULTI_INSTANCE_BODY" : ei.element.kind.name();
    return new String[] {ei.state.name(), type, ei.element.id, ei.process.processId, String.valueOf(ei.process.key)};
  }
}
