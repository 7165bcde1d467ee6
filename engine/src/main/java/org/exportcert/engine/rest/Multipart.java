package org.exportcert.engine.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.exportcert.engine.runtime.EngineException;

/** Minimal multipart/form-data reader for deployments (repeated part {@code resources}) and documents. */
final class Multipart {

  /** A part: its form name, file name, headers (lower-case names) and bytes. */
  record Part(String name, String filename, Map<String, String> headers, byte[] content) {
    String header(String lowerCaseName) {
      return headers.get(lowerCaseName);
    }
  }

  private Multipart() {}

  static List<Part> parse(String contentType, byte[] body) {
    String boundary = null;
    if (contentType != null) {
      for (String param : contentType.split(";")) {
        String p = param.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
          boundary = p.substring("boundary=".length()).replace("\"", "");
        }
      }
    }
    if (boundary == null) {
      throw EngineException.invalidArgument("expected a multipart/form-data request with a boundary");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int position = indexOf(body, delimiter, 0);
    while (position >= 0) {
      int start = position + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // closing delimiter
      }
      start = skipLineBreak(body, start);
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        break;
      }
      int end = next;
      if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
        end -= 2;
      } else if (end >= 1 && body[end - 1] == '\n') {
        end -= 1;
      }
      parts.add(readPart(Arrays.copyOfRange(body, start, end)));
      position = next;
    }
    return parts;
  }

  private static int skipLineBreak(byte[] body, int index) {
    if (index < body.length && body[index] == '\r') {
      index++;
    }
    if (index < body.length && body[index] == '\n') {
      index++;
    }
    return index;
  }

  private static Part readPart(byte[] part) {
    int split = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    int bodyStart = split + 4;
    if (split < 0) {
      split = indexOf(part, "\n\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      bodyStart = split + 2;
    }
    if (split < 0) {
      throw EngineException.invalidArgument("malformed multipart part");
    }
    String headers = new String(part, 0, split, StandardCharsets.UTF_8);
    String name = null;
    String filename = null;
    Map<String, String> headerMap = new HashMap<>();
    for (String line : headers.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headerMap.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
        name = param(line, "name");
        filename = param(line, "filename");
      }
    }
    return new Part(name, filename, headerMap, Arrays.copyOfRange(part, bodyStart, part.length));
  }

  private static String param(String line, String key) {
    for (String piece : line.split(";")) {
      String p = piece.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith(key + "=")) {
        String value = p.substring(key.length() + 1).trim();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
