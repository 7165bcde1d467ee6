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
    SpringApplication.run(ExportCertApplication.class, args);
  }
}
