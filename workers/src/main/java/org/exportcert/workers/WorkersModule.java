package org.exportcert.workers;

import org.exportcert.certification.CertificationModule;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Imported by the application: every job worker, over the certification domain. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@Import(CertificationModule.class)
public class WorkersModule {}
