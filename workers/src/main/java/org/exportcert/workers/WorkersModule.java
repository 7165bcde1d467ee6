package org.exportcert.workers;

import java.time.Duration;
import org.exportcert.certification.CertificationModule;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/** Imported by the application: every job worker, over the certification domain. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@Import(CertificationModule.class)
public class WorkersModule {

  /** exportcert.workers.retry.* (EXPORTCERT_WORKERS_RETRY_*): how technical failures are retried. */
  @Bean
  JobRetryPolicy jobRetryPolicy(Environment environment) {
    Binder binder = Binder.get(environment);
    JobRetryPolicy defaults = JobRetryPolicy.DEFAULTS;
    JobRetryPolicy policy =
        new JobRetryPolicy(
            binder.bind("exportcert.workers.retry.first-backoff", Duration.class).orElse(defaults.firstBackoff()),
            binder.bind("exportcert.workers.retry.max-backoff", Duration.class).orElse(defaults.maxBackoff()),
            binder.bind("exportcert.workers.retry.transient-attempts", Integer.class).orElse(defaults.transientAttempts()));
    Jobs.use(policy);
    return policy;
  }
}
