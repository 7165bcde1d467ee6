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
  final ShippedModelsDeployer deployer = mock(ShippedModelsDeployer.class);
  final ShippedModelsDeployment deployment = new ShippedModelsDeployment(processes, jdbc, deployer);

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
    when(deployer.deploy(anyList())).thenReturn(new ShippedModelsDeployer.Deployed(1, 7));
    deployment.run(null);
    verify(deployer).deploy(anyList());
    verify(jdbc).update(any(String.class), eq(ShippedModelsDeployment.sha256(ShippedModelsDeployment.shippedBundle())),
        eq(7L), any());
  }

  @Test
  void aRestartLeavesTheProgramManagersDeploymentsTheLatest() {
    bundleKnown(true);
    when(processes.processDeployed("certification-case")).thenReturn(true);
    deployment.run(null);
    verify(deployer, never()).deploy(anyList());
  }

  @Test
  void anEngineWithoutTheCaseModelGetsTheBundleAgain() {
    bundleKnown(true);
    when(processes.processDeployed("certification-case")).thenReturn(false);
    when(deployer.deploy(anyList())).thenReturn(new ShippedModelsDeployer.Deployed(2, 8));
    deployment.run(null);
    verify(deployer).deploy(anyList());
  }
}
