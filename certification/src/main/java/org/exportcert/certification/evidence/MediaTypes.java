package org.exportcert.certification.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Tells a file's media type from its content (magic bytes), never from the client's claim.
 * Works on the spooled file, so nothing is held in memory beyond a small head.
 */
public final class MediaTypes {

  public static final String PDF = "application/pdf";
  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";
  public static final String ZIP = "application/zip";
  public static final String DOCX =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  public static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain";

  static final int HEAD = 8192;

  private static final JsonFactory JSON_FACTORY = new JsonFactory();

  private MediaTypes() {}

  /**
   * The type when the head alone settles it (PDF, PNG, JPEG); empty when it takes the whole file
   * (zip-based documents, JSON, text) or the type is none we know.
   */
  public static Optional<String> sniffHeadOnly(byte[] head, int length) {
    if (length >= 5 && startsWith(head, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of(PDF);
    }
    if (length >= 8
        && startsWith(head, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
      return Optional.of(PNG);
    }
    if (length >= 3 && startsWith(head, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
      return Optional.of(JPEG);
    }
    return Optional.empty();
  }

  /** The sniffed type, or empty when the content is none we know. */
  public static Optional<String> sniff(byte[] head, int length, Path file) throws IOException {
    Optional<String> byHead = sniffHeadOnly(head, length);
    if (byHead.isPresent()) {
      return byHead;
    }
    if (length >= 4 && startsWith(head, new byte[] {'P', 'K', 3, 4})) {
      return Optional.of(zipKind(file));
    }
    if (length == 0) {
      return Optional.empty();
    }
    if (!isText(head, length)) {
      return Optional.empty();
    }
    int first = firstNonBlank(head, length);
    if (first >= 0 && (head[first] == '{' || head[first] == '[') && isJson(file)) {
      return Optional.of(JSON);
    }
    return Optional.of(TEXT);
  }

  /**
   * Office Open XML files are zips whose entries name the application. Only the central directory
   * is read, never an entry's content, and a zip bomb is refused from what the directory declares:
   * too many entries, too many inflated bytes in all, or a compression ratio no document has.
   */
  private static String zipKind(Path file) throws IOException {
    String kind = ZIP;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.size() > ArchiveLimits.MAX_ENTRIES) {
        throw ArchiveLimits.refused("it holds more than " + ArchiveLimits.MAX_ENTRIES + " entries");
      }
      long compressedTotal = Math.max(1, Files.size(file));
      long inflatedTotal = 0;
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        long inflated = e.getSize();
        long compressed = e.getCompressedSize();
        if (inflated < 0 || compressed < 0) {
          continue; // sizes not declared: nothing is inflated here, so nothing to bound
        }
        inflatedTotal += inflated;
        if (inflatedTotal > ArchiveLimits.MAX_INFLATED_BYTES) {
          throw ArchiveLimits.refused("it unpacks to more than " + ArchiveLimits.MAX_INFLATED_BYTES + " bytes");
        }
        if (inflated > ArchiveLimits.RATIO_FLOOR_BYTES
            && inflated > ArchiveLimits.MAX_RATIO * Math.max(1, compressed)) {
          throw ArchiveLimits.refused("entry " + e.getName() + " is compressed more than "
              + ArchiveLimits.MAX_RATIO + " to 1");
        }
        if (kind.equals(ZIP) && e.getName().startsWith("word/")) {
          kind = DOCX;
        } else if (kind.equals(ZIP) && e.getName().startsWith("xl/")) {
          kind = XLSX;
        }
      }
      if (inflatedTotal > ArchiveLimits.RATIO_FLOOR_BYTES
          && inflatedTotal > ArchiveLimits.MAX_RATIO * compressedTotal) {
        throw ArchiveLimits.refused("it is compressed more than " + ArchiveLimits.MAX_RATIO + " to 1");
      }
    } catch (java.util.zip.ZipException malformed) {
      // still a zip by its signature; the allowlist decides
      return ZIP;
    }
    return kind;
  }

  private static boolean isJson(Path file) throws IOException {
    try (JsonParser p = JSON_FACTORY.createParser(file.toFile())) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null; // nothing after the one value
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  /** UTF-8 (a cut last character allowed) without control characters other than whitespace. */
  private static boolean isText(byte[] head, int length) {
    int end = length;
    // the head may cut a multi-byte character: drop up to 3 trailing continuation bytes
    for (int i = 0; i < 3 && end > 0 && (head[end - 1] & 0xC0) == 0x80; i++) {
      end--;
    }
    if (end > 0 && (head[end - 1] & 0xC0) == 0xC0) {
      end--;
    }
    try {
      var decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      CharSequence chars = decoder.decode(ByteBuffer.wrap(head, 0, end));
      for (int i = 0; i < chars.length(); i++) {
        char c = chars.charAt(i);
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
          return false;
        }
      }
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static int firstNonBlank(byte[] head, int length) {
    int i = 0;
    // a UTF-8 byte-order mark is allowed before JSON
    if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    for (; i < length; i++) {
      if (!Character.isWhitespace(head[i])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
