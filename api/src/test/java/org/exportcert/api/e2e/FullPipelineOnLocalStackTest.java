package org.exportcert.api.e2e;

import org.exportcert.api.localstack.TestDataDirectories;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link FullPipelineScenario} on the local stack: embedded PostgreSQL, the S3 server and
 * ExportCert's engine started by the application itself, the shipped models deployed at start and
 * every job worker running. {@code FullPipelineOnContainersTest} runs the same on Camunda's image.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/FullPipelineOnLocalStackTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0",
      "exportcert.local-stack.engine-grpc-port=0"
    })
class FullPipelineOnLocalStackTest extends FullPipelineScenario {

  static {
    TestDataDirectories.fresh("FullPipelineOnLocalStackTest");
  }

  static final PartnerBody PARTNER = PartnerBody.start("127.0.0.1");

  @DynamicPropertySource
  static void partnerEndpoint(DynamicPropertyRegistry registry) {
    registry.add("exportcert.partners.partner-sg.endpoint", () -> PARTNER.endpoint("127.0.0.1"));
  }

  @AfterAll
  static void stopPartner() {
    PARTNER.close();
  }

  @Override
  protected PartnerBody partnerBody() {
    return PARTNER;
  }
}
