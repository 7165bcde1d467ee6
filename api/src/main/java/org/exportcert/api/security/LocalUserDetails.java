package org.exportcert.api.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/** A configured local user, carrying the organisation an applicant acts for. */
public class LocalUserDetails extends User {

  private final String organisation;

  LocalUserDetails(UserDetails user, String organisation) {
    super(user.getUsername(), user.getPassword(), user.getAuthorities());
    this.organisation = organisation;
  }

  public String getOrganisation() {
    return organisation;
  }
}
