package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
  @RegisterExtension final EngineExtension env = new EngineExtension();

  @Test
  void runsAServiceTask() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("smoke").startEvent().serviceTask("task", t -> t.zeebeJobType("work")).endEvent().done();
    DeploymentEvent deployment = env.client().newDeployResourceCommand().addProcessModel(model, "smoke.bpmn").send().join();
    assertThat(deployment.getProcesses()).hasSize(1);
    ProcessInstanceEvent instance = env.client().newCreateInstanceCommand().bpmnProcessId("smoke").latestVersion().variables(Map.of("a", 1)).send().join();
    List<ActivatedJob> jobs = env.client().newActivateJobsCommand().jobType("work").maxJobsToActivate(5).send().join().getJobs();
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).getVariablesAsMap()).containsEntry("a", 1);
    env.client().newCompleteCommand(jobs.get(0)).variables(Map.of("b", 2)).send().join();
    var pi = env.client().newProcessInstanceGetRequest(instance.getProcessInstanceKey()).send().join();
    assertThat(pi.getState().name()).isEqualTo("COMPLETED");
  }
}
