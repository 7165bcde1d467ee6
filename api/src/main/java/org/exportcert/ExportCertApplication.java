package org.exportcert;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * ExportCert: REST API, web console and job workers in one application. With nothing external
 * configured it brings up its own PostgreSQL, S3 server and engine (see {@code LocalStackStarter}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExportCertApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("restore")) {
      // restores a backup into an empty data directory; the application is not started
      org.exportcert.api.localstack.backup.RestoreCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    SpringApplication.run(ExportCertApplication.class, args);
  }
}
