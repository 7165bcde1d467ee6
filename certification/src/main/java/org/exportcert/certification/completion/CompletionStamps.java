package org.exportcert.certification.completion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs the user-task completions ExportCert performs, so that a worker recording an outcome can
 * tell them from a completion made anywhere else (the engine's port, Tasklist, zbctl), which
 * passed none of ExportCert's impartiality checks.
 *
 * <p>The stamp is a process variable: an HMAC-SHA256, keyed by a secret only ExportCert holds,
 * over the task key, its process instance and element, the person who completed it and a digest
 * of the variables the completion set.
 */
@Component
public class CompletionStamps {

  /** The process variable that carries the stamp of the last completion. */
  public static final String VARIABLE = "completionStamp";

  /** Custom header on a recording service task: the user task whose stamp it requires. */
  public static final String HEADER = "stampedUserTask";

  /** The shared secret (env EXPORTCERT_COMPLETION_STAMP_SECRET); API and workers need the same. */
  public static final String SECRET_PROPERTY = "exportcert.completion-stamp.secret";

  private static final String VERSION = "1";
  private static final String MAC = "HmacSHA256";

  private final ObjectMapper json = new ObjectMapper();
  private final String configuredSecret;
  private final Path keyFile;
  private volatile byte[] key;

  public CompletionStamps(
      @Value("${" + SECRET_PROPERTY + ":}") String configuredSecret,
      @Value("${exportcert.data-dir:./data}") Path dataDir) {
    this.configuredSecret = configuredSecret;
    this.keyFile = dataDir.resolve("secrets").resolve("completion-stamp.key");
  }

  /** What a verified stamp vouches for. */
  public record Stamped(long taskKey, String person) {}

  /** A completion without a valid stamp: it did not go through ExportCert. */
  public static class StampRejected extends RuntimeException {
    public StampRejected(String message) {
      super(message);
    }
  }

  /**
   * @param variables the completion's variables (without a stamp)
   * @return the stamp to add to the completion's variables under {@link #VARIABLE}
   */
  public Map<String, Object> stamp(
      long taskKey, long processInstanceKey, String elementId, String person, Map<String, Object> variables) {
    List<String> names = new ArrayList<>(new TreeMap<>(variables).keySet());
    names.remove(VARIABLE);
    String digest = digest(names, variables);
    Map<String, Object> stamp = new LinkedHashMap<>();
    stamp.put("v", VERSION);
    stamp.put("taskKey", String.valueOf(taskKey));
    stamp.put("elementId", elementId);
    stamp.put("person", person);
    stamp.put("names", names);
    stamp.put("digest", digest);
    stamp.put("signature", sign(taskKey, processInstanceKey, elementId, person, digest));
    return stamp;
  }

  /**
   * Checks the stamp among a job's variables against the process instance the job belongs to and
   * the user task the recording step requires.
   *
   * @throws StampRejected no stamp, a stamp of another task or instance, altered variables, or a
   *     signature not made with ExportCert's secret
   */
  public Stamped verify(Map<String, Object> variables, long processInstanceKey, String expectedElementId) {
    if (expectedElementId == null || expectedElementId.isBlank()) {
      throw new StampRejected("the model does not name the user task whose completion this step records (header "
          + HEADER + ")");
    }
    if (!(variables.get(VARIABLE) instanceof Map<?, ?> stamp)) {
      throw new StampRejected(expectedElementId + " was completed outside ExportCert (no completion stamp)");
    }
    String person = text(stamp, "person");
    String elementId = text(stamp, "elementId");
    String digest = text(stamp, "digest");
    String signature = text(stamp, "signature");
    long taskKey;
    try {
      taskKey = Long.parseLong(text(stamp, "taskKey"));
    } catch (NumberFormatException e) {
      throw new StampRejected("the completion stamp is malformed (taskKey)");
    }
    if (!VERSION.equals(text(stamp, "v")) || person.isEmpty() || !(stamp.get("names") instanceof List<?> rawNames)) {
      throw new StampRejected("the completion stamp is malformed");
    }
    if (!expectedElementId.equals(elementId)) {
      throw new StampRejected("the completion stamp is for " + elementId + ", not " + expectedElementId
          + ": " + expectedElementId + " was completed outside ExportCert");
    }
    byte[] expected = sign(taskKey, processInstanceKey, elementId, person, digest).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new StampRejected("the completion stamp of task " + taskKey + " is not valid for this process instance");
    }
    List<String> names = rawNames.stream().map(String::valueOf).toList();
    if (!digest.equals(digest(names, variables))) {
      throw new StampRejected("the outcome of task " + taskKey + " was changed after " + person + " completed it");
    }
    return new Stamped(taskKey, person);
  }

  private static String text(Map<?, ?> stamp, String field) {
    Object v = stamp.get(field);
    return v == null ? "" : String.valueOf(v);
  }

  private String sign(long taskKey, long processInstanceKey, String elementId, String person, String digest) {
    try {
      // a JSON array: unambiguous however the parts are spelled
      String message = json.writeValueAsString(
          List.of(VERSION, String.valueOf(taskKey), String.valueOf(processInstanceKey), elementId, person, digest));
      Mac mac = Mac.getInstance(MAC);
      mac.init(new SecretKeySpec(key(), MAC));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException | JsonProcessingException e) {
      throw new IllegalStateException("Cannot compute a completion stamp", e);
    }
  }

  /** SHA-256 of the named variables in canonical JSON (sorted keys, numbers by value). */
  private String digest(List<String> names, Map<String, Object> variables) {
    StringBuilder canonical = new StringBuilder("{");
    for (String name : new java.util.TreeSet<>(names)) {
      if (canonical.length() > 1) {
        canonical.append(',');
      }
      canonical.append(CanonicalJson.quote(name)).append(':');
      CanonicalJson.append(canonical, json.valueToTree(variables.get(name)));
    }
    canonical.append('}');
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] key() {
    byte[] k = key;
    if (k == null) {
      synchronized (this) {
        if (key == null) {
          key = configuredSecret != null && !configuredSecret.isBlank()
              ? configuredSecret.trim().getBytes(StandardCharsets.UTF_8)
              : loadOrGenerate(keyFile);
        }
        k = key;
      }
    }
    return k;
  }

  /** A local default: a random secret in the data directory, readable by its owner only. */
  static byte[] loadOrGenerate(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, secret, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
          // another process of this installation made it first: use theirs
        }
      }
      String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (secret.length() < 32) {
        throw new IllegalStateException("The completion stamp secret in " + file + " is missing or too short");
      }
      return secret.getBytes(StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No completion stamp secret: set exportcert.completion-stamp.secret"
              + " (EXPORTCERT_COMPLETION_STAMP_SECRET) or make the data directory writable", e);
    }
  }

  /** Canonical JSON text of a tree, so the API's and the worker's view of a value digest alike. */
  static final class CanonicalJson {
    private CanonicalJson() {}

    static void append(StringBuilder out, JsonNode node) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        out.append("null");
      } else if (node.isObject()) {
        out.append('{');
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        boolean first = true;
        for (var e : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          out.append(quote(e.getKey())).append(':');
          append(out, e.getValue());
        }
        out.append('}');
      } else if (node.isArray()) {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, node.get(i));
        }
        out.append(']');
      } else if (node.isNumber()) {
        // 3, 3L and 3.0 are one value once they have been through the engine's JSON
        out.append(node.decimalValue().stripTrailingZeros().toPlainString());
      } else if (node.isBoolean()) {
        out.append(node.booleanValue());
      } else {
        out.append(quote(node.asText()));
      }
    }

    static String quote(String s) {
      try {
        return new ObjectMapper().writeValueAsString(s);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
