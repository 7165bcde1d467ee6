package org.exportcert.engine.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An executable process parsed from BPMN: its elements by id and its flows. */
public final class ProcessModel {
  private final String processId;
  private final String name;
  private final Map<String, ElementModel> elements = new LinkedHashMap<>();
  private final Map<String, SequenceFlowModel> flows = new LinkedHashMap<>();

  ProcessModel(String processId, String name) {
    this.processId = processId;
    this.name = name;
  }

  void add(ElementModel element) {
    elements.put(element.id, element);
  }

  void add(SequenceFlowModel flow) {
    flows.put(flow.id(), flow);
  }

  public String processId() { return processId; }
  public String name() { return name; }

  public ElementModel process() { return elements.get(processId); }

  public ElementModel element(String id) {
    ElementModel element = elements.get(id);
    if (element == null) {
      throw new IllegalArgumentException("no element '" + id + "' in process '" + processId + "'");
    }
    return element;
  }

  public boolean hasElement(String id) { return elements.containsKey(id); }

  public SequenceFlowModel flow(String id) { return flows.get(id); }

  public Collection<ElementModel> elements() { return Collections.unmodifiableCollection(elements.values()); }
}
