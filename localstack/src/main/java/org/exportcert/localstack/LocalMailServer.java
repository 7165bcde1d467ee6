package org.exportcert.localstack;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 whose mailbox is kept on disk ({@link MailStore}:
 * the newest mails per recipient, owner-only), so the application sends its notifications over
 * SMTP locally exactly as in production, and the console shows each local user the mails
 * addressed to them, also after a restart.
 */
public final class LocalMailServer implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  /** Mails kept per recipient unless configured otherwise. */
  public static final int DEFAULT_KEEP_PER_RECIPIENT = 200;

  /** A received mail, as the console's mailbox lists it. */
  public record ReceivedMail(
      String messageId, String from, List<String> to, String subject, String body, Instant received) {}

  private final GreenMail greenMail;
  private final MailStore store;

  private LocalMailServer(GreenMail greenMail, MailStore store) {
    this.greenMail = greenMail;
    this.store = store;
  }

  /**
   * @param port the SMTP port, 0 for a free one
   * @param directory where the mailbox is kept (created owner-only); what it holds is loaded first
   * @param keepPerRecipient how many of each recipient's newest mails are kept
   */
  public static LocalMailServer start(int port, Path directory, int keepPerRecipient) {
    MailStore store = MailStore.open(directory, keepPerRecipient);
    ServerSetup setup = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
    GreenMail greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
    try {
      greenMail.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Embedded SMTP server did not start on port " + port, e);
    }
    // each recipient's copy goes to the store before the server answers the DATA command, and
    // nowhere else: GreenMail's own in-memory mailboxes would grow without bound
    greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> {
      store.deliver(address.getEmail(), message.getMessage());
      return Discarding.USER;
    });
    return new LocalMailServer(greenMail, store);
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /** Mails with any of the addresses among their envelope recipients, newest first. */
  public List<ReceivedMail> receivedBy(Collection<String> addresses) {
    return store.receivedBy(addresses);
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  /** The user GreenMail hands a mail to after the store kept it: nothing more to do. */
  private enum Discarding implements GreenMailUser {
    USER;

    @Override public String getEmail() { return "local-mailbox"; }
    @Override public String getLogin() { return "local-mailbox"; }
    @Override public void deliver(MovingMessage msg) {}
    @Override public void deliver(MimeMessage msg) {}
    @Override public void create() {}
    @Override public void delete() {}
    @Override public String getPassword() { return null; }
    @Override public void setPassword(String password) {}
    @Override public void authenticate(String password) { throw new UnsupportedOperationException("no login"); }
    @Override public String getQualifiedMailboxName() { return "local-mailbox"; }
  }
}
