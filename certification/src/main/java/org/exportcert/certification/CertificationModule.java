package org.exportcert.certification;

import java.time.Clock;
import org.exportcert.certification.casefile.StaffProperties;
import org.exportcert.certification.documentreview.DocumentRequirements;
import org.exportcert.certification.eligibility.SchemeCatalog;
import org.exportcert.certification.evidence.EvidenceProperties;
import org.exportcert.certification.evidence.SigningProperties;
import org.exportcert.certification.notification.NotificationProperties;
import org.exportcert.certification.outbox.OutboxProperties;
import org.exportcert.certification.recognition.PartnerProperties;
import org.exportcert.certification.registry.CertificateProperties;
import org.exportcert.certification.testing.TestingProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Imported by the application: the domain's entities, repositories and services, their settings
 * ({@code exportcert.*}), and the scheduled outbox dispatcher.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EntityScan
@EnableJpaRepositories
@EnableScheduling
@EnableConfigurationProperties({
  EvidenceProperties.class,
  SigningProperties.class,
  OutboxProperties.class,
  NotificationProperties.class,
  StaffProperties.class,
  DocumentRequirements.class,
  TestingProperties.class,
  CertificateProperties.class,
  PartnerProperties.class,
  SchemeCatalog.class
})
public class CertificationModule {

  /** Tests replace it to move time (deadlines, expiry) without sleeping. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
