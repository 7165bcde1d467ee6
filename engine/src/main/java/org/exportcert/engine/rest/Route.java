package org.exportcert.engine.rest;

import java.util.regex.Pattern;

/**
 * An endpoint. Its literal prefix and number of path segments are checked before its pattern:
 * matching each request against every pattern in turn was a tenth of the request threads' time
 * (JFR, docs/benchmarks.md).
 */
record Route(String method, Pattern pattern, String prefix, int slashes, boolean multipart, RestApi.Handler handler) {

  static Route of(String method, String path, boolean multipart, RestApi.Handler handler) {
    int open = path.indexOf('{');
    return new Route(method, Pattern.compile(path.replace("{key}", "([^/]+)")),
        open < 0 ? path : path.substring(0, open), slashes(path), multipart, handler);
  }

  boolean mayMatch(String path, int pathSlashes) {
    return pathSlashes == slashes && path.startsWith(prefix);
  }

  static int slashes(String path) {
    int count = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    return count;
  }
}
