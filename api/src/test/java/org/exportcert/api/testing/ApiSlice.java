package org.exportcert.api.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.exportcert.api.cases.CaseAccess;
import org.exportcert.api.error.ProblemWriter;
import org.exportcert.api.evidence.EvidenceKinds;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.api.security.SecurityConfiguration;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
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
@Import({SecurityConfiguration.class, ProblemWriter.class, CurrentUsers.class, CaseAccess.class, EvidenceKinds.class,
    EvidenceKindCatalog.class})
@KnownUserPasswords
@TestPropertySource(
    properties = {
      "exportcert.local-stack.enabled=false",
      "exportcert.partners.sg-imda.secret=test-partner-secret",
      "exportcert.partners.sg-imda.markets=SG"
    })
public @interface ApiSlice {

  @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
  Class<?>[] value() default {};
}
