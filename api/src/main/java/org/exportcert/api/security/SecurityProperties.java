package org.exportcert.api.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Local users (when no OIDC issuer is configured) and how to read roles from an OIDC token.
 * A local user's password comes from {@code EXPORTCERT_SECURITY_USERS_<NAME>_PASSWORD}; when unset
 * one is generated once, kept in {@code <data dir>/secrets/local-users.properties} and printed at start.
 */
@ConfigurationProperties(prefix = "exportcert.security")
public record SecurityProperties(Map<String, LocalUser> users, Oidc oidc) {

  public SecurityProperties {
    users = users == null ? Map.of() : new LinkedHashMap<>(users);
    oidc = oidc == null ? new Oidc(null, null) : oidc;
  }

  public record LocalUser(List<Role> roles, String organisation, String password) {
    public LocalUser {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }

  /**
   * @param rolesClaim dotted path to the roles array in the JWT, e.g. {@code realm_access.roles}
   * @param organisationClaim claim naming the applicant's organisation
   */
  public record Oidc(String rolesClaim, String organisationClaim) {
    public Oidc {
      rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "realm_access.roles" : rolesClaim;
      organisationClaim =
          organisationClaim == null || organisationClaim.isBlank() ? "organisation" : organisationClaim;
    }
  }
}
