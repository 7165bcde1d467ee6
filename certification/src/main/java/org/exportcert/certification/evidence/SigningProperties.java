package org.exportcert.certification.evidence;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code exportcert.signing.*}: the Ed25519 key that signs dossier manifests. In production
 * {@code private-key} (base64 PKCS#8, from the environment); locally a key is generated into
 * {@code key-file} under the data directory on first use.
 */
@ConfigurationProperties(prefix = "exportcert.signing")
public record SigningProperties(String privateKey, Path keyFile) {}
