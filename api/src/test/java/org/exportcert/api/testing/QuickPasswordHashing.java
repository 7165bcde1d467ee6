package org.exportcert.api.testing;

import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The local users' passwords hashed with BCrypt at its lowest cost (4 instead of the default 10),
 * for web slices that sign in with HTTP basic on every request: every request still checks its
 * password against a BCrypt hash as in production, 64 times faster (the authorization matrix
 * signs in about 850 times).
 */
@TestConfiguration(proxyBeanMethods = false)
public class QuickPasswordHashing {

  @Bean
  @Primary
  PasswordEncoder quickPasswordEncoder() {
    return new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)));
  }
}
