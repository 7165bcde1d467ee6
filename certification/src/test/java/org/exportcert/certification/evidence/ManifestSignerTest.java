package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSignerTest {

  @TempDir Path dir;

  byte[] manifest = "{\"files\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aConfiguredKeyIsUsedAndItsPublicHalfVerifies() throws Exception {
    var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String configured = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
    var signer = new ManifestSigner(new SigningProperties(configured, null), dir);
    byte[] sig = signer.sign(manifest);
    assertThat(ManifestSigner.verify(pair.getPublic(), manifest, sig)).isTrue();
    assertThat(signer.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(Files.exists(dir.resolve("signing"))).isFalse();
  }

  @Test
  void withoutAKeyOneIsGeneratedOnceIntoTheDataDirectoryAndKept() {
    var first = new ManifestSigner(new SigningProperties(null, null), dir);
    assertThat(Files.exists(dir.resolve("signing"))).as("nothing happens before the first use").isFalse();
    byte[] sig = first.sign(manifest);
    var second = new ManifestSigner(new SigningProperties(null, null), dir);
    assertThat(ManifestSigner.verify(second.publicKey(), manifest, sig)).isTrue();
    assertThat(second.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
  }

  @Test
  void anUnwritableDataDirectoryFailsOnlyWhenSigningAndSaysWhatToSet() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    var signer = new ManifestSigner(new SigningProperties(null, null), file);
    assertThatThrownBy(() -> signer.sign(manifest)).hasMessageContaining("EXPORTCERT_SIGNING_PRIVATE_KEY");
  }
}
