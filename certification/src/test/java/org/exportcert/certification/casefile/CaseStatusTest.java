package org.exportcert.certification.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseStatusTest {

  @Test
  void aCertifiedServiceIsUnderSurveillanceNotStillBeingListed() {
    // the models record CERTIFIED after the registry entry is published (registry-listing.bpmn)
    assertThat(CaseStatus.CERTIFIED.phase()).isEqualTo(Phase.MAINTENANCE);
    assertThat(CaseStatus.CHANGE_ACCEPTED.phase()).isEqualTo(Phase.MAINTENANCE);
  }

  @Test
  void onlyClosedStatusesAreFinal() {
    for (CaseStatus s : CaseStatus.values()) {
      assertThat(s.isFinal()).as(s.name()).isEqualTo(s.phase() == Phase.CLOSED);
    }
  }
}
