package org.exportcert.api.testing;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

/** Multipart request bodies for the full-stack tests, which send files as a browser does. */
public final class MultipartBodies {

  private MultipartBodies() {}

  /** One part named {@code part} per file, given as name, bytes, name, bytes, … */
  public static HttpEntity<LinkedMultiValueMap<String, Object>> files(String part, Object... nameAndContent) {
    LinkedMultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    for (int i = 0; i < nameAndContent.length; i += 2) {
      String name = (String) nameAndContent[i];
      body.add(part, new ByteArrayResource((byte[]) nameAndContent[i + 1]) {
        @Override
        public String getFilename() {
          return name;
        }
      });
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return new HttpEntity<>(body, headers);
  }
}
