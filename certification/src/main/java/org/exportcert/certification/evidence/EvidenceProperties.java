package org.exportcert.certification.evidence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * Evidence rules ({@code exportcert.evidence.*}): how large a file may be, which media types are
 * accepted (as sniffed from content), how long a download link lives, where uploads are spooled.
 */
@ConfigurationProperties(prefix = "exportcert.evidence")
public record EvidenceProperties(
    DataSize maxSize,
    List<String> allowedMediaTypes,
    Duration presignExpiry,
    Path spoolDir,
    DataSize uploadPartSize,
    Integer uploadParallelism) {

  /** For callers that only care about the rules. */
  public EvidenceProperties(DataSize maxSize, List<String> allowedMediaTypes, Duration presignExpiry, Path spoolDir) {
    this(maxSize, allowedMediaTypes, presignExpiry, spoolDir, null, null);
  }

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

  @ConstructorBinding
  public EvidenceProperties {
    maxSize = maxSize == null ? DataSize.ofGigabytes(2) : maxSize;
    allowedMediaTypes =
        allowedMediaTypes == null || allowedMediaTypes.isEmpty()
            ? DEFAULT_MEDIA_TYPES
            : List.copyOf(allowedMediaTypes);
    presignExpiry = presignExpiry == null ? Duration.ofMinutes(5) : presignExpiry;
    spoolDir = spoolDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : spoolDir;
    // each part in flight is one buffer: part size x parallelism bounds the upload's heap
    uploadPartSize = uploadPartSize == null ? DataSize.ofMegabytes(16) : uploadPartSize;
    uploadParallelism = uploadParallelism == null ? 2 : uploadParallelism;
  }
}
