package org.exportcert.api.console;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ProcessInstanceSequenceFlow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.DefinitionView;
import org.exportcert.api.process.CaseProcesses.ElementView;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.springframework.stereotype.Service;

/**
 * What the console draws and the API does not return yet: diagram XML, the taken sequence flows,
 * variables of a case and where waiting cases pile up on the main model. Read-only, through the
 * official client's fetch and search requests only, so it works on a real cluster too.
 */
@Service
public class ConsoleProcesses {

  static final String MAIN_MODEL = "certification-case";
  private final CamundaClient client;
  private final CaseProcesses processes;

  public ConsoleProcesses(CamundaClient client, CaseProcesses processes) {
    this.client = client;
    this.processes = processes;
  }

  public record Variable(long processInstanceKey, long scopeKey, String name, String value, boolean truncated) {}

  public record Waiting(String elementId, String elementName, String type, int cases) {}

  public record Pipeline(DefinitionView definition, int runningCases, List<Waiting> elements) {}

  public String definitionXml(long processDefinitionKey) {
    return client.newProcessDefinitionGetXmlRequest(processDefinitionKey).send().join();
  }

  public List<String> takenSequenceFlows(long processInstanceKey) {
    return client.newProcessInstanceSequenceFlowsRequest(processInstanceKey).send().join().stream()
        // the BPMN id of the flow; sequenceFlowId is unique per instance, not the diagram's id
        .map(ProcessInstanceSequenceFlow::getElementId)
        .distinct()
        .toList();
  }

  public List<Variable> variablesOfCase(String caseId) {
    List<Variable> out = new ArrayList<>();
    for (InstanceView instance : processes.instancesOfCase(caseId)) {
      CaseProcesses.allPages(page -> client.newVariableSearchRequest()
          .filter(f -> f.processInstanceKey(instance.key()))
          .page(page)
          .send()
          .join())
          .forEach(v -> out.add(new Variable(v.getProcessInstanceKey(), v.getScopeKey(), v.getName(),
              v.getValue(), Boolean.TRUE.equals(v.isTruncated()))));
    }
    return out;
  }

  /** Active element instances of the running cases on the newest main-model version, per element. */
  public Optional<Pipeline> pipeline() {
    Optional<DefinitionView> latest = processes.processDefinitions().stream()
        .filter(d -> MAIN_MODEL.equals(d.processDefinitionId()))
        .max(Comparator.comparingInt(DefinitionView::version));
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    List<InstanceView> running = processes.instancesOfDefinition(latest.get().key()).stream()
        .filter(i -> ProcessInstanceState.ACTIVE.name().equals(i.state()))
        .toList();
    Map<String, Waiting> counts = new LinkedHashMap<>();
    for (InstanceView instance : running) {
      for (ElementView e : processes.activeElementsOf(instance.key())) {
        counts.merge(e.elementId(), new Waiting(e.elementId(), e.elementName(), e.type(), 1),
            (a, b) -> new Waiting(a.elementId(), a.elementName(), a.type(), a.cases() + 1));
      }
    }
    return Optional.of(new Pipeline(latest.get(), running.size(), List.copyOf(counts.values())));
  }
}
