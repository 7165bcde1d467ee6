package org.exportcert.api.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Builds the local users from configuration; a user without a configured password gets one
 * generated once and kept in the data directory ({@link GeneratedPasswords}).
 */
final class LocalUsers {

  private static final Logger log = LoggerFactory.getLogger(LocalUsers.class);
  private LocalUsers() {}

  static UserDetailsService from(SecurityProperties properties, PasswordEncoder encoder, Path dataDir) {
    GeneratedPasswords kept = GeneratedPasswords.in(dataDir);
    Map<String, LocalUserDetails> users = new HashMap<>();
    List<String> generated = new ArrayList<>();
    for (Map.Entry<String, SecurityProperties.LocalUser> entry : properties.users().entrySet()) {
      String username = entry.getKey();
      SecurityProperties.LocalUser user = entry.getValue();
      String password = user.password();
      if (password == null || password.isBlank()) {
        password = kept.passwordOf(username);
        generated.add(String.format("  %-16s %-40s %s", username, user.roles(), password));
      }
      List<SimpleGrantedAuthority> authorities =
          user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
      users.put(
          username,
          new LocalUserDetails(
              User.withUsername(username)
                  .password(encoder.encode(password))
                  .authorities(authorities)
                  .build(),
              user.organisation()));
    }
    if (!generated.isEmpty()) {
      if (kept.save()) {
        log.warn(
            "Local users with generated passwords (kept in {}, readable by its owner only; set"
                + " EXPORTCERT_SECURITY_USERS_<NAME>_PASSWORD to choose one):\n{}",
            kept.file().toAbsolutePath(), String.join("\n", generated));
      } else {
        log.warn(
            "Local users with generated passwords (valid until the next start: {} cannot be written;"
                + " set EXPORTCERT_SECURITY_USERS_<NAME>_PASSWORD to choose one):\n{}",
            kept.file().toAbsolutePath(), String.join("\n", generated));
      }
    }
    // a fresh copy per lookup: Spring erases credentials on the instance it authenticated
    return username -> {
      LocalUserDetails user = users.get(username);
      if (user == null) {
        throw new UsernameNotFoundException("no such user");
      }
      return new LocalUserDetails(user, user.getOrganisation());
    };
  }
}
