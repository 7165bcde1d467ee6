package org.exportcert.api.localstack;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.exportcert.localstack.LocalMailServer;

/**
 * The mail the local stack's SMTP server received, for the console's Mailbox page. A bean only
 * when the local stack runs the SMTP server; production mail goes to a real server instead.
 */
public final class LocalMailbox {

  public record Mail(
      String messageId, String from, List<String> to, String subject, String body, Instant received) {}

  private final LocalMailServer server;
  private final int keptPerRecipient;

  LocalMailbox(LocalMailServer server, int keptPerRecipient) {
    this.server = server;
    this.keptPerRecipient = keptPerRecipient;
  }

  /** How many of each recipient's newest mails are kept: the page says so, older ones are gone. */
  public int keptPerRecipient() {
    return keptPerRecipient;
  }

  /** Mails to any of the addresses, newest first. */
  public List<Mail> to(Collection<String> addresses) {
    return server.receivedBy(addresses).stream()
        .map(m -> new Mail(m.messageId(), m.from(), m.to(), m.subject(), m.body(), m.received()))
        .toList();
  }
}
