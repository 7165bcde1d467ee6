package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standalone engine's {@code --unprotected-api}: like Camunda 8 Run and the lightweight Docker
 * Compose (documented default {@code CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=true}), clients
 * without credentials may use REST and gRPC, so public Camunda Process Test suites in remote mode
 * (whose deprecated ZeebeClient cannot send basic credentials) run against it. Without the flag
 * every start stays authenticated.
 */
class UnprotectedApiTest {

  private static final String[] FREE_PORTS = {"--in-memory", "--port", "0", "--grpc-port", "0"};

  private static String[] with(String... more) {
    String[] args = java.util.Arrays.copyOf(FREE_PORTS, FREE_PORTS.length + more.length);
    System.arraycopy(more, 0, args, FREE_PORTS.length, more.length);
    return args;
  }

  @Test
  void withTheFlagClientsWithoutCredentialsUseRestAndGrpc() throws Exception {
    EngineConfig config = EngineMain.configFrom(with("--unprotected-api"), name -> null);
    assertThat(config.security().enabled()).isFalse();
    try (ExportCertEngine engine = ExportCertEngine.start(config);
        CamundaClient rest = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
            .defaultRequestTimeout(Duration.ofSeconds(20)).build();
        CamundaClient grpc = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
            .grpcAddress(engine.grpcAddress()).preferRestOverGrpc(false).defaultRequestTimeout(Duration.ofSeconds(20)).build()) {
      rest.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("open").startEvent()
          .serviceTask("work", t -> t.zeebeJobType("work")).endEvent().done(), "open.bpmn").send().join();
      long pi = grpc.newCreateInstanceCommand().bpmnProcessId("open").latestVersion().send().join().getProcessInstanceKey();
      ActivatedJob job = grpc.newActivateJobsCommand().jobType("work").maxJobsToActivate(1)
          .requestTimeout(Duration.ofSeconds(10)).send().join().getJobs().get(0);
      grpc.newCompleteCommand(job).variables(Map.of("done", true)).send().join();
      assertThat(rest.newProcessInstanceGetRequest(pi).send().join().getState().name()).isEqualTo("COMPLETED");

      HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(engine.restAddress() + "/v2/process-instances/search"))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(EngineMain.howToConnect(engine, config.security())).contains("unprotected").contains("test machines only");
    }
  }

  @Test
  void theEnvironmentSwitchesItOnAndNothingElseDoes() {
    assertThat(EngineMain.configFrom(FREE_PORTS, name -> name.equals("EXPORTCERT_ENGINE_UNPROTECTED_API") ? "true" : null)
        .security().enabled()).isFalse();
    assertThat(EngineMain.configFrom(FREE_PORTS, name -> null).security().enabled()).isTrue();
    assertThat(EngineMain.configFrom(FREE_PORTS, name -> name.equals("EXPORTCERT_ENGINE_UNPROTECTED_API") ? "yes" : null)
        .security().enabled()).as("only 'true' switches it on").isTrue();
    assertThat(EngineMain.configFrom(new String[] {"--help"}, name -> null)).isNull();
  }

  @Test
  void anUnprotectedApiAndAnOidcIssuerExcludeEachOther() {
    assertThatThrownBy(() -> EngineMain.configFrom(with("--unprotected-api", "--oidc-issuer", "https://idp.example"), name -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclude each other");
  }
}
