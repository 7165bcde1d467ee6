package org.exportcert.localstack;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local SMTP server's mailbox, kept on disk so it survives a restart: one {@code .eml} file
 * (the message as received) per message and recipient under {@code <directory>/<recipient>/},
 * named by the time it arrived, readable by the owner only. The newest {@code keepPerRecipient}
 * mails of each recipient are kept; older ones are deleted as new ones arrive. A file is written
 * to a temporary name, forced to disk and renamed, so a crash leaves a whole mail or none.
 */
final class MailStore {

  private static final Logger log = LoggerFactory.getLogger(MailStore.class);
  private static final Pattern PLAIN_ADDRESS = Pattern.compile("[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,190}");
  private static final Pattern FILE = Pattern.compile("\\d{16}-[0-9a-f]{8}\\.eml");
  private static final Session SESSION = Session.getInstance(new Properties());

  private record Stored(Path file, LocalMailServer.ReceivedMail mail) {}

  private final Path directory;
  private final int keepPerRecipient;
  /** Per recipient, oldest first. */
  private final Map<String, Deque<Stored>> byRecipient = new HashMap<>();
  private long lastStamp;

  private MailStore(Path directory, int keepPerRecipient) {
    this.directory = directory;
    this.keepPerRecipient = keepPerRecipient;
  }

  /** Opens (creating it owner-only) the directory and loads the mail kept there. */
  static MailStore open(Path directory, int keepPerRecipient) {
    if (keepPerRecipient < 1) {
      throw new IllegalArgumentException("keep at least one mail per recipient, not " + keepPerRecipient);
    }
    MailStore store = new MailStore(directory, keepPerRecipient);
    try {
      ownerOnlyDirectory(directory);
      try (Stream<Path> recipients = Files.list(directory)) {
        for (Path dir : recipients.filter(Files::isDirectory).sorted().toList()) {
          store.load(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The local mailbox in " + directory + " cannot be read", e);
    }
    return store;
  }

  private void load(Path dir) throws IOException {
    Path recipientFile = dir.resolve(".recipient");
    if (!Files.isRegularFile(recipientFile)) {
      log.warn("Skipped {} in the local mailbox: it names no recipient", dir);
      return;
    }
    String recipient = new String(Files.readAllBytes(recipientFile), StandardCharsets.UTF_8).strip();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (!FILE.matcher(name).matches()) {
        if (name.endsWith(".tmp")) {
          Files.deleteIfExists(file); // a write cut short by a crash, never acknowledged
        }
        continue;
      }
      try {
        byte[] raw = Files.readAllBytes(file);
        long stamp = Long.parseLong(name.substring(0, 16));
        lastStamp = Math.max(lastStamp, stamp);
        add(recipient, new Stored(file, read(parse(raw), Instant.ofEpochMilli(stamp))));
      } catch (IOException | MessagingException | RuntimeException e) {
        log.warn("Skipped an unreadable mail in the local mailbox: {} ({})", file, e.toString());
      }
    }
  }

  /** Keeps the message for the recipient (the SMTP envelope's); refuses it when it cannot be written. */
  synchronized void deliver(String recipient, MimeMessage message) {
    String to = recipient.trim().toLowerCase(Locale.ROOT);
    try {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      message.writeTo(raw);
      long stamp = Math.max(System.currentTimeMillis(), lastStamp + 1); // names sort in arrival order
      lastStamp = stamp;
      Path dir = directory.resolve(folderOf(to));
      if (!Files.isDirectory(dir)) {
        ownerOnlyDirectory(dir);
        writeDurably(dir.resolve(".recipient"), to.getBytes(StandardCharsets.UTF_8));
      }
      String name = String.format("%016d-%s.eml", stamp, HexFormat.of().toHexDigits((int) System.nanoTime()));
      Path file = dir.resolve(name);
      writeDurably(file, raw.toByteArray());
      add(to, new Stored(file, read(parse(raw.toByteArray()), Instant.ofEpochMilli(stamp))));
    } catch (IOException e) {
      throw new UncheckedIOException("The local mailbox cannot keep a mail for " + to, e);
    } catch (MessagingException e) {
      throw new IllegalStateException("The local mailbox cannot read a mail for " + to, e);
    }
  }

  /** Mails to any of the addresses, newest first. */
  synchronized List<LocalMailServer.ReceivedMail> receivedBy(Collection<String> addresses) {
    List<LocalMailServer.ReceivedMail> out = new ArrayList<>();
    addresses.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).distinct()
        .forEach(a -> byRecipient.getOrDefault(a, new ArrayDeque<>()).forEach(s -> out.add(s.mail())));
    out.sort(Comparator.comparing(LocalMailServer.ReceivedMail::received).reversed());
    return out;
  }

  private void add(String recipient, Stored stored) {
    Deque<Stored> mails = byRecipient.computeIfAbsent(recipient, r -> new ArrayDeque<>());
    mails.addLast(stored);
    while (mails.size() > keepPerRecipient) {
      Path oldest = mails.removeFirst().file();
      try {
        Files.deleteIfExists(oldest);
      } catch (IOException e) {
        log.warn("Could not delete an old mail of the local mailbox: {} ({})", oldest, e.toString());
      }
    }
  }

  /** The recipient's folder: the address itself when it is a plain one, else a hash of it. */
  static String folderOf(String recipient) {
    if (PLAIN_ADDRESS.matcher(recipient).matches() && !recipient.startsWith(".")) {
      return recipient;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(recipient.getBytes(StandardCharsets.UTF_8));
      return "x-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void ownerOnlyDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static void writeDurably(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
    if (posix) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(java.nio.ByteBuffer.wrap(content));
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static MimeMessage parse(byte[] raw) throws MessagingException {
    return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
  }

  private static LocalMailServer.ReceivedMail read(MimeMessage m, Instant received) throws MessagingException {
    return new LocalMailServer.ReceivedMail(m.getMessageID(), addresses(m.getFrom()).stream().findFirst().orElse(null),
        addresses(m.getRecipients(Message.RecipientType.TO)), m.getSubject(), text(m), received);
  }

  private static String text(MimeMessage m) throws MessagingException {
    try {
      Object content = m.getContent();
      if (content instanceof String s) {
        return s;
      }
    } catch (IOException e) {
      // not decodable as text: the raw body below
    }
    try {
      return new String(m.getRawInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> addresses(Address[] addresses) {
    if (addresses == null) {
      return List.of();
    }
    return Arrays.stream(addresses)
        .map(a -> a instanceof InternetAddress ia ? ia.getAddress() : a.toString())
        .map(a -> a.toLowerCase(Locale.ROOT))
        .toList();
  }
}
