package org.exportcert.engine.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;

/**
 * The engine's document store (Camunda's documents API): content and metadata kept under
 * {@code <data dir>/documents}, or in memory for an in-memory engine. Each document is written to a
 * temporary file, fsync'd and renamed into place, content before metadata, so a crash leaves either
 * the whole document or none (the metadata file is what makes a document exist). Documents are not
 * part of the command journal: they are bytes, not engine state, and replay needs none of them.
 */
public final class DocumentStore {

  /** The id this engine's single store answers to ({@code storeId}). */
  public static final String STORE_ID = "local";
  /** Camunda's default link lifetime: one hour. */
  public static final long DEFAULT_LINK_TTL_MS = 3_600_000;
  /** Links live at most seven days. */
  public static final long MAX_LINK_TTL_MS = 7L * 24 * 3_600_000;

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One stored document: its metadata as answered, the hash and the links handed out. */
  private record Stored(String documentId, String contentHash, ObjectNode metadata, Map<String, Long> links) {}

  private final Path directory;
  private final long maxBytes;
  private final Map<String, Stored> documents = new HashMap<>();
  private final Map<String, byte[]> contentInMemory = new HashMap<>();
  /** Link token -> document id. */
  private final Map<String, String> linkIndex = new HashMap<>();

  /**
   * @param dataDirectory the engine's data directory; null keeps documents in memory
   * @param maxBytes the largest document accepted
   */
  public DocumentStore(Path dataDirectory, long maxBytes) {
    this.maxBytes = maxBytes;
    this.directory = dataDirectory == null ? null : dataDirectory.resolve("documents");
    if (directory != null) {
      load();
    }
  }

  public long maxBytes() {
    return maxBytes;
  }

  // ---------------------------------------------------------------- commands

  /**
   * Stores a document and answers its reference (Camunda's {@code DocumentReference}).
   *
   * @param documentId the caller's id, or null for a generated one
   * @param metadata the caller's metadata (may be empty); {@code fileName} and {@code contentType}
   *     fall back to the multipart part's
   */
  public synchronized ObjectNode create(String storeId, String documentId, byte[] content, JsonNode metadata,
      String partFileName, String partContentType) {
    checkStore(storeId);
    if (content.length > maxBytes) {
      throw new EngineException(413, "PAYLOAD_TOO_LARGE",
          "Expected a document of at most " + maxBytes + " bytes, but it has " + content.length + " bytes");
    }
    String id = documentId == null || documentId.isBlank() ? UUID.randomUUID().toString() : documentId;
    if (!SAFE_ID.matcher(id).matches()) {
      throw EngineException.invalidArgument(
          "Expected a document id of 1 to 128 letters, digits, '.', '_' or '-' (not starting with a sign), but got '" + id + "'");
    }
    if (documents.containsKey(id)) {
      throw new EngineException(409, "ALREADY_EXISTS", "A document with id '" + id + "' already exists");
    }
    ObjectNode meta = metadata(metadata, content.length, partFileName, partContentType);
    Stored stored = new Stored(id, sha256(content), meta, new HashMap<>());
    if (directory == null) {
      contentInMemory.put(id, content.clone());
    } else {
      writeAtomically(directory.resolve(id + ".bin"), content);
      writeMetadata(stored);
    }
    documents.put(id, stored);
    return reference(stored);
  }

  /** The content of a live document; a given content hash must match. */
  public synchronized Content read(String storeId, String documentId, String contentHash, long now) {
    checkStore(storeId);
    Stored stored = live(documentId, now);
    if (contentHash != null && !contentHash.isBlank() && !contentHash.equals(stored.contentHash())) {
      throw EngineException.notFound("No document with id '" + documentId + "' and content hash '" + contentHash + "' found");
    }
    return new Content(bytes(stored), stored.metadata().path("contentType").asText("application/octet-stream"),
        stored.metadata().path("fileName").asText(documentId));
  }

  /** A document's bytes and how to name them. */
  public record Content(byte[] bytes, String contentType, String fileName) {}

