package org.exportcert.api.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.CorrelateMessageCommandStep1;
import io.camunda.client.api.command.CorrelateMessageCommandStep1.CorrelateMessageCommandStep2;
import io.camunda.client.api.command.CorrelateMessageCommandStep1.CorrelateMessageCommandStep3;
import io.camunda.client.api.command.CreateProcessInstanceCommandStep1;
import io.camunda.client.api.command.CreateProcessInstanceCommandStep1.CreateProcessInstanceCommandStep2;
import io.camunda.client.api.command.CreateProcessInstanceCommandStep1.CreateProcessInstanceCommandStep3;
import io.camunda.client.api.response.CorrelateMessageResponse;
import io.camunda.client.api.response.ProcessInstanceEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gateway speaks the official client's commands with the arguments the models expect. */
class CaseProcessesTest {

  CamundaClient client = mock(CamundaClient.class);
  CaseProcesses processes = new CaseProcesses(client);

  @Test
  @SuppressWarnings("unchecked")
  void aCaseStartsWithReferencesOnlyAndIsTaggedByCaseCategoryAndMarket() {
    var s1 = mock(CreateProcessInstanceCommandStep1.class);
    var s2 = mock(CreateProcessInstanceCommandStep2.class);
    var s3 = mock(CreateProcessInstanceCommandStep3.class);
    CamundaFuture<ProcessInstanceEvent> future = mock(CamundaFuture.class);
    ProcessInstanceEvent event = mock(ProcessInstanceEvent.class);
    when(client.newCreateInstanceCommand()).thenReturn(s1);
    when(s1.bpmnProcessId(anyString())).thenReturn(s2);
    when(s2.latestVersion()).thenReturn(s3);
    when(s3.variables(anyMap())).thenReturn(s3);
    when(s3.tags(any(Set.class))).thenReturn(s3);
    when(s3.send()).thenReturn(future);
    when(future.join()).thenReturn(event);
    when(event.getProcessInstanceKey()).thenReturn(42L);

    assertThat(processes.startCase("EC-2026-000001", "AI_SAAS", List.of("SG", "EU"))).isEqualTo(42L);
    verify(s1).bpmnProcessId("certification-case");
    verify(s3).variables(Map.of("caseId", "EC-2026-000001", "category", "AI_SAAS"));
    verify(s3).tags(Set.of("case:EC-2026-000001", "category:AI_SAAS", "market:SG", "market:EU"));
  }

  @Test
  void tagsKeepOnlyCharactersTheEngineAccepts() {
    assertThat(CaseProcesses.tag("market", "S G/1")).isEqualTo("market:S_G_1");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aMessageNobodyWaitsForIsReportedNotThrown() {
    var s1 = mock(CorrelateMessageCommandStep1.class);
    var s2 = mock(CorrelateMessageCommandStep2.class);
    var s3 = mock(CorrelateMessageCommandStep3.class);
    CamundaFuture<CorrelateMessageResponse> future = mock(CamundaFuture.class);
    when(client.newCorrelateMessageCommand()).thenReturn(s1);
    when(s1.messageName(anyString())).thenReturn(s2);
    when(s2.correlationKey(anyString())).thenReturn(s3);
    when(s3.variables(anyMap())).thenReturn(s3);
    when(s3.send()).thenReturn(future);
    when(future.join()).thenThrow(new ClientHttpException(404, "Not Found"));
    assertThat(processes.correlate("PartnerResponse", "EC-2026-000001:SG", Map.of())).isFalse();
    verify(s1).messageName("PartnerResponse");
    verify(s2).correlationKey("EC-2026-000001:SG");

    org.mockito.Mockito.doThrow(new ClientHttpException(500, "Internal")).when(future).join();
    assertThatThrownBy(() -> processes.correlate("PartnerResponse", "EC-2026-000001:SG", Map.of()))
        .isInstanceOf(ClientHttpException.class);
  }

  @Test
  void caseIdsAreCheckedBeforeTheyGoIntoAFilter() {
    assertThatThrownBy(() -> processes.instancesOfCase("\" or 1=1")).isInstanceOf(IllegalArgumentException.class);
  }
}
