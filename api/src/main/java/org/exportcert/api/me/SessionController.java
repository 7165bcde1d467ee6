package org.exportcert.api.me;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.CurrentUsers;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the console's public pages (home, registry, verification): who is signed in, if anyone.
 * The public gets {@code signedIn: false} rather than the 401 of {@code GET /api/me}, which a
 * browser reports as an error on every public page.
 */
@RestController
@Tag(name = "Account")
class SessionController {

  private final CurrentUsers users;

  SessionController(CurrentUsers users) {
    this.users = users;
  }

  record Session(boolean signedIn, MeController.Me me) {}

  @GetMapping("/api/public/session")
  @Operation(summary = "Who is signed in, if anyone: signedIn, and the account as GET /api/me gives it")
  ResponseEntity<Session> session(Authentication authentication) {
    Session session;
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      session = new Session(false, null);
    } else {
      CurrentUser user = users.of(authentication);
      session = new Session(true, new MeController.Me(
          user.username(), List.copyOf(user.roles()), user.organisation(), user.candidateGroups()));
    }
    // the answer depends on the caller's session: never kept by a cache
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(session);
  }
}