  public synchronized void delete(String storeId, String documentId) {
    checkStore(storeId);
    Stored stored = documents.get(documentId);
    if (stored == null) {
      throw notFound(documentId);
    }
    if (directory != null) {
      try {
        Files.deleteIfExists(directory.resolve(documentId + ".json")); // the document ceases to exist here
        Files.deleteIfExists(directory.resolve(documentId + ".bin"));
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete document " + documentId, e);
      }
    }
    documents.remove(documentId);
    contentInMemory.remove(documentId);
    stored.links().keySet().forEach(linkIndex::remove);
  }

  /**
   * Creates a link that downloads the document without credentials until it expires: an
   * unguessable token (256 random bits) kept with the document's metadata.
   *
   * @return the token and its expiry (epoch millis)
   */
  public synchronized Link createLink(String storeId, String documentId, String contentHash, Long timeToLive, long now) {
    checkStore(storeId);
    Stored stored = live(documentId, now);
    if (contentHash != null && !contentHash.isBlank() && !contentHash.equals(stored.contentHash())) {
      throw EngineException.notFound("No document with id '" + documentId + "' and content hash '" + contentHash + "' found");
    }
    long ttl = timeToLive == null || timeToLive == 0 ? DEFAULT_LINK_TTL_MS : timeToLive;
    if (ttl < 0 || ttl > MAX_LINK_TTL_MS) {
      throw EngineException.invalidArgument("Expected timeToLive between 1 and " + MAX_LINK_TTL_MS + " ms, but was " + ttl);
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    long expiresAt = now + ttl;
    stored.links().values().removeIf(expiry -> expiry <= now);
    stored.links().put(token, expiresAt);
    if (directory != null) {
      writeMetadata(stored);
    }
    linkIndex.put(token, documentId);
    return new Link(token, expiresAt);
  }

  public record Link(String token, long expiresAt) {}

  /** The content behind a link token, while the link and the document live. */
  public synchronized Content readByLink(String token, long now) {
    String documentId = linkIndex.get(token);
    Stored stored = documentId == null ? null : documents.get(documentId);
    Long expiresAt = stored == null ? null : stored.links().get(token);
    if (expiresAt == null || expiresAt <= now) {
      throw EngineException.notFound("The document link does not exist or has expired");
    }
    return read(null, documentId, null, now);
  }

  // ---------------------------------------------------------------- shapes and checks

  private static void checkStore(String storeId) {
    if (storeId != null && !storeId.isBlank() && !STORE_ID.equals(storeId)) {
      throw EngineException.invalidArgument("Document store with id '" + storeId + "' does not exist; this engine has one store, '" + STORE_ID + "'");
    }
  }

  private Stored live(String documentId, long now) {
    Stored stored = documents.get(documentId);
    if (stored == null) {
      throw notFound(documentId);
    }
    String expiresAt = stored.metadata().path("expiresAt").asText(null);
    if (expiresAt != null && !expiresAt.isBlank() && Instant.parse(expiresAt).toEpochMilli() <= now) {
      throw EngineException.notFound("The document with id '" + documentId + "' expired at " + expiresAt);
    }
    return stored;
  }

  private static EngineException notFound(String documentId) {
    return EngineException.notFound("Document with id '" + documentId + "' not found");
  }

  private static ObjectNode metadata(JsonNode given, long size, String partFileName, String partContentType) {
    ObjectNode meta = Json.object();
    JsonNode source = given == null || !given.isObject() ? Json.object() : given;
    String fileName = text(source, "fileName") != null ? text(source, "fileName") : partFileName;
    String contentType = text(source, "contentType");
    boolean generic = partContentType == null || partContentType.isBlank()
        || partContentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/octet-stream");
    // a client that says nothing sends application/octet-stream: the file name tells more
    meta.put("contentType", contentType != null ? contentType : generic ? guessType(fileName) : partContentType);
    meta.put("fileName", fileName);
    String expiresAt = text(source, "expiresAt");
    if (expiresAt != null) {
      try {
        meta.put("expiresAt", java.time.OffsetDateTime.parse(expiresAt).toInstant().toString());
      } catch (java.time.format.DateTimeParseException e) {
        throw EngineException.invalidArgument("Expected expiresAt to be an ISO 8601 date-time with offset, but was '" + expiresAt + "'");
      }
    } else {
      meta.putNull("expiresAt");
    }
    meta.put("size", size);
    meta.put("processDefinitionId", text(source, "processDefinitionId"));
    JsonNode instance = source.get("processInstanceKey");
    meta.put("processInstanceKey", instance == null || instance.isNull() ? null : instance.asText());
    JsonNode custom = source.get("customProperties");
    if (custom != null && !custom.isNull() && !custom.isObject()) {
      throw EngineException.invalidArgument("Expected customProperties to be an object");
    }
    meta.set("customProperties", custom == null || custom.isNull() ? Json.object() : custom);
    return meta;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** A content type from the file name when the caller gave none. */
  static String guessType(String fileName) {
    String guessed = fileName == null ? null : java.net.URLConnection.guessContentTypeFromName(fileName);
    if (guessed == null && fileName != null) {
      String lower = fileName.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".md")) {
        guessed = "text/markdown";
      } else if (lower.endsWith(".json")) {
        guessed = "application/json";
      } else if (lower.endsWith(".pdf")) {
        guessed = "application/pdf";
      }
    }
    return guessed == null ? "application/octet-stream" : guessed;
  }

