package org.exportcert.certification.evidence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Evidence rules ({@code exportcert.evidence.*}): how large a file may be, which media types are
 * accepted (as sniffed from content), how long a download link lives, where uploads are spooled.
 */
@ConfigurationProperties(prefix = "exportcert.evidence")
public record EvidenceProperties(
    DataSize maxSize, List<String> allowedMediaTypes, Duration presignExpiry, Path spoolDir) {

  public static final List<String> DEFAULT_MEDIA_TYPES =
      List.of(
          MediaTypes.PDF,
          MediaTypes.PNG,
          MediaTypes.JPEG,
          MediaTypes.ZIP,
          MediaTypes.DOCX,
          MediaTypes.XLSX,
          MediaTypes.JSON,
          MediaTypes.TEXT);

  public EvidenceProperties {
    maxSize = maxSize == null ? DataSize.ofGigabytes(2) : maxSize;
    allowedMediaTypes =
        allowedMediaTypes == null || allowedMediaTypes.isEmpty()
            ? DEFAULT_MEDIA_TYPES
            : List.copyOf(allowedMediaTypes);
    presignExpiry = presignExpiry == null ? Duration.ofMinutes(5) : presignExpiry;
    spoolDir = spoolDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : spoolDir;
  }
}
