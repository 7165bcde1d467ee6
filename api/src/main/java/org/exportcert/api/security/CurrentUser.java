package org.exportcert.api.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: the name the audit trail records, the roles that gate endpoints, the
 * organisation that scopes an applicant's cases, and the candidate groups that scope tasks.
 */
public record CurrentUser(String username, Set<Role> roles, String organisation) {

  public CurrentUser {
    roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public List<String> candidateGroups() {
    return roles.stream().flatMap(r -> r.candidateGroup().stream()).sorted().toList();
  }
}
