package org.exportcert.api.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Every local user of application.yaml ({@link Users#ALL}) with the password {@code <name>-pw},
 * instead of the passwords generated at start. One list for every test that signs in. Hashed at
 * BCrypt's lowest cost ({@link QuickPasswordHashing}): tests over HTTP sign in on every request.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Import(QuickPasswordHashing.class)
@TestPropertySource(
    properties = {
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
      "exportcert.security.users.manager2.password=manager2-pw",
      "exportcert.security.users.operator.password=operator-pw"
    })
public @interface KnownUserPasswords {}
