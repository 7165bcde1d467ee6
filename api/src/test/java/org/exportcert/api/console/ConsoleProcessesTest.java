package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.CamundaClient;
import java.util.List;
import java.util.Set;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.DefinitionView;
import org.exportcert.api.process.CaseProcesses.ElementView;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.junit.jupiter.api.Test;

class ConsoleProcessesTest {

  final CaseProcesses processes = mock(CaseProcesses.class);
  final ConsoleProcesses console = new ConsoleProcesses(mock(CamundaClient.class), processes);

  static InstanceView instance(long key, long definition, String state) {
    return new InstanceView(key, "certification-case", 2, definition, null, state, false, null, null, Set.of());
  }

  static ElementView active(long instance, String elementId) {
    return new ElementView(instance * 10, instance, "certification-case", elementId, elementId, "USER_TASK",
        "ACTIVE", false, null, null);
  }

  @Test
  void thePipelineCountsRunningCasesPerElementOnTheNewestMainModelOnly() {
    when(processes.processDefinitions()).thenReturn(List.of(
        new DefinitionView(1, "certification-case", "Certification case", 1, null, "c.bpmn"),
        new DefinitionView(2, "certification-case", "Certification case", 2, null, "c.bpmn"),
        new DefinitionView(3, "eligibility", "Eligibility", 5, null, "e.bpmn")));
    when(processes.instancesOfDefinition(2)).thenReturn(List.of(
        instance(21, 2, "ACTIVE"), instance(22, 2, "ACTIVE"), instance(23, 2, "COMPLETED")));
    when(processes.activeElementsOf(21)).thenReturn(List.of(active(21, "Call_Testing")));
    when(processes.activeElementsOf(22)).thenReturn(List.of(active(22, "Call_Testing"), active(22, "Event_Withdraw")));

    var pipeline = console.pipeline().orElseThrow();

    assertThat(pipeline.definition().key()).isEqualTo(2);
    assertThat(pipeline.runningCases()).isEqualTo(2);
    assertThat(pipeline.elements()).extracting(ConsoleProcesses.Waiting::elementId, ConsoleProcesses.Waiting::cases)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Call_Testing", 2),
            org.assertj.core.groups.Tuple.tuple("Event_Withdraw", 1));
  }

  @Test
  void noPipelineWithoutTheMainModel() {
    when(processes.processDefinitions()).thenReturn(List.of());
    assertThat(console.pipeline()).isEmpty();
  }
}
