package org.exportcert.api.error;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Errors raised below Spring MVC (the security firewall, Tomcat itself) as problem+json too. */
@Configuration(proxyBeanMethods = false)
class ErrorResponsesConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ErrorResponsesConfiguration.class);

  /** A firewall refusal answered here, not left to the container as a 500. */
  @Bean
  static RequestRejectedHandler problemOnRejectedRequest(ProblemWriter problems, MessageSource messages) {
    return (request, response, rejected) -> {
      log.info("Refused a malformed request: {}", rejected.getMessage());
      response.resetBuffer();
      var locale = LocaleContextHolder.getLocale();
      problems.write(request, response, ProblemWriter.problem(HttpStatus.BAD_REQUEST,
          ProblemTypes.MALFORMED_REQUEST,
          messages.getMessage("problem.malformed-request.title", null, "Malformed request", locale),
          messages.getMessage("problem.malformed-request.firewall.detail", null,
              "The request path or headers are malformed (encoded line breaks, NUL, '..' or similar).",
              locale)));
    };
  }

  /** Tomcat's error reports as problem+json: our valve in place of the HTML one. */
  @Bean
  static WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
            host.getPipeline().removeValve(valve);
          }
        }
      }
    });
  }
}
