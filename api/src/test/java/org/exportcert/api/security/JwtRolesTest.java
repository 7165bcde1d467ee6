package org.exportcert.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtRolesTest {

  private static Jwt token(Map<String, Object> claims) {
    return new Jwt("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "none"), claims);
  }

  @Test
  void rolesAreReadFromANestedClaimInAnySpelling() {
    Jwt jwt =
        token(Map.of("sub", "u1",
            "realm_access", Map.of("roles", List.of("test-lab", "ROLE_OPERATOR", "offline_access"))));
    assertThat(SecurityConfiguration.authorities(jwt, "realm_access.roles"))
        .extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("ROLE_TEST_LAB", "ROLE_OPERATOR");
  }

  @Test
  void aMissingClaimGivesNoRoles() {
    assertThat(SecurityConfiguration.authorities(token(Map.of("sub", "u1")), "groups")).isEmpty();
  }
}
