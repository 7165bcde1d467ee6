package org.exportcert.certification.notification;

import org.exportcert.certification.outbox.OutboxMessage;
import org.exportcert.certification.outbox.OutboxSender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbox channels delivered as mail. */
@Configuration(proxyBeanMethods = false)
public class MailOutboxSenders {

  @Bean
  OutboxSender applicantNotificationSender(MailGateway mail) {
    return sender(OutboxMessage.Channel.APPLICANT_NOTIFICATION, mail);
  }

  @Bean
  OutboxSender labRequestSender(MailGateway mail) {
    return sender(OutboxMessage.Channel.LAB_REQUEST, mail);
  }

  private static OutboxSender sender(OutboxMessage.Channel channel, MailGateway mail) {
    return new OutboxSender() {
      @Override
      public OutboxMessage.Channel channel() {
        return channel;
      }

      @Override
      public void send(OutboxMessage m) throws Exception {
        mail.send(m.getIdempotencyKey(), m.getDestination(), m.getSubject(), m.getPayload());
      }
    };
  }
}
