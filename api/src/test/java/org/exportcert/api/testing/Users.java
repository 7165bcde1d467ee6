package org.exportcert.api.testing;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

import java.util.List;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The local users of application.yaml, with the passwords {@link KnownUserPasswords} gives them. */
public final class Users {

  private Users() {}

  public static final List<String> ALL =
      List.of("applicant", "applicant2", "cbreviewer", "evaluator", "lab", "reviewer", "committee",
          "registrar", "appeals", "manager", "manager2", "operator");

  public static RequestPostProcessor as(String user) {
    return httpBasic(user, user + "-pw");
  }
}
