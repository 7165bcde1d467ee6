package org.exportcert.api.security;

import java.security.SecureRandom;
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

/** Builds the local users from configuration; generated passwords are printed once, here. */
final class LocalUsers {

  private static final Logger log = LoggerFactory.getLogger(LocalUsers.class);
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private LocalUsers() {}

  static UserDetailsService from(SecurityProperties properties, PasswordEncoder encoder) {
    Map<String, LocalUserDetails> users = new HashMap<>();
    List<String> generated = new ArrayList<>();
    for (Map.Entry<String, SecurityProperties.LocalUser> entry : properties.users().entrySet()) {
      String username = entry.getKey();
      SecurityProperties.LocalUser user = entry.getValue();
      String password = user.password();
      if (password == null || password.isBlank()) {
        password = generate();
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
      log.warn(
          "Local users with generated passwords (valid until the next start; set"
              + " EXPORTCERT_SECURITY_USERS_<NAME>_PASSWORD to choose one):\n{}",
          String.join("\n", generated));
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

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
