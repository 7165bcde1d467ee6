package org.exportcert.certification.notification;

import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Picks the mail gateway: SMTP when configured (spring.mail.*, SPRING_MAIL_HOST and so on), the
 * log otherwise; {@code exportcert.notifications.sender=smtp} makes a missing mail server an
 * error at start instead of a silent fallback.
 */
@Configuration(proxyBeanMethods = false)
public class MailGateways {

  private static final Logger log = LoggerFactory.getLogger(MailGateways.class);

  @Bean
  MailGateway mailGateway(NotificationProperties properties, ObjectProvider<JavaMailSender> smtp) {
    boolean auto = "auto".equalsIgnoreCase(properties.sender());
    if ("smtp".equalsIgnoreCase(properties.sender()) || (auto && smtp.getIfAvailable() != null)) {
      JavaMailSender sender =
          smtp.getIfAvailable(
              () -> {
                throw new IllegalStateException(
                    "exportcert.notifications.sender=smtp needs spring.mail.host");
              });
      return (messageId, to, subject, body) -> {
        MimeMessage mime = sender.createMimeMessage();
        var helper = new MimeMessageHelper(mime, "UTF-8");
        helper.setFrom(properties.from());
        helper.setTo(to);
        helper.setSubject(subject);
        helper.setText(body);
        mime.saveChanges();
        mime.setHeader("Message-ID", "<" + messageId + "@exportcert>");
        sender.send(mime);
      };
    }
    log.warn("No mail server configured (SPRING_MAIL_HOST): notifications are written to the log only");
    // The mail is logged (recipient masked: personal data stays out of logs).
    return (messageId, to, subject, body) ->
        log.info("MAIL {} to {}: {}\n{}", messageId, mask(to), subject, body);
  }

  static String mask(String address) {
    int at = address == null ? -1 : address.indexOf('@');
    return at <= 1 ? "***" : address.charAt(0) + "***" + address.substring(at);
  }
}
