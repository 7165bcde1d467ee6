package org.exportcert.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes: every manifest binds strictly to the fabric8 Kubernetes model, then the
 * semantics a cluster would only show at run time (probes, selectors, references) are checked.
 */
class KubernetesManifestsTest {

  static final String DIR = "deploy/kubernetes";
  static final Set<String> NOT_MANIFESTS = Set.of("kustomization.yaml", "camunda-values.yaml");

  final JsonNode kustomization = Repo.yaml(DIR + "/kustomization.yaml");
  final Map<String, List<HasMetadata>> byFile = manifests();
  final List<HasMetadata> all = byFile.values().stream().flatMap(List::stream).toList();

  @Test
  void kustomizationListsEveryManifestAndOnlyExistingOnes() throws IOException {
    Set<String> listed = new TreeSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.list(Repo.path(DIR))) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !NOT_MANIFESTS.contains(n))
          .forEach(present::add);
    }
    assertThat(listed).isEqualTo(present);
    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    assertThat(kustomization.path("namespace").asText()).isEqualTo("exportcert");
  }

  @Test
  void everyManifestBindsToTheKubernetesModelWithoutUnknownFields() {
    // manifests() already failed otherwise; this names what was read.
    assertThat(all).extracting(HasMetadata::getKind)
        .contains("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "ConfigMap");
  }

  @Test
  void theStrictReaderRefusesWhatTheApiServerWouldRefuseOrIgnore() {
    String misspelt =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: broken
        spec:
          selector:
            matchLabels: {app: broken}
          template:
            metadata:
              labels: {app: broken}
            spec:
              containers:
                - name: app
                  image: example
                  livenesProbe:
                    httpGet: {path: /, port: 8080}
        """;
    assertThatThrownBy(() -> StrictKubernetesModel.read(misspelt, "misspelt.yaml"))
        .hasMessageContaining("spec.template.spec.containers[0].livenesProbe");

    String wrongType = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - port: eighty\n";
    assertThatThrownBy(() -> StrictKubernetesModel.read(wrongType, "wrong-type.yaml"))
        .hasMessageContaining("does not bind");

    String unknownKind = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old}\n";
    assertThatThrownBy(() -> StrictKubernetesModel.read(unknownKind, "old.yaml"))
        .hasMessageContaining("unsupported apiVersion/kind extensions/v1beta1/Ingress");
  }

  @Test
  void apiAndWorkersAreTwoDeploymentsOfOneImageDifferingInTheirRole() {
    Deployment api = one(Deployment.class, "exportcert-api");
    Deployment workers = one(Deployment.class, "exportcert-workers");
    Container apiContainer = container(api);
    Container workersContainer = container(workers);
    assertThat(apiContainer.getImage()).isEqualTo(workersContainer.getImage());
    assertThat(kustomization.path("images").get(0).path("name").asText()).isEqualTo(apiContainer.getImage());
    assertThat(env(apiContainer)).containsEntry("EXPORTCERT_WORKERS_ENABLED", "false");
    assertThat(env(workersContainer)).containsEntry("EXPORTCERT_WORKERS_ENABLED", "true");
    assertThat(configMap().getData()).containsEntry("EXPORTCERT_LOCAL_STACK_ENABLED", "false");
    for (Container c : List.of(apiContainer, workersContainer)) {
      assertThat(c.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("exportcert-config"));
    }
  }

  @Test
  void probesAskTheActuatorOnADeclaredPort() {
    for (Deployment d : all(Deployment.class)) {
      Container c = container(d);
      Set<String> ports = new TreeSet<>();
      c.getPorts().forEach(p -> {
        ports.add(String.valueOf(p.getContainerPort()));
        if (p.getName() != null) {
          ports.add(p.getName());
        }
      });
      String at = d.getMetadata().getName() + ": ";
      assertThat(path(c.getLivenessProbe())).as(at + "liveness").isEqualTo("/actuator/health/liveness");
      assertThat(path(c.getReadinessProbe())).as(at + "readiness").isEqualTo("/actuator/health/readiness");
      assertThat(path(c.getStartupProbe())).as(at + "startup").isEqualTo("/actuator/health/liveness");
      for (Probe p : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
        assertThat(ports).as(at + "probe port").contains(portText(p.getHttpGet().getPort()));
      }
      assertThat(ports).as(at + "container port").contains("8080");
    }
  }

  @Test
  void everyContainerHasRequestsAndLimitsAndRunsUnprivileged() {
    for (Deployment d : all(Deployment.class)) {
      Container c = container(d);
      String at = d.getMetadata().getName() + ": ";
      assertThat(c.getResources().getRequests()).as(at + "requests").containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).as(at + "limits").containsKey("memory");
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(at + "runAsNonRoot").isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(at + "no privilege escalation").isFalse();
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(at + "read-only root").isTrue();
      assertThat(c.getVolumeMounts()).as(at + "a writable /tmp").anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      assertThat(all(ServiceAccount.class)).extracting(s -> s.getMetadata().getName()).contains(pod.getServiceAccountName());
    }
  }

  @Test
  void selectorsMatchTheirPods() {
    for (Deployment d : all(Deployment.class)) {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .as(d.getMetadata().getName() + ": selector ⊆ pod labels")
          .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    }
    Map<String, String> apiPods = one(Deployment.class, "exportcert-api").getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> workerPods = one(Deployment.class, "exportcert-workers").getSpec().getTemplate().getMetadata().getLabels();

    Service service = one(Service.class, "exportcert-api");
    assertThat(apiPods).as("the Service selects the API pods").containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(workerPods).as("and not the workers").isNotEqualTo(apiPods);
    assertThat(matches(service.getSpec().getSelector(), workerPods)).as("the Service must not select workers").isFalse();
    Set<String> apiPortNames = new TreeSet<>();
    container(one(Deployment.class, "exportcert-api")).getPorts().forEach(p -> apiPortNames.add(p.getName()));
    for (ServicePort port : service.getSpec().getPorts()) {
      assertThat(apiPortNames).contains(portText(port.getTargetPort()));
    }

    PodDisruptionBudget pdb = one(PodDisruptionBudget.class, "exportcert-api");
    assertThat(apiPods).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theIngressRoutesToTheApiService() {
    Service service = one(Service.class, "exportcert-api");
    Set<String> servicePorts = new TreeSet<>();
    service.getSpec().getPorts().forEach(p -> servicePorts.add(p.getName()));
    List<IngressBackend> backends = new ArrayList<>();
    for (Ingress ingress : all(Ingress.class)) {
      ingress.getSpec().getRules().forEach(r -> r.getHttp().getPaths().forEach(p -> backends.add(p.getBackend())));
    }
    assertThat(backends).isNotEmpty();
    for (IngressBackend backend : backends) {
      assertThat(backend.getService().getName()).isEqualTo("exportcert-api");
      assertThat(servicePorts).contains(backend.getService().getPort().getName());
    }
  }

  @Test
  void theAutoscalerScalesTheWorkers() {
    HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class, "exportcert-workers");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("exportcert-workers");
    assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
    // A CPU utilisation target needs CPU requests on the target's pods.
    assertThat(container(one(Deployment.class, "exportcert-workers")).getResources().getRequests()).containsKey("cpu");
    assertThat(all(HorizontalPodAutoscaler.class)).as("the API is not autoscaled on worker load").hasSize(1);
  }

  @Test
  void secretsAreReferencedNeverWritten() {
    assertThat(all).extracting(HasMetadata::getKind).doesNotContain("Secret");
    Set<String> secretNames = new TreeSet<>();
    for (Deployment d : all(Deployment.class)) {
      for (EnvVar e : container(d).getEnv()) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
          secretNames.add(e.getValueFrom().getSecretKeyRef().getName());
        }
        if (e.getName().matches(".*(PASSWORD|SECRET|ACCESS_KEY|USERNAME).*")) {
          assertThat(e.getValue()).as(d.getMetadata().getName() + ": " + e.getName() + " comes from a Secret").isNull();
        }
      }
    }
    assertThat(secretNames).containsExactly("exportcert-secrets");
    configMap().getData().keySet().forEach(k -> assertThat(k).doesNotContainPattern("PASSWORD|SECRET|ACCESS_KEY"));
  }

  @Test
  void camundaValuesInstallTheOrchestrationClusterWithElasticsearchAndOidc() {
    JsonNode values = Repo.yaml(DIR + "/camunda-values.yaml");
    assertThat(values.at("/orchestration/enabled").asBoolean()).isTrue();
    assertThat(values.at("/global/elasticsearch/enabled").asBoolean()).isTrue();
    assertThat(values.at("/elasticsearch/enabled").asBoolean()).isTrue();
    assertThat(values.at("/global/security/authentication/method").asText()).isEqualTo("oidc");
    assertThat(values.at("/orchestration/security/authentication/method").asText()).isEqualTo("oidc");
    assertThat(values.at("/global/identity/auth/orchestration/clientId").asText()).isEqualTo("camunda-orchestration");
    List<String> adminClients = new ArrayList<>();
    values.at("/orchestration/security/initialization/defaultRoles/admin/clients").forEach(c -> adminClients.add(c.asText()));
    assertThat(adminClients).contains("exportcert-api", "exportcert-workers");
    List<String> secretValues = new ArrayList<>();
    secretValues("", values, secretValues);
    assertThat(secretValues).as("no secret values in the Helm values, only references to Secrets").isEmpty();
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** Scalar values under keys that hold secrets (password, inlineSecret, clientSecret, secret, token). */
  static void secretValues(String path, JsonNode node, List<String> out) {
    node.fields().forEachRemaining(e -> {
      String at = path + "/" + e.getKey();
      if (e.getValue().isContainerNode()) {
        secretValues(at, e.getValue(), out);
      } else if (e.getKey().matches("(?i)password|inlineSecret|clientSecret|secret|token|key")
          && !e.getValue().asText().isEmpty()) {
        out.add(at);
      }
    });
  }

  static Map<String, List<HasMetadata>> manifests() {
    Map<String, List<HasMetadata>> byFile = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Repo.path(DIR))) {
      files.filter(p -> p.toString().endsWith(".yaml") && !NOT_MANIFESTS.contains(p.getFileName().toString()))
          .sorted()
          .forEach(p -> byFile.put(p.getFileName().toString(), StrictKubernetesModel.read(Repo.read(p), p.getFileName().toString())));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return byFile;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> found = all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).toList();
    assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
    return found.get(0);
  }

  ConfigMap configMap() {
    return one(ConfigMap.class, "exportcert-config");
  }

  static Container container(Deployment d) {
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as(d.getMetadata().getName() + " containers").hasSize(1);
    return containers.get(0);
  }

  static Map<String, String> env(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  static String path(Probe probe) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet()).as("an HTTP probe").isNotNull();
    return probe.getHttpGet().getPath();
  }

  static String portText(IntOrString port) {
    return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
