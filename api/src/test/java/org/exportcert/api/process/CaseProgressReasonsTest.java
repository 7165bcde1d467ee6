package org.exportcert.api.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An open request says why it was asked for where its wait names reasons ({@link WaitingPoint.Reasons}),
 * and nothing where it names none, whatever variables the instance happens to hold.
 */
class CaseProgressReasonsTest {

  static final String CASE = "EC-2026-000777";
  static final OffsetDateTime OPENED = OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  CaseProcesses processes = mock(CaseProcesses.class);
  EngineTime engineTime = mock(EngineTime.class);
  CaseProgress progress = new CaseProgress(processes, new ObjectMapper(), engineTime);

  /** One active instance of the case, waiting at {@code elementId}, holding the given JSON variables. */
  void waitingAt(String elementId, String eligibilityCheck, String informationRequest) {
    when(processes.instancesOfCase(CASE)).thenReturn(List.of(new CaseProcesses.InstanceView(
        11L, "eligibility", 1, 5L, null, "ACTIVE", false, OPENED, null, Set.of())));
    when(processes.activeElementsOf(11L)).thenReturn(List.of(new CaseProcesses.ElementView(
        12L, 11L, "eligibility", elementId, "Wait", "RECEIVE_TASK", "ACTIVE", false, OPENED, null)));
    when(processes.variable(anyLong(), anyString())).thenReturn(Optional.empty());
    when(processes.processVariable(anyLong(), anyString())).thenReturn(Optional.empty());
    when(processes.processVariable(11L, "eligibilityCheck")).thenReturn(Optional.ofNullable(eligibilityCheck));
    when(processes.processVariable(11L, "informationRequest")).thenReturn(Optional.ofNullable(informationRequest));
    when(engineTime.nowUtc()).thenReturn(OPENED.plusDays(1));
  }

  CaseProgress.OpenRequest only() {
    var requests = progress.of(CASE).openRequests();
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void theRulesRequestGivesTheRulesReasonAndTheReviewersWords() {
    waitingAt("Task_AwaitInformation",
        "{\"outcome\":\"INFORMATION_NEEDED\",\"reasonCode\":\"ISO_IEC_23053_NOT_DOCUMENTED\"}", "\"Say where the EU region is hosted.\"");
    var request = only();
    assertThat(request.request()).isEqualTo("INFORMATION");
    assertThat(request.reasonCode()).isEqualTo("ISO_IEC_23053_NOT_DOCUMENTED");
    assertThat(request.askedFor()).isEqualTo("Say where the EU region is hosted.");
  }

  @Test
  void aReviewersRequestAfterRulesThatPassedHasNoRulesReason() {
    waitingAt("Task_AwaitInformation", "{\"outcome\":\"IN_SCOPE\",\"reasonCode\":\"ALL_MET\"}", "\"  \"");
    var request = only();
    assertThat(request.reasonCode()).isNull();
    assertThat(request.askedFor()).as("blank is nothing asked").isNull();
  }

  @Test
  void aWaitWithoutReasonsSaysNoneEvenWhenTheVariablesAreThere() {
    waitingAt("Task_AwaitDocuments",
        "{\"outcome\":\"INFORMATION_NEEDED\",\"reasonCode\":\"ISO_IEC_23053_NOT_DOCUMENTED\"}", "\"left from before\"");
    var request = only();
    assertThat(request.request()).isEqualTo("DOCUMENTS");
    assertThat(request.reasonCode()).isNull();
    assertThat(request.askedFor()).isNull();
  }

  @Test
  void aDecisionResultWithoutTheOutcomeThatAskedIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WaitingPoint.Reasons("eligibilityCheck", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WaitingPoint.DOCUMENTS.reasons()).isEqualTo(WaitingPoint.Reasons.NONE);
  }
}
