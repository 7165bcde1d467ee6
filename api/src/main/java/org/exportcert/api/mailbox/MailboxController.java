package org.exportcert.api.mailbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.localstack.LocalMailbox;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.CurrentUsers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's mail as the local stack's SMTP server received it: what notifications
 * look like, without a mail client. Production mail goes to a real server; there this answers 404.
 */
@RestController
@RequestMapping("/api/mailbox")
@Tag(name = "Account")
public class MailboxController {

  private final ObjectProvider<LocalMailbox> mailbox;
  private final ObjectProvider<MailboxAddresses> addresses;
  private final CurrentUsers users;

  // providers: the web slices load this controller without the domain or the local stack
  MailboxController(
      ObjectProvider<LocalMailbox> mailbox, ObjectProvider<MailboxAddresses> addresses, CurrentUsers users) {
    this.mailbox = mailbox;
    this.addresses = addresses;
    this.users = users;
  }

  /** keptPerRecipient: the local server keeps each address's newest mails only, and the page says how many. */
  record Mailbox(List<String> addresses, List<LocalMailbox.Mail> mails, int keptPerRecipient) {}

  @GetMapping
  @Operation(summary = "My mail on the local stack (404 where mail goes to a real SMTP server)")
  Mailbox mine() {
    LocalMailbox box = mailbox.getIfAvailable();
    if (box == null) {
      throw ApiProblem.notFound(
          "No local mailbox: mail is delivered by the configured SMTP server (SPRING_MAIL_HOST).");
    }
    CurrentUser user = users.current();
    List<String> mine = addresses.getObject().of(user);
    return new Mailbox(mine, box.to(mine), box.keptPerRecipient());
  }
}
