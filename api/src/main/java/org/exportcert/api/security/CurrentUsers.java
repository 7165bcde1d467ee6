package org.exportcert.api.security;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** Turns whatever authenticated the request (local user or OIDC token) into a {@link CurrentUser}. */
@Component
public class CurrentUsers {

  private final SecurityProperties properties;

  CurrentUsers(SecurityProperties properties) {
    this.properties = properties;
  }

  public CurrentUser current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()) {
      throw new AuthenticationCredentialsNotFoundException("not authenticated");
    }
    return of(authentication);
  }

  public CurrentUser of(Authentication authentication) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      Role.parse(authority.getAuthority()).ifPresent(roles::add);
    }
    String organisation = null;
    String username = authentication.getName();
    if (authentication.getPrincipal() instanceof LocalUserDetails local) {
      organisation = local.getOrganisation();
    } else if (authentication instanceof JwtAuthenticationToken jwt) {
      organisation = jwt.getToken().getClaimAsString(properties.oidc().organisationClaim());
      String preferred = jwt.getToken().getClaimAsString("preferred_username");
      if (preferred != null && !preferred.isBlank()) {
        username = preferred;
      }
    }
    return new CurrentUser(username, roles, organisation);
  }
}
