package org.exportcert.api.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import org.exportcert.api.process.CaseProcesses;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A restart must not redeploy the shipped bundle: its tables would become the latest again and
 * undo a program manager's rule change. A new bundle (a release) or an empty engine is deployed.
 */
class ShippedModelsDeploymentTest {

  final CaseProcesses processes = mock(CaseProcesses.class);
  final JdbcTemplate jdbc = mock(JdbcTemplate.class);
  final ShippedModelsDeployment deployment = new ShippedModelsDeployment(processes, jdbc);

  void bundleKnown(boolean known) {
    when(jdbc.queryForObject(any(String.class), eq(Integer.class), any(Object[].class))).thenReturn(known ? 1 : 0);
  }

  @Test
  void theShippedBundleIsEveryModelTableAndFormInNameOrder() {
    List<String> names = ShippedModelsDeployment.shippedBundle().stream().map(CaseProcesses.Resource::name).toList();
    assertThat(names).contains("certification-case.bpmn", "due-dates.dmn").isSorted();
    assertThat(names.stream().filter(n -> n.endsWith(".form"))).isNotEmpty();
  }

  @Test
  void aNewBundleIsDeployedAndRecorded() {
    bundleKnown(false);
    when(processes.deploy(anyList())).thenReturn(new CaseProcesses.Deployed(7, List.of()));
    deployment.run(null);
    verify(processes).deploy(anyList());
    verify(jdbc).update(any(String.class), eq(ShippedModelsDeployment.sha256(ShippedModelsDeployment.shippedBundle())),
        eq(7L), any());
  }

  @Test
  void aRestartLeavesTheProgramManagersDeploymentsTheLatest() {
    bundleKnown(true);
    when(processes.processDeployed("certification-case")).thenReturn(true);
    deployment.run(null);
    verify(processes, never()).deploy(anyList());
  }

  @Test
  void anEngineWithoutTheCaseModelGetsTheBundleAgain() {
    bundleKnown(true);
    when(processes.processDeployed("certification-case")).thenReturn(false);
    when(processes.deploy(anyList())).thenReturn(new CaseProcesses.Deployed(8, List.of()));
    deployment.run(null);
    verify(processes).deploy(anyList());
  }
}
