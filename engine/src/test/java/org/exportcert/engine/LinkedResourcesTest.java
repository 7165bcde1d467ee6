package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.search.response.Incident;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Camunda 8.8's linked resources: RPA scripts deploy as resources, and a service task's
 * {@code zeebe:linkedResource}s reach its worker as the {@code linkedResources} header (resourceKey,
 * resourceType, linkName), resolved by binding; a link that finds nothing is a RESOURCE_NOT_FOUND
 * incident that deploying the resource and resolving the incident repairs.
 */
class LinkedResourcesTest extends EngineTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] rpa(String id, String versionTag, String script) {
    return ("{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"versionTag\":\"" + versionTag
        + "\",\"executionPlatform\":\"Camunda Cloud\",\"executionPlatformVersion\":\"8.8.0\",\"script\":\"" + script + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static BpmnModelInstance robotProcess(String processId, ZeebeBindingType binding, String versionTag) {
    return Bpmn.createExecutableProcess(processId).startEvent()
        .serviceTask("runRobot", t -> t.zeebeJobType("camunda::RPA-Task::" + processId).zeebeTaskHeader("owner", "ops")
            .zeebeLinkedResources(l -> l.resourceId("Fill_Customs_Form").resourceType("RPA").bindingType(binding)
                .versionTag(versionTag).linkName("RPAScript")))
        .endEvent().done();
  }

  private DeploymentEvent deployRpa(String name, byte[] content) {
    return client().newDeployResourceCommand().addResourceBytes(content, name).send().join();
  }

  private static JsonNode linked(ActivatedJob job) throws Exception {
    assertThat(job.getCustomHeaders()).containsEntry("owner", "ops").containsKey("linkedResources");
    return JSON.readTree(job.getCustomHeaders().get("linkedResources"));
  }

  @Test
  void rpaResourcesDeployWithVersionsAndCanBeFetched() throws Exception {
    DeploymentEvent first = deployRpa("fill-customs.rpa", rpa("Fill_Customs_Form", "v1", "Open Browser"));
    assertThat(first.getResource()).singleElement().satisfies(r -> {
      assertThat(r.getResourceId()).isEqualTo("Fill_Customs_Form");
      assertThat(r.getVersion()).isEqualTo(1);
      assertThat(r.getResourceName()).isEqualTo("fill-customs.rpa");
      assertThat(r.getTenantId()).isEqualTo("<default>");
    });
    long key = first.getResource().get(0).getResourceKey();
    assertThat(deployRpa("fill-customs.rpa", rpa("Fill_Customs_Form", "v1", "Open Browser")).getResource().get(0).getResourceKey())
        .as("the same content again is no new version").isEqualTo(key);
    assertThat(deployRpa("fill-customs.rpa", rpa("Fill_Customs_Form", "v2", "Close Browser")).getResource().get(0).getVersion()).isEqualTo(2);

    var fetched = client().newResourceGetRequest(key).send().join();
    assertThat(fetched.getResourceId()).isEqualTo("Fill_Customs_Form");
    assertThat(fetched.getVersion()).isEqualTo(1);
    assertThat(fetched.getResourceKey()).isEqualTo(key);
    HttpResponse<String> raw = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/resources/" + key)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(raw.body()).path("versionTag").asText()).isEqualTo("v1");
    assertThat(client().newResourceContentGetRequest(key).send().join()).contains("Open Browser");
    assertThatThrownBy(() -> client().newResourceGetRequest(key + 999_999).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    client().newDeleteResourceCommand(key).send().join();
    assertThatThrownBy(() -> client().newResourceGetRequest(key).send().join())
        .as("a deleted resource is gone").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> deployRpa("broken.rpa", "{\"name\":\"no id\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("broken.rpa"));
  }

  @Test
  void theWorkerGetsTheLinkResolvedByEachBinding() throws Exception {
    long v1 = deployRpa("fill-customs.rpa", rpa("Fill_Customs_Form", "v1", "one")).getResource().get(0).getResourceKey();
    DeploymentEvent together = client().newDeployResourceCommand()
        .addProcessModel(robotProcess("byDeployment", ZeebeBindingType.deployment, null), "byDeployment.bpmn")
        .addResourceBytes(rpa("Fill_Customs_Form", "v2", "two"), "fill-customs.rpa").send().join();
    long v2 = together.getResource().get(0).getResourceKey();
    deploy(robotProcess("byLatest", ZeebeBindingType.latest, null));
    deploy(robotProcess("byTag", ZeebeBindingType.versionTag, "v1"));
    long v3 = deployRpa("fill-customs.rpa", rpa("Fill_Customs_Form", "v3", "three")).getResource().get(0).getResourceKey();

    start("byLatest", Map.of());
    start("byDeployment", Map.of());
    start("byTag", Map.of());
    JsonNode latest = linked(activateOne("camunda::RPA-Task::byLatest"));
    assertThat(latest).hasSize(1);
    assertThat(latest.get(0).path("resourceKey").asText()).isEqualTo(String.valueOf(v3));
    assertThat(latest.get(0).path("resourceType").asText()).isEqualTo("RPA");
    assertThat(latest.get(0).path("linkName").asText()).isEqualTo("RPAScript");
    assertThat(linked(activateOne("camunda::RPA-Task::byDeployment")).get(0).path("resourceKey").asText())
        .as("pinned to the version deployed with the process").isEqualTo(String.valueOf(v2));
    assertThat(linked(activateOne("camunda::RPA-Task::byTag")).get(0).path("resourceKey").asText()).isEqualTo(String.valueOf(v1));
  }

  @Test
  void aMissingResourceIsAnIncidentThatDeployingItRepairs() throws Exception {
    deploy(robotProcess("missing", ZeebeBindingType.latest, null));
    long pi = start("missing", Map.of());
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("RESOURCE_NOT_FOUND");
      assertThat(i.getElementId()).isEqualTo("runRobot");
      assertThat(i.getErrorMessage()).contains("'Fill_Customs_Form'");
    });
    assertThat(activate("camunda::RPA-Task::missing", 1)).isEmpty();

    long key = deployRpa("fill-customs.rpa", rpa("Fill_Customs_Form", "v1", "one")).getResource().get(0).getResourceKey();
    client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
    // over gRPC as well: the header is the same JSON
    try (CamundaClient grpc = CamundaClient.newClientBuilder().restAddress(env.engine().restAddress())
        .grpcAddress(env.engine().grpcAddress()).preferRestOverGrpc(false).build()) {
      List<ActivatedJob> jobs = grpc.newActivateJobsCommand().jobType("camunda::RPA-Task::missing").maxJobsToActivate(1)
          .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs();
      assertThat(jobs).hasSize(1);
      assertThat(linked(jobs.get(0)).get(0).path("resourceKey").asText()).isEqualTo(String.valueOf(key));
      grpc.newCompleteCommand(jobs.get(0)).send().join();
    }
    awaitState(pi, "COMPLETED");
  }

  @Test
  void aTaskWithoutLinksGetsNoHeaderAndAVersionTagBindingNeedsATag() {
    deploy(Bpmn.createExecutableProcess("plain").startEvent().serviceTask("t", t -> t.zeebeJobType("plain")).endEvent().done());
    start("plain", Map.of());
    assertThat(activateOne("plain").getCustomHeaders()).doesNotContainKey("linkedResources");
    assertThatThrownBy(() -> deploy(robotProcess("noTag", ZeebeBindingType.versionTag, null)))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("runRobot"));
  }
}
