package org.exportcert.certification;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base for tests over the real stack: embedded PostgreSQL (Flyway schema) and s3proxy. */
@SpringBootTest(classes = TestApplication.class)
public abstract class DomainTest {

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    TestStack.register(registry);
  }
}
