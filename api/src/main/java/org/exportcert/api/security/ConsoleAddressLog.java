package org.exportcert.api.security;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says once, when the application is ready, where a newcomer opens the console and finds the users. */
@Component
class ConsoleAddressLog {

  private static final Logger log = LoggerFactory.getLogger(ConsoleAddressLog.class);

  private final Environment env;
  private final Path dataDir;

  ConsoleAddressLog(Environment env, @Value("${exportcert.data-dir:./data}") Path dataDir) {
    this.env = env;
    this.dataDir = dataDir;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ready() {
    String port = env.getProperty("local.server.port");
    if (port == null) {
      return; // no web server (a mock environment)
    }
    log.info(line(env.getProperty("server.address"), port, env.getProperty("server.servlet.context-path", ""),
        dataDir.resolve("secrets").resolve(GeneratedPasswords.FILE_NAME).toAbsolutePath()));
  }

  /** A wildcard or absent bind address is reached as localhost from the machine that runs it. */
  static String line(String address, String port, String contextPath, Path usersFile) {
    String host = address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
        ? "localhost" : address.contains(":") ? "[" + address + "]" : address;
    String path = contextPath == null || contextPath.isBlank() ? "/" : contextPath.replaceAll("/*$", "") + "/";
    return "ExportCert console: http://" + host + ":" + port + path + " — local users in " + usersFile;
  }
}
