package org.exportcert.certification.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Signs dossier manifests with Ed25519, so a partner body can tell they came from us unaltered. */
@Component
public class ManifestSigner {

  private final SigningProperties properties;
  private final Path dataDir;
  private volatile KeyPair keys;

  public ManifestSigner(SigningProperties properties, @Value("${exportcert.data-dir:./data}") Path dataDir) {
    this.properties = properties;
    this.dataDir = dataDir;
  }

  /**
   * Loaded on first use, not at start-up: an instance that never signs (API only, read-only file
   * system without a configured key) starts regardless.
   */
  private KeyPair keys() {
    KeyPair k = keys;
    if (k == null) {
      synchronized (this) {
        if (keys == null) {
          keys = load();
        }
        k = keys;
      }
    }
    return k;
  }

  private KeyPair load() {
    try {
      PrivateKey privateKey;
      if (properties.privateKey() != null && !properties.privateKey().isBlank()) {
        privateKey = decode(properties.privateKey().trim());
      } else {
        Path file = properties.keyFile() != null ? properties.keyFile() : dataDir.resolve("signing/manifest-ed25519.key");
        privateKey = loadOrGenerate(file);
      }
      return new KeyPair(publicOf(privateKey), privateKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The manifest signing key is not a usable Ed25519 key", e);
    } catch (UncheckedIOException e) {
      throw new IllegalStateException(
          "No manifest signing key: set exportcert.signing.private-key (EXPORTCERT_SIGNING_PRIVATE_KEY)"
              + " or make the data directory writable", e);
    }
  }

  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys().getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public PublicKey publicKey() {
    return keys().getPublic();
  }

  /** X.509 SubjectPublicKeyInfo, base64: what a partner body configures to verify. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey().getEncoded());
  }

  public static PublicKey decodePublic(String base64) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static PrivateKey decode(String base64) throws GeneralSecurityException {
    String body = base64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static PrivateKey loadOrGenerate(Path file) throws GeneralSecurityException {
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file, StandardCharsets.US_ASCII));
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "key", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's ACL applies
      }
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      Files.move(tmp, file); // fails if another instance wrote one meanwhile: load that
      return pair.getPrivate();
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      return loadOrGenerate(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the signing key " + file, e);
    }
  }

  /**
   * The JDK has no call deriving an Ed25519 public key from the private one; generating the pair
   * again from the private key's own bytes as the "random" seed yields it.
   */
  private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
    byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow();
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
    return g.generateKeyPair().getPublic();
  }

  /** Feeds the given seed to the key generator, so it rebuilds the pair of a known private key. */
  private static final class FixedSeed extends java.security.SecureRandom {
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }

}