  private static ObjectNode reference(Stored stored) {
    ObjectNode node = Json.object();
    node.put("camunda.document.type", "camunda");
    node.put("storeId", STORE_ID);
    node.put("documentId", stored.documentId());
    node.put("contentHash", stored.contentHash());
    node.set("metadata", stored.metadata().deepCopy());
    return node;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- files

  private byte[] bytes(Stored stored) {
    if (directory == null) {
      return contentInMemory.get(stored.documentId());
    }
    try {
      return Files.readAllBytes(directory.resolve(stored.documentId() + ".bin"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read document " + stored.documentId(), e);
    }
  }

  private void writeMetadata(Stored stored) {
    ObjectNode file = Json.object();
    file.put("documentId", stored.documentId());
    file.put("contentHash", stored.contentHash());
    file.set("metadata", stored.metadata());
    ArrayNode links = file.putArray("links");
    stored.links().forEach((token, expiry) -> links.addObject().put("token", token).put("expiresAt", expiry));
    writeAtomically(directory.resolve(stored.documentId() + ".json"), Json.write(file).getBytes(StandardCharsets.UTF_8));
  }

  private void writeAtomically(Path target, byte[] bytes) {
    try {
      Files.createDirectories(directory);
      Path temporary = directory.resolve(target.getFileName() + ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true); // the rename itself is durable
      } catch (IOException ignored) {
        // some file systems cannot fsync a directory; the rename is still atomic
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target, e);
    }
  }

  /** Reads every complete document (a metadata file) back; leftovers of a crash are removed. */
  private void load() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
        Path file = it.next();
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.deleteIfExists(file);
        } else if (name.endsWith(".json")) {
          JsonNode node = Json.read(Files.readString(file));
          Map<String, Long> links = new HashMap<>();
          node.path("links").forEach(l -> links.put(l.path("token").asText(), l.path("expiresAt").asLong()));
          Stored stored = new Stored(node.path("documentId").asText(), node.path("contentHash").asText(),
              (ObjectNode) node.path("metadata"), links);
          documents.put(stored.documentId(), stored);
          links.keySet().forEach(token -> linkIndex.put(token, stored.documentId()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the documents in " + directory, e);
    }
    // content whose metadata never got written (crash in between) is no document
    try (Stream<Path> files = Files.list(directory)) {
      for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
        Path file = it.next();
        String name = file.getFileName().toString();
        if (name.endsWith(".bin") && !documents.containsKey(name.substring(0, name.length() - 4))) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the documents in " + directory, e);
    }
  }
}
