package org.exportcert.api.error;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error pages (a malformed path such as {@code %2F} or {@code %00}, a request refused
 * before it reaches Spring) as {@code application/problem+json} instead of Tomcat's HTML, with no
 * server details. Errors that reach Spring are written by the error controller and advice; this
 * valve only fills a response nothing was written to.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  public ProblemErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body(status));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response was taken: nothing more to say
    }
  }

  static String body(int status) {
    String slug = ApiExceptionHandler.typeFor(status).toString();
    String title = status >= 500 ? "Internal error" : status == 404 ? "Not found" : "Bad request";
    String detail = status >= 500
        ? "Something went wrong on our side."
        : "The request could not be understood (malformed path, header or body).";
    return "{\"type\":\"" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\"}";
  }

}
