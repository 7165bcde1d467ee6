package org.exportcert.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 that keeps every mail it receives in memory, so the
 * application sends its notifications over SMTP locally exactly as in production, and the console
 * can show each local user the mails addressed to them. Mail is not kept across restarts.
 */
public final class LocalMailServer implements AutoCloseable {

  public static final String HOST = "127.0.0.1";

  /** A received mail, as the console's mailbox lists it. */
  public record ReceivedMail(
      String messageId, String from, List<String> to, String subject, String body, Instant received) {}

  private final GreenMail greenMail;

  private LocalMailServer(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /** @param port the SMTP port, 0 for a free one */
  public static LocalMailServer start(int port) {
    ServerSetup setup = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
    GreenMail greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
    try {
      greenMail.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Embedded SMTP server did not start on port " + port, e);
    }
    return new LocalMailServer(greenMail);
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  /** Mails with any of the addresses among their recipients, newest first. */
  public List<ReceivedMail> receivedBy(Collection<String> addresses) {
    Set<String> wanted =
        addresses.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<ReceivedMail> out = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      ReceivedMail mail = read(m);
      if (mail.to().stream().anyMatch(wanted::contains)) {
        out.add(mail);
      }
    }
    out.sort(Comparator.comparing(ReceivedMail::received, Comparator.nullsLast(Comparator.reverseOrder())));
    return out;
  }

  private static ReceivedMail read(MimeMessage m) {
    try {
      return new ReceivedMail(
          m.getMessageID(),
          addresses(m.getFrom()).stream().findFirst().orElse(null),
          addresses(m.getRecipients(Message.RecipientType.TO)),
          m.getSubject(),
          text(m),
          m.getSentDate() == null ? null : m.getSentDate().toInstant());
    } catch (MessagingException e) {
      throw new IllegalStateException("Unreadable mail in the local mailbox", e);
    }
  }

  private static String text(MimeMessage m) throws MessagingException {
    try {
      Object content = m.getContent();
      return content instanceof String s ? s : GreenMailUtil.getBody(m);
    } catch (IOException e) {
      return GreenMailUtil.getBody(m);
    }
  }

  private static List<String> addresses(Address[] addresses) {
    if (addresses == null) {
      return List.of();
    }
    return Arrays.stream(addresses)
        .map(a -> a instanceof jakarta.mail.internet.InternetAddress ia ? ia.getAddress() : a.toString())
        .map(a -> a.toLowerCase(Locale.ROOT))
        .toList();
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
