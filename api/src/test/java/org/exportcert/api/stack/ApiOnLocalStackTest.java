package org.exportcert.api.stack;

import org.exportcert.api.localstack.TestDataDirectories;
import org.springframework.boot.test.context.SpringBootTest;

/** {@link ApiScenario} on the embedded local stack: PostgreSQL, S3 and ExportCert's engine. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "exportcert.data-dir=target/test-data/ApiOnLocalStackTest",
      "exportcert.local-stack.postgres-port=0",
      "exportcert.local-stack.s3-port=0",
      "exportcert.local-stack.engine-port=0"
    })
class ApiOnLocalStackTest extends ApiScenario {

  static {
    TestDataDirectories.fresh("ApiOnLocalStackTest");
  }
}
