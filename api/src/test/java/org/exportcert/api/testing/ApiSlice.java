package org.exportcert.api.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.exportcert.api.cases.CaseAccess;
import org.exportcert.api.error.ProblemWriter;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.api.security.SecurityConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * A web slice with the real security chains, error handling and ownership check, the local users
 * of application.yaml with known passwords ({@link Users}), and no local stack.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest
@Import({SecurityConfiguration.class, ProblemWriter.class, CurrentUsers.class, CaseAccess.class})
@TestPropertySource(
    properties = {
      "exportcert.local-stack.enabled=false",
      "exportcert.security.users.applicant.password=applicant-pw",
      "exportcert.security.users.applicant2.password=applicant2-pw",
      "exportcert.security.users.cbreviewer.password=cbreviewer-pw",
      "exportcert.security.users.evaluator.password=evaluator-pw",
      "exportcert.security.users.lab.password=lab-pw",
      "exportcert.security.users.reviewer.password=reviewer-pw",
      "exportcert.security.users.committee.password=committee-pw",
      "exportcert.security.users.registrar.password=registrar-pw",
      "exportcert.security.users.appeals.password=appeals-pw",
      "exportcert.security.users.manager.password=manager-pw",
      "exportcert.security.users.operator.password=operator-pw",
      "exportcert.partners.sg-imda.secret=test-partner-secret",
      "exportcert.partners.sg-imda.markets=SG"
    })
public @interface ApiSlice {

  @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
  Class<?>[] value() default {};
}
