package org.exportcert.api.me;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.api.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/me")
@Tag(name = "Account")
public class MeController {

  private final CurrentUsers users;

  MeController(CurrentUsers users) {
    this.users = users;
  }

  record Me(String username, List<Role> roles, String organisation, List<String> candidateGroups) {}

  @GetMapping
  @Operation(summary = "Who am I: roles, organisation and the task groups I work in")
  Me me() {
    CurrentUser user = users.current();
    return new Me(
        user.username(), List.copyOf(user.roles()), user.organisation(), user.candidateGroups());
  }
}
