package org.exportcert.api.e2e;

import org.exportcert.api.containers.CamundaContainersBackend;
import org.exportcert.api.containers.OnCamundaContainers;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link FullPipelineScenario} on real services: Camunda's official image (controlled clock),
 * PostgreSQL and MinIO in Docker, the application reaching them through the production settings
 * only. The conformance check that the shipped models, workers and API behave on Camunda as on
 * ExportCert's engine. Runs under {@code mvn -B verify -Pcamunda-it} where Docker exists; skipped
 * with the reason otherwise.
 */
@OnCamundaContainers
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "exportcert.data-dir=target/test-data/FullPipelineOnContainersTest")
class FullPipelineOnContainersTest extends FullPipelineScenario {

  static final CamundaContainersBackend BACKEND = new CamundaContainersBackend();

  /** Started when Spring first asks for its endpoint, so a skipped class starts nothing. */
  private static PartnerBody partner;

  private static synchronized PartnerBody partner() {
    if (partner == null) {
      // the application runs on this host, so the partner's endpoint is local to it too
      partner = PartnerBody.start("127.0.0.1");
    }
    return partner;
  }

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    BACKEND.registerProperties(registry);
    registry.add("exportcert.partners.partner-sg.endpoint", () -> partner().endpoint("127.0.0.1"));
  }

  @AfterAll
  static synchronized void stopPartner() {
    if (partner != null) {
      partner.close();
    }
  }

  @Override
  protected PartnerBody partnerBody() {
    return partner();
  }

  @Override
  protected java.time.Duration stepTimeout() {
    // real Camunda answers searches a moment after each command (secondary storage)
    return java.time.Duration.ofSeconds(180);
  }
}
