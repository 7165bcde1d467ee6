package org.exportcert.api.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** The container back end's wiring, checked without Docker: nothing here starts a container. */
class CamundaContainersBackendTest {

  @Test
  void camundaIsTheOfficialImageAtTheClientsVersion() {
    assertThat(CamundaContainersBackend.camundaImage())
        .isEqualTo("camunda/camunda:" + System.getProperty("exportcert.camundaVersion"));
  }

  @Test
  void camundaRunsAsCamundaProcessTestRunsItWithTheClockControlled() {
    Map<String, String> env = CamundaContainersBackend.camundaEnvironment();
    assertThat(env)
        .containsEntry("ZEEBE_CLOCK_CONTROLLED", "true") // PUT /v2/clock and /actuator/clock
        .containsEntry("CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI", "true")
        .containsEntry("CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED", "false")
        .containsEntry("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "rdbms")
        .containsEntry("ZEEBE_BROKER_EXPORTERS_RDBMS_CLASSNAME", "io.camunda.exporter.rdbms.RdbmsExporter");
    assertThat(env.get("SPRING_PROFILES_ACTIVE")).contains("broker");
    // finished instances stay visible to the operators' views
    assertThat(env.keySet()).noneMatch(k -> k.contains("HISTORY"));
  }

  @Test
  void theApplicationIsPointedAtTheContainersWithTheProductionSettings() {
    Map<String, String> p =
        CamundaContainersBackend.springProperties(
            URI.create("http://localhost:32001"), URI.create("http://localhost:32002"),
            "jdbc:postgresql://localhost:32003/test", "test", "pw", "http://localhost:32004",
            "minioadmin", "minio-secret");

    assertThat(p.keySet()).containsExactlyElementsOf(CamundaContainersBackend.PROPERTY_NAMES);
    assertThat(p)
        .containsEntry("camunda.client.mode", "self-managed")
        .containsEntry("camunda.client.rest-address", "http://localhost:32001")
        .containsEntry("camunda.client.grpc-address", "http://localhost:32002")
        .containsEntry("spring.datasource.url", "jdbc:postgresql://localhost:32003/test")
        .containsEntry("spring.datasource.username", "test")
        .containsEntry("spring.datasource.password", "pw")
        .containsEntry("exportcert.s3.endpoint", "http://localhost:32004")
        .containsEntry("exportcert.s3.access-key", "minioadmin")
        .containsEntry("exportcert.s3.secret-key", "minio-secret");
    assertThat(CamundaContainersBackend.LOCAL_STACK_OFF).isEqualTo("exportcert.local-stack.enabled=false");
  }

  @Test
  void outsideTheProfileTheTestIsSkippedWithoutAskingDocker() {
    for (String backend : new String[] {null, "embedded", ""}) {
      ConditionEvaluationResult result =
          CamundaContainersCondition.evaluate(backend, () -> fail("Docker was asked about"));
      assertThat(result.isDisabled()).isTrue();
      assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains("-Pcamunda-it"));
    }
  }

  @Test
  void inTheProfileItRunsOnlyWhereDockerIs() {
    ConditionEvaluationResult without = CamundaContainersCondition.evaluate("camunda", () -> false);
    assertThat(without.isDisabled()).isTrue();
    assertThat(without.getReason())
        .hasValueSatisfying(r -> assertThat(r).contains("Docker is not available", "camunda/camunda:", "postgres:16-alpine"));

    assertThat(CamundaContainersCondition.evaluate("camunda", () -> true).isDisabled()).isFalse();
  }

  @Test
  void camundaIsReadyWhenPartitionOneHasAHealthyLeader() {
    assertThat(CamundaContainersBackend.partitionOneLeads(
            "{\"brokers\":[{\"partitions\":[{\"partitionId\": 1, \"role\": \"leader\", \"health\": \"healthy\"}]}]}"))
        .isTrue();
    assertThat(CamundaContainersBackend.partitionOneLeads(
            "{\"brokers\":[{\"partitions\":[{\"partitionId\":1,\"role\":\"follower\",\"health\":\"healthy\"}]}]}"))
        .isFalse();
  }
}
