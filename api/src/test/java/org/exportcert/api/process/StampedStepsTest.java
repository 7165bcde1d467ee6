package org.exportcert.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampedStepsTest {

  @Test
  void theShippedCheckStepNamesTheReviewBeforeIt() throws Exception {
    String xml;
    try (var in = getClass().getResourceAsStream("/models/eligibility.bpmn")) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(StampedSteps.userTaskOf(xml, "Task_CheckReviewApplication")).contains("Task_ReviewApplication");
    assertThat(StampedSteps.userTaskOf(xml, "Task_ReviewApplication")).isEmpty();
    assertThat(StampedSteps.userTaskOf(xml, "NoSuchElement")).isEmpty();
  }
}
