package org.exportcert.certification;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A zip archive from the object store (a dossier), read back as a partner would. */
public final class StoredZips {

  private StoredZips() {}

  /** Every entry of the archive at {@code key}, by its name. */
  public static Map<String, byte[]> entries(MinioClient s3, String bucket, String key) throws Exception {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    }
    return entries;
  }
}
